using Saarthi.Speech.Audio;
using Saarthi.Native.Interop.Whisper;
using Saarthi.TestSupport;

namespace Saarthi.Speech.Tests.Stt;

/// <summary>
/// A generated random-weight whisper model (multilingual, f16) shared by a test class, and test audio. Text context 64:
/// random weights stop each 30 s window at 28 tokens, so a transcription costs ~0.1 s on one thread.
/// </summary>
public sealed class WhisperSttFixture : IDisposable
{
    private readonly TempWhisperModel model = new(new TinyWhisperSpec { TextContext = 64 }, "ggml-random-test.bin");

    public string ModelPath => model.Path;

    public string Directory => model.Directory;

    /// <summary>A deterministic voiced babble (warbling harmonics at ~4 syllables/s plus a little noise) at <paramref name="rate"/>.</summary>
    public static AudioFrame Babble(double seconds, int rate = 16000, int channels = 1, int seed = 7)
    {
        var random = new Random(seed);
        var frames = (int)(seconds * rate);
        var samples = new short[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / rate;
            var envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * t));
            var pitch = 140 + (30 * Math.Sin(2 * Math.PI * 0.7 * t));
            var voice = Math.Sin(2 * Math.PI * pitch * t) + (0.5 * Math.Sin(2 * Math.PI * 2.1 * pitch * t));
            var value = (short)Math.Round(32767 * ((0.25 * envelope * voice / 1.5) + (0.01 * ((random.NextDouble() * 2) - 1))));
            for (var c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = value;
            }
        }

        return new AudioFrame(new AudioFormat(rate, channels, 16), samples, TimeSpan.Zero);
    }

    public void Dispose() => model.Dispose();
}

/// <summary>The NATIVE.md-sized test model (text context 448): every 30 s window decodes to 220 tokens (~0.3 s), long enough to interrupt.</summary>
public sealed class WhisperSttLongDecodeFixture : IDisposable
{
    private readonly TempWhisperModel model = new(fileName: "ggml-random-long.bin");

    public string ModelPath => model.Path;

    public void Dispose() => model.Dispose();
}
