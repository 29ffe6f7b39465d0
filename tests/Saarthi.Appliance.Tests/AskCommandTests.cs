using System.Text.Json;
using Saarthi.Appliance.Cli;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;
using Saarthi.Knowledge;

namespace Saarthi.Appliance.Tests;

[Collection(ConsoleTests.Name)]
public sealed class AskCommandTests(SeededDataFixture data) : IClassFixture<SeededDataFixture>
{
    private static readonly string[] BatchKeys = ["id", "intent", "scheme_ids", "answer", "language", "latency_ms"];

    [Fact]
    public void Ask_Json_PrintsOneObjectWithTheAnswer()
    {
        var r = Cli.Run("ask", "--data", data.DataDir, "--json", "what is the pm kisan scheme");

        Assert.Equal(0, r.ExitCode);
        var line = Assert.Single(r.OutLines);
        using var doc = JsonDocument.Parse(line);
        var o = doc.RootElement;
        Assert.Equal("scheme_info", o.GetProperty("intent").GetString());
        Assert.Equal(["pm-kisan"], o.GetProperty("scheme_ids").EnumerateArray().Select(e => e.GetString()!));
        Assert.Contains("6,000", o.GetProperty("answer").GetString());
        Assert.Equal("en", o.GetProperty("language").GetString());
        Assert.True(o.GetProperty("latency_ms").GetDouble() >= 0);
    }

