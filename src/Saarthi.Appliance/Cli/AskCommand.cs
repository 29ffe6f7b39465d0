using System.Diagnostics;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;
using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Appliance.Cli;

/// <summary>`ask [--lang L] [--json] [--llm MODEL.gguf [--phrase]] "question"` and `ask --batch FILE --json`.</summary>
public static class AskCommand
{
    /// <param name="args">The verb's arguments.</param>
    /// <param name="engine">The text brain (with the language model, when one was opened).</param>
    /// <param name="output">stdout.</param>
    /// <param name="llm">The language model asked for with --llm (the JSON then says which parts came from it and why).</param>
    public static int Run(Args args, DialogueEngine engine, TextWriter output, LlmSetup? llm = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(output);
        var lang = args.Get("lang");
        bool json = args.Has("json");
        if (args.Get("batch") is { } file)
        {
            if (!File.Exists(file)) throw new UsageException($"batch file not found: {file}");
            foreach (var item in LoadQuestions(file, m => Console.Error.WriteLine(m)))
            {
                var (turn, ms) = Answer(engine, item, lang);
                output.WriteLine(Json.Line(new BatchLine(item.Id, turn.Intent.Label(), turn.SchemeIds, turn.Answer, turn.Language, Math.Round(ms, 2))));
            }
            return 0;
        }
        var question = string.Join(' ', args.Positional);
        if (question.Length == 0 && Console.IsInputRedirected) question = Console.In.ReadToEnd();
        var sw = Stopwatch.StartNew();
        LlmReport? report = null;
        DialogueTurn t;
        if (llm is { Requested: true })
        {
            (t, report) = engine.RespondAsync(question, new ConversationState(), lang).GetAwaiter().GetResult();
        }
        else t = engine.Respond(question, new ConversationState(), lang);
        double elapsed = sw.Elapsed.TotalMilliseconds;
        if (json)
        {
            output.WriteLine(Json.Line(new AskResult(t.Intent.Label(), t.SchemeIds, t.Answer, t.Language, Math.Round(elapsed, 2),
                t.Understanding.Language, Math.Round(t.Understanding.Confidence, 2), t.Understanding.Facts.ToDictionary(),
                t.Verdicts.Select(v => new VerdictLine(v.SchemeId, v.Verdict.ToString().ToLowerInvariant(),
                    v.Failed.Select(f => f.Fact.ToString()).ToList(), v.Missing.Select(f => f.ToString()).ToList())).ToList(),
                t.AskedFact?.ToString(), t.Understanding.Problem == InputProblem.None ? null : t.Understanding.Problem.ToString(),
                new Sources(report?.Understanding.Source ?? "rules", report?.Phrasing.Source ?? "templates"),
                llm is { Requested: true } ? LlmLine.Of(llm, report ?? LlmReport.NotConfigured) : null)));
        }
        else output.WriteLine(t.Answer);
        if (args.Has("explain")) Explain(engine, question, output);
        return 0;
    }

    /// <summary>Why the brain understood what it did: folded words, scheme evidence, topics (for tuning and support).</summary>
    private static void Explain(DialogueEngine engine, string question, TextWriter output)
    {
        var words = Saarthi.Knowledge.Search.TextFold.Words(question);
        var evidence = engine.Understander.Resolver.Resolve(words, question);
        output.WriteLine("words:   " + string.Join(' ', words));
        output.WriteLine("named:   " + string.Join(", ", evidence.Named.Select(n => $"{n.SchemeId} {n.Score:F2}")));
        output.WriteLine("topics:  " + string.Join(", ", evidence.Topics.Take(6).Select(n => $"{n.SchemeId} {n.Score:F2}")) + " <- " + string.Join(", ", evidence.TopicTargets));
        output.WriteLine("content: " + string.Join(", ", evidence.Content.Select(n => $"{n.SchemeId} {n.Score:F2}")));
    }

    /// <summary>Reads a practice-format file; one that is not (no "items", broken JSON) is said plainly as a usage error, not a crash.</summary>
    public static List<PracticeItem> LoadQuestions(string file, Action<string>? warn = null)
    {
        try
        {
            return PracticeSet.Load(file, warn);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new UsageException(e is InvalidDataException ? e.Message : $"{file}: not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Answers a practice item in a fresh conversation that first replays its previous turn.</summary>
    public static (DialogueTurn Turn, double Ms) Answer(DialogueEngine engine, PracticeItem item, string? lang = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(item);
        var state = new ConversationState();
        if (item.PreviousUser is not null) engine.Replay(item.PreviousUser, item.PreviousAssistant ?? "", state);
        var sw = Stopwatch.StartNew();
        var turn = engine.Respond(item.Question, state, lang);
        return (turn, sw.Elapsed.TotalMilliseconds);
    }

    private sealed record BatchLine(string Id, string Intent, IReadOnlyList<string> SchemeIds, string Answer, string Language, double LatencyMs);

    private sealed record VerdictLine(string SchemeId, string Verdict, IReadOnlyList<string> Failed, IReadOnlyList<string> Missing);

    /// <summary>Which part produced the understanding and the wording (the LLM, when present, reports itself here).</summary>
    private sealed record Sources(string Understanding, string Phrasing);

    private sealed record AskResult(string Intent, IReadOnlyList<string> SchemeIds, string Answer, string Language, double LatencyMs,
        string DetectedLanguage, double Confidence, IReadOnlyDictionary<string, object> Slots, IReadOnlyList<VerdictLine> Verdicts,
        string? AskedFact, string? InputProblem, Sources Sources, LlmLine? Llm);

    /// <summary>The language model's part in the answer (only with --llm): what it read, what it phrased, the guard's verdict.</summary>
    private sealed record LlmLine(string Model, string Status, LlmUnderstandingLine Understanding, LlmPhrasingLine Phrasing, string? Guard)
    {
        public static LlmLine Of(LlmSetup llm, LlmReport report)
        {
            var u = report.Understanding;
            var p = report.Phrasing;
            return new LlmLine(llm.Model?.Info.Name ?? llm.Spec ?? "none", llm.Status,
                new LlmUnderstandingLine(u.Consulted, u.Reason, u.Reading, u.Decision, Math.Round(u.Elapsed.TotalMilliseconds, 1)),
                new LlmPhrasingLine(p.Attempted, p.Reason, p.Stats?.FirstTokenLatency is { } f ? Math.Round(f.TotalMilliseconds, 1) : null, p.Stats?.GeneratedTokens),
                p.Verdict);
        }
    }

    private sealed record LlmUnderstandingLine(bool Consulted, string Reason, string? Reading, string? Decision, double Ms);

    private sealed record LlmPhrasingLine(bool Attempted, string? FallbackReason, double? FirstTokenMs, int? Tokens);
}
