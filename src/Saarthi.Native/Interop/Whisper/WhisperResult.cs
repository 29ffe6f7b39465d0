namespace Saarthi.Native.Interop.Whisper;

/// <summary>How <see cref="WhisperSession.Transcribe"/> decodes.</summary>
public sealed record WhisperDecodeOptions
{
    /// <summary>Language code ("hi", "en"); null or "auto" identifies it first (multilingual models; English-only ones use "en").</summary>
    public string? Language { get; init; }

    /// <summary>
    /// When <see cref="Language"/> is automatic: the languages to choose among (e.g. the kiosk's "hi", "en", "mr"). Null
    /// or empty: every language of the model. A village kiosk does better restricting it than letting a noisy 8 kHz line
    /// be heard as one of 99 languages.
    /// </summary>
    public IReadOnlyCollection<string>? CandidateLanguages { get; init; }

    /// <summary>CPU threads for the encoder and decoder (1 in tests; 2 suits a Pi-class board).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>0 or 1: greedy decoding (whisper's default). 2…8: beam search with this many beams (slower, a little better).</summary>
    public int BeamSize { get; init; }

    /// <summary>
    /// Temperature step for whisper's fallback when a window decodes badly (whisper.cpp's default is 0.2: up to six
    /// re-decodes). 0 turns the fallback off: decoding is deterministic and its time bounded; the call asks the caller
    /// again when confidence is low instead.
    /// </summary>
    public float TemperatureIncrement { get; init; }

    /// <summary>Decode without timestamp tokens (faster; one segment per 30 s window). On by default.</summary>
    public bool NoTimestamps { get; init; } = true;

    /// <summary>Suppress non-speech tokens ("[music]", "♪", …). On by default.</summary>
    public bool SuppressNonSpeech { get; init; } = true;

    /// <summary>whisper's no-speech threshold: a window whose no-speech probability is above it and whose text is unlikely is dropped.</summary>
    public float NoSpeechThreshold { get; init; } = 0.6f;

    /// <summary>Text to condition the decoder on (e.g. scheme names, to bias spelling). Null for none.</summary>
    public string? InitialPrompt { get; init; }

    /// <summary>
    /// Encoder positions to use (whisper's experimental <c>audio_ctx</c>; 0 = the model's 1500, i.e. 30 s). 50 per
    /// second of audio: a 6 s utterance needs about 300. Smaller is proportionally faster and shortens the stretch
    /// cancellation cannot interrupt (one encoder pass), at some cost in accuracy.
    /// </summary>
    public int AudioContext { get; init; }

    /// <summary>Translate to English instead of transcribing.</summary>
    public bool Translate { get; init; }
}

/// <summary>One token whisper chose.</summary>
/// <param name="Id">Vocabulary id.</param>
/// <param name="Probability">The probability the decoder gave it (after temperature), 0…1.</param>
/// <param name="IsText">A text token (below end-of-text), not a special, language or timestamp token.</param>
public readonly record struct WhisperToken(int Id, float Probability, bool IsText);

/// <summary>A run of text with its place in the audio.</summary>
/// <param name="Text">The text (UTF-8 decoded).</param>
/// <param name="Start">Start in the audio.</param>
/// <param name="End">End in the audio.</param>
/// <param name="NoSpeechProbability">whisper's no-speech probability for the 30 s window this segment came from.</param>
/// <param name="Tokens">The tokens, specials included.</param>
public sealed record WhisperSegment(string Text, TimeSpan Start, TimeSpan End, float NoSpeechProbability, IReadOnlyList<WhisperToken> Tokens);

/// <summary>What <see cref="WhisperSession.Transcribe"/> produced.</summary>
/// <param name="Text">All segments' text, decoded from their joined UTF-8 bytes (so a character split across segments survives), trimmed.</param>
/// <param name="Language">The language decoded in (given, or identified by whisper).</param>
/// <param name="Segments">The segments in order (none for silence or audio under 100 ms).</param>
/// <param name="Elapsed">Time spent in whisper.</param>
public sealed record WhisperResult(string Text, string Language, IReadOnlyList<WhisperSegment> Segments, TimeSpan Elapsed)
{
    /// <summary>When the language was identified: its probability among the candidates (null when it was given).</summary>
    public float? LanguageProbability { get; init; }

    /// <summary>The text tokens of every segment.</summary>
    public IEnumerable<WhisperToken> TextTokens => Segments.SelectMany(s => s.Tokens).Where(t => t.IsText);

    /// <summary>Mean probability of the text tokens (0 when there are none).</summary>
    public double MeanTextTokenProbability
    {
        get
        {
            var (sum, count) = (0.0, 0);
            foreach (var token in TextTokens)
            {
                sum += token.Probability;
                count++;
            }

            return count == 0 ? 0 : sum / count;
        }
    }
}
