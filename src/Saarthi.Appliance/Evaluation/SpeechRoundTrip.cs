using System.Diagnostics;
using System.Globalization;
using Saarthi.Dialogue;
using Saarthi.Knowledge;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Stt.Grammar;

namespace Saarthi.Appliance.Evaluation;

/// <summary>A spoken question and the scheme a correct answer is about.</summary>
/// <param name="Source">"carrier" for the generated questions, else the id of the practice item.</param>
public sealed record RoundTripQuestion(string SchemeId, string Text, string Source);

/// <summary>What happened to one question: what was heard, what the brain made of it.</summary>
/// <param name="TextResolved">Whether the brain resolves the written question (no speech involved): when it does not,
/// the name is ambiguous ("NSAP" covers four pensions) or the brain lacks it, and speech cannot be blamed.</param>
public sealed record RoundTripResult(
    RoundTripQuestion Question, string Heard, double Confidence, string Engine, IReadOnlyList<string> SchemeIds,
    TimeSpan AudioDuration, TimeSpan RecognitionTime, bool TextResolved)
{
    /// <summary>The first scheme the answer names is the expected one (the scheme rule of <c>eval</c>).</summary>
    public bool Resolved => IsRight(SchemeIds, Question.SchemeId);

    internal static bool IsRight(IReadOnlyList<string> schemeIds, string expected) => schemeIds.Count > 0 && schemeIds[0] == expected;
}

/// <summary>All results of one condition, with the figures the test asserts and the bench prints.</summary>
/// <remarks>Rates count only the questions whose written text the brain resolves (<see cref="RoundTripResult.TextResolved"/>):
/// they measure what speech loses. The others are counted apart (<see cref="TextMisses"/>).</remarks>
public sealed record RoundTripReport(CallerVoiceCondition Condition, IReadOnlyList<RoundTripResult> Results, TimeSpan Elapsed)
{
    /// <summary>The questions the rates are over.</summary>
    public IReadOnlyList<RoundTripResult> Counted => Results.Where(r => r.TextResolved).ToList();

    /// <summary>Questions the brain gets wrong even written down.</summary>
    public IReadOnlyList<RoundTripResult> TextMisses => Results.Where(r => !r.TextResolved).ToList();

    public int Resolved => Counted.Count(r => r.Resolved);

    public double Rate => RateOf(_ => true);

    /// <summary>The rate over one kind of question ("carrier", or the practice items).</summary>
    public double RateOf(Func<RoundTripQuestion, bool> which)
    {
        var chosen = Counted.Where(r => which(r.Question)).ToList();
        return chosen.Count == 0 ? double.NaN : chosen.Count(r => r.Resolved) / (double)chosen.Count;
    }

    /// <summary>Counted and resolved questions of one kind, e.g. "152/160".</summary>
    public string CountOf(Func<RoundTripQuestion, bool> which)
    {
        var chosen = Counted.Where(r => which(r.Question)).ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{chosen.Count(r => r.Resolved)}/{chosen.Count}");
    }

    /// <summary>Recognition time over audio time.</summary>
    public double RealTimeFactor
    {
        get
        {
            var audio = Results.Sum(r => r.AudioDuration.TotalSeconds);
            return audio <= 0 ? 0 : Results.Sum(r => r.RecognitionTime.TotalSeconds) / audio;
        }
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Condition.Name}: {Rate:P1} resolve the right scheme; carrier questions {CountOf(IsCarrier)} = {RateOf(IsCarrier):P1}, " +
        $"natural questions {CountOf(q => !IsCarrier(q))} = {RateOf(q => !IsCarrier(q)):P1}; {TextMisses.Count} more missed by the brain even as text; " +
        $"recogniser RTF {RealTimeFactor:0.000}; {Elapsed.TotalSeconds:0.0} s");

    /// <summary>One line per counted question that did not resolve: what was said, heard and answered.</summary>
    public IEnumerable<string> Misses() => Counted.Where(r => !r.Resolved).Select(r => string.Create(CultureInfo.InvariantCulture,
        $"  ✗ {r.Question.SchemeId,-15} \"{r.Question.Text}\" → \"{r.Heard}\" [{r.Engine}, {r.Confidence:0.00}] → [{string.Join(",", r.SchemeIds)}]"));

    /// <summary>Whether a question is one of the generated carrier questions.</summary>
    public static bool IsCarrier(RoundTripQuestion question) => question?.Source == "carrier";
}

