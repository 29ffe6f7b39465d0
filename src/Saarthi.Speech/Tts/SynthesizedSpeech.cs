using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Tts;

/// <summary>Synthesized audio: 16-bit mono PCM samples at <paramref name="SampleRate"/>.</summary>
/// <param name="Samples">Signed 16-bit mono samples.</param>
/// <param name="SampleRate">Samples per second (22050 for espeak-ng).</param>
public sealed record SynthesizedSpeech(short[] Samples, int SampleRate)
{
    /// <summary>Mono, 16-bit, at <see cref="SampleRate"/>.</summary>
    public AudioFormat Format => new(SampleRate, 1, 16);

    /// <summary>Length of the audio.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / (double)SampleRate);
}
