namespace Saarthi.Native.Tests.Interop;

/// <summary>Deterministic 16 kHz test signals for whisper (a speech-like chirp with noise; no recordings needed).</summary>
internal static class WhisperTestAudio
{
    public const int SampleRate = 16000;

    /// <summary><paramref name="seconds"/> of a warbling tone with syllable-like bursts and a little noise, in [-1, 1].</summary>
    public static float[] Babble(double seconds, int seed = 7)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * SampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / SampleRate;
            var envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * t)); // ~4 syllables per second
            var pitch = 140 + (30 * Math.Sin(2 * Math.PI * 0.7 * t));
            var voice = Math.Sin(2 * Math.PI * pitch * t) + (0.5 * Math.Sin(2 * Math.PI * 2.1 * pitch * t)) + (0.25 * Math.Sin(2 * Math.PI * 3.3 * pitch * t));
            samples[i] = (float)((0.25 * envelope * voice / 1.75) + (0.01 * ((random.NextDouble() * 2) - 1)));
        }

        return samples;
    }
}