/// <summary>
/// The speech→brain round trip: for every scheme of the snapshot, English questions are spoken by a simulated caller
/// (<see cref="SpeechRoundTripChannel"/>: espeak-ng, 8 kHz telephone band, µ-law), recognised by the recogniser the
/// kiosk uses (the one `hear` builds: <see cref="Call.CallServicesFactory.CreateSpeechToText"/>), answered by the text
/// brain as the call does (a fresh conversation, English chosen), and scored by whether the answer is about the right
/// scheme. Shared by the Appliance test (base case) and `bench --speech` (every condition).
/// </summary>
public sealed class SpeechRoundTrip(DialogueEngine dialogue, ISpeechToText recogniser)
{
    /// <summary>The carrier sentences of the generated questions; each scheme gets every one, with its names in turn.</summary>
    public static IReadOnlyList<string> Carriers { get; } =
    [
        "what is {0}", "how do I apply for {0}", "who is eligible for {0}", "documents needed for {0}", "helpline of {0}",
    ];

    /// <summary>
    /// The questions: each carrier for each scheme, the scheme named by its English name, acronym or aliases in turn
    /// (only names in Latin script: the caller speaks English); then every English question of
    /// <paramref name="practice"/> about exactly one scheme of this snapshot and not leaning on an earlier turn.
    /// </summary>
    public static IReadOnlyList<RoundTripQuestion> Questions(IKnowledgeBase knowledge, IEnumerable<PracticeItem>? practice = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var questions = new List<RoundTripQuestion>();
        foreach (var scheme in knowledge.Snapshot.Schemes)
        {
            var names = SchemePhrases.FromNames(scheme.Id, scheme.Names.Get("en"), scheme.Names.Aliases).Phrases
                .Where(p => SpokenPhrase.TryParse(p, out _) is not null)
                .ToList();
            if (names.Count == 0)
            {
                continue;
            }

            for (var i = 0; i < Carriers.Count; i++)
            {
                questions.Add(new RoundTripQuestion(scheme.Id, string.Format(CultureInfo.InvariantCulture, Carriers[i], names[i % names.Count]), "carrier"));
            }
        }

        var ids = knowledge.Snapshot.Schemes.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var item in practice ?? [])
        {
            if (item.Language == "en" && item.PreviousUser is null && item.ExpectedSchemeIds.Count == 1 && ids.Contains(item.ExpectedSchemeIds[0]))
            {
                questions.Add(new RoundTripQuestion(item.ExpectedSchemeIds[0], item.Question, item.Id));
            }
        }

        return questions;
    }

    /// <summary>Speaks, hears and answers every question in <paramref name="voice"/>; <paramref name="progress"/> gets each result.</summary>
    public async Task<RoundTripReport> RunAsync(
        IReadOnlyList<RoundTripQuestion> questions, CallerVoiceCondition voice, Action<RoundTripResult>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(voice);
        var clock = Stopwatch.StartNew();
        var results = new List<RoundTripResult>(questions.Count);
        foreach (var question in questions)
        {
            var textResolved = RoundTripResult.IsRight(dialogue.Respond(question.Text, new ConversationState(), "en").SchemeIds, question.SchemeId);
            var audio = await SpeechRoundTripChannel.SpeakAsync(question.Text, voice, cancellationToken).ConfigureAwait(false);
            var heard = await recogniser.TranscribeAsync(audio, null, cancellationToken).ConfigureAwait(false);
            var turn = dialogue.Respond(heard.Text, new ConversationState(), "en");
            var result = new RoundTripResult(question, heard.Text, heard.Confidence, heard.Engine, turn.SchemeIds, heard.AudioDuration, heard.Elapsed, textResolved);
            results.Add(result);
            progress?.Invoke(result);
        }

        return new RoundTripReport(voice, results, clock.Elapsed);
    }
}
