using System.Diagnostics;

namespace Saarthi.Speech.Tts;

/// <summary>What one engine did with one answer, medians over the rounds.</summary>
/// <param name="Engine">The engine and voice.</param>
/// <param name="Language">The answer's language.</param>
/// <param name="Load">Time to open the engine (load the voice).</param>
/// <param name="FirstAudio">From the request to the first sentence's audio: what a caller waits.</param>
/// <param name="Synthesis">From the request to the last audio.</param>
/// <param name="Audio">Length of the audio made.</param>
public sealed record TextToSpeechMeasurement(string Engine, string Language, TimeSpan Load, TimeSpan FirstAudio, TimeSpan Synthesis, TimeSpan Audio)
{
    /// <summary>Synthesis time over audio length: below 1 is faster than real time.</summary>
    public double RealTimeFactor => Audio > TimeSpan.Zero ? Synthesis / Audio : double.NaN;
}

/// <summary>Measures text-to-speech engines on a kiosk answer: load time, first-audio latency and real-time factor.</summary>
public static class TextToSpeechBenchmark
{
    /// <summary>Typical answers the kiosk speaks, by language (several sentences, numbers to normalise).</summary>
    public static IReadOnlyDictionary<string, string> Answers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["en"] = "PM-KISAN gives ₹6,000 a year to farmer families. It is paid in three parts of ₹2,000. You need your Aadhaar card and land papers. You can apply at your Common Service Centre.",
        ["hi"] = "पीएम किसान योजना में किसान परिवारों को हर साल ₹6,000 मिलते हैं। यह पैसा ₹2,000 की तीन किस्तों में आता है। आपको आधार कार्ड और ज़मीन के कागज़ चाहिए। आप अपने जन सेवा केंद्र पर आवेदन कर सकते हैं।",
    };

    /// <summary>
    /// Opens an engine with <paramref name="open"/> (timed), speaks <paramref name="text"/> once to warm up, then
    /// <paramref name="rounds"/> times, and returns the medians. The engine is disposed.
    /// </summary>
    public static async Task<TextToSpeechMeasurement> MeasureAsync(
        Func<ITextToSpeech> open, string text, string language, int rounds = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var clock = Stopwatch.StartNew();
        using var tts = open();
        var load = clock.Elapsed;
        var engine = tts is LanguageRoutedTextToSpeech routed ? routed.For(language).Engine : tts.Engine;
        await SpeakAsync(tts, text, language, cancellationToken).ConfigureAwait(false);
        var runs = new List<(TimeSpan First, TimeSpan All, TimeSpan Audio)>();
        for (var i = 0; i < rounds; i++)
        {
            runs.Add(await SpeakAsync(tts, text, language, cancellationToken).ConfigureAwait(false));
        }

        return new TextToSpeechMeasurement(engine, language, load, Median(runs.Select(r => r.First)), Median(runs.Select(r => r.All)), runs[0].Audio);
    }

    private static async Task<(TimeSpan First, TimeSpan All, TimeSpan Audio)> SpeakAsync(ITextToSpeech tts, string text, string language, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        var audio = TimeSpan.Zero;
        await foreach (var frame in tts.SynthesizeAsync(text, language, cancellationToken).ConfigureAwait(false))
        {
            first ??= clock.Elapsed;
            audio += frame.Duration;
        }

        return (first ?? clock.Elapsed, clock.Elapsed, audio);
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
