using System.Runtime.CompilerServices;
using Saarthi.Native.Interop.SherpaOnnx;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Text;

namespace Saarthi.Speech.Tts;

/// <summary>
/// A neural Piper/VITS voice through sherpa-onnx, for the one language it was trained on. Like
/// <see cref="EspeakTextToSpeech"/>, each sentence is normalised for speech and synthesised on its own, so the first
/// sentence can play while the rest is being made; audio comes out 16-bit mono at the requested rate (the model's
/// own rate, usually 22050 Hz, when none is asked for).
/// </summary>
public sealed class SherpaOnnxTextToSpeech : ITextToSpeech
{
    private readonly VitsVoice _voice;
    private readonly float _speed;
    private readonly int _speakerId;

    /// <param name="voice">The loaded voice; disposed with this object.</param>
    /// <param name="outputSampleRate">Rate of the frames yielded; null keeps the model's rate.</param>
    /// <param name="ratePercent">Speaking rate relative to the voice's own (100); "speak slowly" uses about 75.</param>
    /// <param name="speakerId">Speaker of a multi-speaker voice.</param>
    public SherpaOnnxTextToSpeech(VitsVoice voice, int? outputSampleRate = null, int ratePercent = 100, int speakerId = 0)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePercent, 25);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratePercent, 400);
        ArgumentOutOfRangeException.ThrowIfNegative(speakerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(speakerId, Math.Max(1, voice.Speakers));
        if (outputSampleRate is { } rate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(rate, 4000, nameof(outputSampleRate));
        }

        _voice = voice;
        _speed = ratePercent / 100f;
        _speakerId = speakerId;
        SampleRate = outputSampleRate ?? voice.SampleRate;
        Language = LanguageOf(voice.Info);
        Engine = $"piper:{Path.GetFileNameWithoutExtension(voice.Settings.ModelPath)}@{voice.SampleRate}Hz";
    }

    /// <summary>The ISO 639-1 code of the voice's language, from its espeak-ng voice (<c>en-us</c> → <c>en</c>).</summary>
    public string Language { get; }

    /// <summary>The voice's model file.</summary>
    public string ModelPath => _voice.Settings.ModelPath;

    /// <summary>The rate of the frames this yields.</summary>
    public int SampleRate { get; }

    public string Engine { get; }

    /// <summary>
    /// Loads the voice described by <paramref name="settings"/>.
    /// </summary>
    /// <exception cref="SherpaOnnxException">The voice's files are missing or not a voice sherpa-onnx can run (code −2), or sherpa-onnx refused it (−1).</exception>
    /// <exception cref="Saarthi.Native.NativeLibraryMissingException">libsherpa-onnx-c-api.so is not where setup puts it.</exception>
    public static SherpaOnnxTextToSpeech Open(VitsVoiceSettings settings, int? outputSampleRate = null, int ratePercent = 100) =>
        new(VitsVoice.Create(settings), outputSampleRate, ratePercent);

    /// <summary>The ISO 639-1 code for a voice: the primary subtag of its espeak-ng voice.</summary>
    public static string LanguageOf(VitsVoiceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.EspeakVoice.Split('-', '_')[0].ToLowerInvariant();
    }

    public bool Supports(string language) =>
        !string.IsNullOrWhiteSpace(language) && string.Equals(language.Split('-', '_')[0], Language, StringComparison.OrdinalIgnoreCase);

    public async IAsyncEnumerable<AudioFrame> SynthesizeAsync(string text, string language, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Supports(language))
        {
            throw new ArgumentException($"The voice {Engine} speaks '{Language}', not '{language}'.", nameof(language));
        }

        var format = new AudioFormat(SampleRate, 1, 16);
        var at = TimeSpan.Zero;
        foreach (var sentence in SpeechText.Sentences(text))
        {
            var spoken = SpeechText.Normalize(sentence, language);
            if (spoken.Length == 0) continue;
            var audio = await Task.Factory.StartNew(
                () => _voice.Generate(spoken, _speakerId, _speed, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);
            if (audio.Samples.Length == 0) continue;
            var samples = audio.SampleRate == SampleRate ? audio.Samples : Resampler.Resample(audio.Samples, audio.SampleRate, SampleRate);
            var frame = AudioFrame.FromFloat(format, samples, at);
            at = frame.End;
            yield return frame;
        }
    }

    public void Dispose() => _voice.Dispose();
}
