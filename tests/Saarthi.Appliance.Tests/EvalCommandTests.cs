using System.Globalization;
using System.Text.RegularExpressions;
using Saarthi.Appliance.Cli;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;

namespace Saarthi.Appliance.Tests;

[Collection(ConsoleTests.Name)]
public sealed partial class EvalCommandTests(SeededDataFixture data) : IClassFixture<SeededDataFixture>
{
    [Fact]
    public void Eval_PracticeFile_PrintsFiguresAboveTheTargets()
    {
        var r = Cli.Run("eval", "--data", data.DataDir, Seed.PracticePath);

        Assert.Equal(0, r.ExitCode);
        var m = Summary().Match(r.Out);
        Assert.True(m.Success, $"no summary line in: {r.Out}");
        Assert.Equal(PracticeSet.Load(Seed.PracticePath).Count, int.Parse(m.Groups["items"].Value, CultureInfo.InvariantCulture));
        double Figure(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        Assert.True(Figure("intent") >= 90, $"intent {Figure("intent")} %");
        Assert.True(Figure("schemes") >= 90, $"schemes {Figure("schemes")} %");
        Assert.True(Figure("facts") >= 85, $"facts {Figure("facts")} %");
    }

    /// <summary>
    /// Question sets written without seeing the code (other wording, more romanized Hindi, recogniser errors, personal
    /// questions): a floor below today's figures (intent 82–98 %, schemes 94–99 %, facts 81–90 %), so a change that makes
    /// understanding worse for callers fails here even when the practice set still passes.
    /// </summary>
    [Theory]
    [InlineData("extended_questions.json")]
    [InlineData("holdout_questions.json")]
    [InlineData("blind_questions_a.json")]
    [InlineData("blind_questions_b.json")]
    [InlineData("blind_questions_c.json")]
    [InlineData("blind_questions_d.json")]
    public void Evaluate_HeldOutStyleSets_StayAboveTheFloor(string file)
    {
        using var kb = KnowledgeSetup.Open(data.DataDir, _ => { });
        var report = EvalCommand.Evaluate(new DialogueEngine(kb), PracticeSet.Load(Path.Combine(AppContext.BaseDirectory, file)));
        Assert.True(report.Items.Count >= 100, $"{report.Items.Count} items");
        Assert.True(report.IntentAccuracy >= 0.78, $"intent {report.IntentAccuracy:P1}");
        Assert.True(report.SchemeAccuracy >= 0.85, $"schemes {report.SchemeAccuracy:P1}");
        Assert.True(report.FactCoverage >= 0.75, $"facts {report.FactCoverage:P1}");
    }

    [Fact]
    public void Eval_Verbose_ListsEveryItem()
    {
        var r = Cli.Run("eval", "--data", data.DataDir, Seed.PracticePath, "--verbose");
        var ids = PracticeSet.Load(Seed.PracticePath).Select(i => i.Id);
        Assert.All(ids, id => Assert.Contains($" {id} [", r.Out));
    }

    [Fact]
    public void Evaluate_ReportFigures_AgreeWithTheItems()
    {
        using var kb = KnowledgeSetup.Open(data.DataDir, _ => { });
        var report = EvalCommand.Evaluate(new DialogueEngine(kb), PracticeSet.Load(Seed.PracticePath));
        Assert.Equal((double)report.Items.Count(i => i.IntentOk) / report.Items.Count, report.IntentAccuracy);
        Assert.InRange(report.FactCoverage, 0, 1);
    }

    [Fact]
    public void Evaluate_WrongExpectations_CountAsMisses()
    {
        // The scorer can fail: an item expecting the wrong intent and an impossible fact is scored as missed.
        using var kb = KnowledgeSetup.Open(data.DataDir, _ => { });
        var item = new PracticeItem("Z1", "en", "what is the pm kisan scheme", null, null, ["pmjay"], [], "helpline", ["ninety nine crore"], null);
        var report = EvalCommand.Evaluate(new DialogueEngine(kb), [item]);
        var r = Assert.Single(report.Items);
        Assert.False(r.IntentOk);
        Assert.False(r.SchemesOk);
        Assert.Equal(["ninety nine crore"], r.MissedFacts);
        Assert.Equal(0, report.IntentAccuracy);
        Assert.Equal(0, report.FactCoverage);
    }

    [Fact]
    public void Eval_WithoutFile_IsAUsageError()
    {
        var r = Cli.Run("eval", "--data", data.DataDir);
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("usage", r.Err);
    }

    [Theory]
    [InlineData("""{"questions": []}""", "no 'items' list")]
    [InlineData("""{"items": [ {"id": "A", """, "not valid JSON")]
    public void Eval_FileNotInPracticeFormat_Exits64NamingTheProblem(string content, string problem)
    {
        using var dir = new TempDir();
        var file = dir.File("bad.json");
        File.WriteAllText(file, content);
        foreach (var args in new[] { new[] { "eval", file }, ["ask", "--batch", file, "--json"], ["bench", "--questions", file, "--rounds", "1"] })
        {
            var r = Cli.Run([.. args, "--data", data.DataDir]);
            Assert.Equal(64, r.ExitCode);
            Assert.Contains(problem, r.Err);
            Assert.Contains("bad.json", r.Err);
        }
    }

    [GeneratedRegex(@"items (?<items>\d+): intent (?<intent>[\d.]+) %, schemes (?<schemes>[\d.]+) % \(all expected named: [\d.]+ %\), facts (?<facts>[\d.]+) %")]
    private static partial Regex Summary();
}
