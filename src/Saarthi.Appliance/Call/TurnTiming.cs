using System.Diagnostics;

namespace Saarthi.Appliance.Call;

/// <summary>
/// Where the time of one turn went, from the end of the caller's speech to the first audio of the answer.
/// <see cref="SpeechEnded"/> is a <see cref="Stopwatch"/> timestamp (when the last speech frame arrived).
/// </summary>
/// <param name="Endpoint">Last speech → the endpointer's decision (its 700 ms of quiet).</param>
/// <param name="Recognition">The decision → the words: what the caller waited for the recogniser (less than its work when it started early).</param>
/// <param name="Engine">The recogniser's own time on the utterance.</param>
/// <param name="Early">Whether recognition started during the pause, before the decision.</param>
/// <param name="Understanding">Understanding and composing the answer (with the language model when there is one).</param>
public sealed record TurnTiming(long SpeechEnded, TimeSpan Endpoint, TimeSpan Recognition = default, TimeSpan Engine = default, bool Early = false,
    TimeSpan Understanding = default)
{
    /// <summary>A turn started by a key: no speech to end, no recogniser.</summary>
    public static TurnTiming ByKey() => new(Stopwatch.GetTimestamp(), TimeSpan.Zero);

    /// <summary>
    /// The figures in milliseconds: endpoint, recognition, recognition_engine, early_recognition (1/0), understanding,
    /// and once the answer has been heard, synthesis (the first sentence's audio) and first_audio (end of speech → first
    /// audio out); total is first_audio, or the sum of the parts when nothing was played.
    /// </summary>
    public Dictionary<string, double> ToMilliseconds(TimeSpan? synthesis, TimeSpan? firstAudio)
    {
        static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 1);
        var d = new Dictionary<string, double>
        {
            ["endpoint"] = Ms(Endpoint),
            ["recognition"] = Ms(Recognition),
            ["recognition_engine"] = Ms(Engine),
            ["early_recognition"] = Early ? 1 : 0,
            ["understanding"] = Ms(Understanding),
        };
        if (synthesis is { } s) d["synthesis"] = Ms(s);
        if (firstAudio is { } f) d["first_audio"] = Ms(f);
        d["total"] = firstAudio is { } total ? Ms(total) : Ms(Endpoint + Recognition + Understanding);
        return d;
    }
}
