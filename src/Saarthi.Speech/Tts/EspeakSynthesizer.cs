using System.Collections.Frozen;
using Saarthi.Native.Interop.EspeakNg;

namespace Saarthi.Speech.Tts;

/// <summary>
/// Text to speech with espeak-ng (Debian <c>libespeak-ng1</c> + <c>espeak-ng-data</c>): the embedded default voice for
/// every supported language. Output is 22050 Hz 16-bit mono; espeak-ng is process-global, so calls are serialized
/// (each takes about 0.2 % of the audio's duration).
/// </summary>
public sealed class EspeakSynthesizer
{
    /// <summary>espeak-ng's own default speaking rate.</summary>
    public const int EspeakDefaultWordsPerMinute = 175;

    /// <summary>Language code (ISO 639-1) to espeak-ng voice name.</summary>
    private static readonly FrozenDictionary<string, string> VoiceByLanguage = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "en",
        ["hi"] = "hi",
        ["ta"] = "ta",
        ["te"] = "te",
        ["kn"] = "kn",
        ["ml"] = "ml",
        ["bn"] = "bn",
        ["mr"] = "mr",
        ["gu"] = "gu",
        ["pa"] = "pa",
        ["or"] = "or",
        ["as"] = "as",
        ["ur"] = "ur",
        ["ne"] = "ne",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <param name="wordsPerMinute">The rate that <c>ratePercent = 100</c> means. A little under espeak's 175 suits a phone line.</param>
    public EspeakSynthesizer(int wordsPerMinute = 160)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wordsPerMinute, 80);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wordsPerMinute, 450);
        WordsPerMinute = wordsPerMinute;
    }

    /// <summary>The languages this engine speaks (ISO 639-1 codes).</summary>
    public static IReadOnlyCollection<string> Languages => VoiceByLanguage.Keys;

    /// <summary>The speaking rate at 100 %.</summary>
    public int WordsPerMinute { get; }

    /// <summary>The output sample rate (22050 Hz). Initializes espeak-ng on first use.</summary>
    public static int SampleRate => EspeakEngine.SampleRate;

    /// <summary>Whether <paramref name="language"/> (e.g. <c>hi</c> or <c>hi-IN</c>) has an espeak-ng voice here.</summary>
    public static bool Supports(string language) => VoiceFor(language) is not null;

    /// <summary>
    /// Speaks <paramref name="text"/> in <paramref name="language"/> (ISO 639-1, optionally with a region: <c>hi-IN</c>).
    /// <paramref name="ratePercent"/> scales <see cref="WordsPerMinute"/> (default 100; espeak clamps to 80..450 wpm).
    /// Runs on a long-running worker; cancellation aborts espeak-ng from inside its callback.
    /// </summary>
    /// <exception cref="ArgumentException">The language has no espeak-ng voice.</exception>
    /// <exception cref="EspeakException">espeak-ng failed (e.g. <c>espeak-ng-data</c> missing).</exception>
    /// <exception cref="Saarthi.Native.NativeLibraryMissingException"><c>libespeak-ng1</c> is not installed.</exception>
    public Task<SynthesizedSpeech> SynthesizeAsync(
        string text, string language, int? ratePercent = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        var voice = VoiceFor(language)
            ?? throw new ArgumentException(
                $"No espeak-ng voice for language '{language}'. Supported: {string.Join(", ", Languages.Order(StringComparer.Ordinal))}.",
                nameof(language));
        var percent = ratePercent ?? 100;
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 10, nameof(ratePercent));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 400, nameof(ratePercent));
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<SynthesizedSpeech>(cancellationToken);
        }

        var wordsPerMinute = (int)Math.Round(WordsPerMinute * percent / 100.0);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.FromResult(new SynthesizedSpeech([], SampleRate));
        }

        return Task.Factory.StartNew(
            () => new SynthesizedSpeech(EspeakEngine.Synthesize(text, voice, wordsPerMinute, cancellationToken), EspeakEngine.SampleRate),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    private static string? VoiceFor(string language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var primary = language.Split('-', '_')[0];
        return VoiceByLanguage.GetValueOrDefault(primary);
    }
}
