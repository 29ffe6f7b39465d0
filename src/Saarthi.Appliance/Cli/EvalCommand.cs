using System.Globalization;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `eval FILE [--verbose]`: intent accuracy, scheme accuracy and fact coverage by the rules of the file's format key.
/// Scheme accuracy: the first scheme named is one the answer must be about (or none when none applies);
/// the strict figure also needs every expected scheme among those named.
/// </summary>
public static class EvalCommand
{
    public static int Run(Args args, DialogueEngine engine, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(output);
        var file = args.Positional.FirstOrDefault() ?? throw new UsageException("usage: saarthi eval FILE.json [--verbose]");
        if (!File.Exists(file)) throw new UsageException($"evaluation file not found: {file}");
        var report = Evaluate(engine, AskCommand.LoadQuestions(file, m => Console.Error.WriteLine(m)));
        bool verbose = args.Has("verbose");
        foreach (var r in report.Items.Where(r => verbose || !r.AllCorrect))
        {
            output.WriteLine($"{(r.AllCorrect ? "ok  " : "MISS")} {r.Item.Id} [{r.Item.Language}] {r.Item.Question}");
            if (!r.IntentOk) output.WriteLine($"     intent {r.Turn.Intent.Label()} (expected {r.Item.ExpectedIntent})");
            if (!r.SchemesOk) output.WriteLine($"     schemes [{string.Join(",", r.Turn.SchemeIds)}] (expected [{string.Join(",", r.Item.ExpectedSchemeIds)}])");
            foreach (var m in r.MissedFacts) output.WriteLine($"     missing fact: {m}");
            if (!r.AllCorrect || verbose) output.WriteLine($"     answer: {r.Turn.Answer}");
        }
        output.WriteLine(report.Summary());
        return 0;
    }

    public static EvalReport Evaluate(DialogueEngine engine, IReadOnlyList<PracticeItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new List<EvalItem>();
        foreach (var item in items)
        {
            var (turn, _) = AskCommand.Answer(engine, item);
            bool intentOk = turn.Intent.Label() == item.ExpectedIntent;
            bool schemesOk = item.ExpectedSchemeIds.Count == 0
                ? turn.SchemeIds.Count == 0 || item.ExpectedIntent is "repeat"
                : turn.SchemeIds.Count > 0 && item.ExpectedSchemeIds.Contains(turn.SchemeIds[0]);
            bool strict = item.ExpectedSchemeIds.All(turn.SchemeIds.Contains) && (item.ExpectedSchemeIds.Count > 0 || turn.SchemeIds.Count == 0);
            var missed = item.MustMention.Where(m => !FactMatcher.Mentions(turn.Answer, m)).ToList();
            results.Add(new EvalItem(item, turn, intentOk, schemesOk, strict, missed));
        }
        return new EvalReport(results);
    }
}

public sealed record EvalItem(PracticeItem Item, DialogueTurn Turn, bool IntentOk, bool SchemesOk, bool SchemesStrictOk, IReadOnlyList<string> MissedFacts)
{
    public bool AllCorrect => IntentOk && SchemesOk && MissedFacts.Count == 0;
}

public sealed record EvalReport(IReadOnlyList<EvalItem> Items)
{
    public double IntentAccuracy => Ratio(Items.Count(i => i.IntentOk), Items.Count);

    public double SchemeAccuracy => Ratio(Items.Count(i => i.SchemesOk), Items.Count);

    public double SchemeStrictAccuracy => Ratio(Items.Count(i => i.SchemesStrictOk), Items.Count);

    public double FactCoverage => Ratio(Items.Sum(i => i.Item.MustMention.Count - i.MissedFacts.Count), Items.Sum(i => i.Item.MustMention.Count));

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"items {Items.Count}: intent {IntentAccuracy:P1}, schemes {SchemeAccuracy:P1} (all expected named: {SchemeStrictAccuracy:P1}), facts {FactCoverage:P1}");
}