    [Fact]
    public void Ask_JsonPersonalQuestion_ReportsSlotsAndVerdicts()
    {
        var r = Cli.Run("ask", "--data", data.DataDir, "--json", "mere paas 4 hectare zameen hai, umar 38 saal, kya kisan maandhan me jud sakta hu");

        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        var o = doc.RootElement;
        Assert.Equal("hi-Latn", o.GetProperty("detected_language").GetString());
        Assert.Equal("hi", o.GetProperty("language").GetString());
        Assert.Equal(4, o.GetProperty("slots").GetProperty("land_hectare").GetDouble());
        Assert.Equal(38, o.GetProperty("slots").GetProperty("age").GetInt32());
        var verdict = o.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("scheme_id").GetString() == "pm-kmy");
        Assert.Equal("noteligible", verdict.GetProperty("verdict").GetString());
        Assert.Contains("Land", verdict.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Ask_Plain_PrintsTheAnswerText()
    {
        var r = Cli.Run("ask", "--data", data.DataDir, "pm", "kisan", "me", "kitna", "paisa", "milta", "hai");
        Assert.Equal(0, r.ExitCode);
        var line = Assert.Single(r.OutLines);
        Assert.Contains("₹6,000", line);
        Assert.DoesNotContain("{", line);
    }

    [Fact]
    public void Ask_LangOption_ForcesTheAnswerLanguage()
    {
        var r = Cli.Run("ask", "--data", data.DataDir, "--json", "--lang", "hi", "what is the pm kisan scheme");
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        Assert.Equal("hi", doc.RootElement.GetProperty("language").GetString());
        Assert.Contains(doc.RootElement.GetProperty("answer").GetString()!, c => c is >= '\u0900' and <= '\u097F');
    }

    [Fact]
    public void AskBatch_PracticeFile_OneJsonLinePerItemWithExactlyTheKeys()
    {
        var items = PracticeSet.Load(Seed.PracticePath);
        var r = Cli.Run("ask", "--data", data.DataDir, "--batch", Seed.PracticePath, "--json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(items.Count, r.OutLines.Length);
        for (int i = 0; i < items.Count; i++)
        {
            using var doc = JsonDocument.Parse(r.OutLines[i]);
            var o = doc.RootElement;
            Assert.Equal(BatchKeys.Order(), o.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(items[i].Id, o.GetProperty("id").GetString());
            Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("answer").GetString()));
            Assert.Equal(JsonValueKind.Array, o.GetProperty("scheme_ids").ValueKind);
            Assert.Equal(JsonValueKind.Number, o.GetProperty("latency_ms").ValueKind);
        }
    }

    [Fact]
    public void AskBatch_ItemWithPreviousTurn_AnswersAboutThePreviousScheme()
    {
        var r = Cli.Run("ask", "--data", data.DataDir, "--batch", Seed.PracticePath, "--json");

        var p032 = r.OutLines.Select(l => JsonDocument.Parse(l).RootElement).Single(o => o.GetProperty("id").GetString() == "P032");
        Assert.Equal("apply_process", p032.GetProperty("intent").GetString());
        Assert.Equal("stand-up-india", p032.GetProperty("scheme_ids")[0].GetString());
    }

    [Fact]
    public void AskBatch_PreviousTurnDropped_LosesTheScheme()
    {
        // The same question without its previous turn cannot know which scheme "this" is: the context is what decides.
        using var dir = new TempDir();
        var file = dir.File("one.json");
        File.WriteAllText(file, """{"items":[{"id":"X1","question":"where do I apply for this?"}]}""");
        var r = Cli.Run("ask", "--data", data.DataDir, "--batch", file, "--json");
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        Assert.DoesNotContain("stand-up-india", doc.RootElement.GetProperty("scheme_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void AskBatch_MissingFile_IsAUsageError()
    {
        var r = Cli.Run("ask", "--data", data.DataDir, "--batch", "/nonexistent/questions.json", "--json");
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("batch file not found", r.Err);
    }

    [Fact]
    public void AskBatch_ItemWithoutQuestion_IsSkippedWithAWarning()
    {
        using var dir = new TempDir();
        var file = dir.File("partial.json");
        File.WriteAllText(file, """{"items":[{"id":"A"},{"id":"B","question":"namaste"}]}""");
        var r = Cli.Run("ask", "--data", data.DataDir, "--batch", file, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        Assert.Equal("B", doc.RootElement.GetProperty("id").GetString());
        Assert.Contains("item #1 has no 'question'", r.Err);
    }

    [Fact]
    public void Chat_FollowUp_KeepsTheSchemeOfTheCall()
    {
        using var kb = KnowledgeSetup.Open(data.DataDir, _ => { });
        var engine = new DialogueEngine(kb);
        using var input = new StringReader("what is the pm kisan scheme\nhow do I apply for it\n\n");
        using var output = new StringWriter();

        int code = ChatCommand.Run(new Args([], new HashSet<string>()), engine, input, output);

        Assert.Equal(0, code);
        var replies = output.ToString().Split('\n').Where(l => l.Contains('[', StringComparison.Ordinal)).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Contains("[SchemeInfo pm-kisan]", replies[0]);
        Assert.Contains("[ApplyProcess pm-kisan]", replies[1]);
    }

    [Fact]
    public void Demo_HangupScenarioJson_RunsAWholeCallOverTheFakeModem()
    {
        // The short scenario: answered, language by key, one question by voice, the caller hangs up mid-answer.
        var r = Cli.Run("demo", "--data", data.DataDir, "--json", "--scenario", "hangup");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        Assert.Equal("caller_hung_up", doc.RootElement.GetProperty("result").GetString());
        Assert.True(doc.RootElement.GetProperty("as_scripted").GetBoolean());
        var states = doc.RootElement.GetProperty("states").EnumerateArray().Select(x => x.GetString()).ToList();
        Assert.Contains("Answering --Answered--> Greeting", states);
        Assert.Contains("LanguageMenu --LanguageChosen--> Listening", states);
        Assert.Contains(states, x => x!.EndsWith("--RemoteHangup--> Ended", StringComparison.Ordinal));
        Assert.Equal("en", doc.RootElement.GetProperty("language").GetString());
        var turn = Assert.Single(doc.RootElement.GetProperty("turns").EnumerateArray());
        Assert.True(turn.GetProperty("timings_ms").GetProperty("endpoint").GetDouble() > 0);
        Assert.True(File.Exists(doc.RootElement.GetProperty("recording").GetString()));
    }
}
