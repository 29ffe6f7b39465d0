using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Stt;

/// <summary>What a recogniser heard in one utterance, and how sure it is.</summary>
/// <param name="Text">The words, as the engine wrote them (empty when nothing was recognised).</param>
/// <param name="Confidence">0…1, comparable across engines only roughly; the call asks again below 0.6.</param>
/// <param name="Language">Language code of the text ("en", "hi", …).</param>
/// <param name="Engine">Which engine produced it ("pocketsphinx", "whisper:ggml-base-q5_1").</param>
/// <param name="AudioDuration">Length of the audio given.</param>
/// <param name="Elapsed">Time the engine took.</param>
/// <param name="NoSpeechProbability">The engine's own estimate that there was no speech, when it has one.</param>
public sealed record Transcript(
    string Text,
    double Confidence,
    string Language,
    string Engine,
    TimeSpan AudioDuration,
    TimeSpan Elapsed,
    double? NoSpeechProbability = null)
{
    public double RealTimeFactor => AudioDuration <= TimeSpan.Zero ? 0 : Elapsed / AudioDuration;
}

/// <summary>Speech-to-text for one finished utterance (the endpointer decides where it ends).</summary>
public interface ISpeechToText : IDisposable
{
    /// <summary>Engine and model name, for logs and `hear --json`.</summary>
    string Engine { get; }

    /// <summary>Languages this engine can recognise.</summary>
    IReadOnlyCollection<string> Languages { get; }

    /// <summary>
    /// Transcribes mono 16-bit audio at any sample rate (the engine resamples as it needs).
    /// <paramref name="languageHint"/> is the caller's chosen language, or null for automatic identification.
    /// Cancellation stops the engine, including inside native decoding.
    /// </summary>
    Task<Transcript> TranscribeAsync(AudioFrame utterance, string? languageHint, CancellationToken cancellationToken = default);
}
