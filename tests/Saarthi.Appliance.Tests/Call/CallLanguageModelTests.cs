using Saarthi.Appliance.Call;
using Saarthi.Dialogue.Llm;

namespace Saarthi.Appliance.Tests.Call;

/// <summary>
/// The call with a language model: the generated random-weight test model ("tiny") whose text is random, so the fact
/// guard must keep every answer the templates' — the model is additive and can never make an answer wrong.
/// </summary>
public sealed class CallLanguageModelTests
{
    private static LlmSetup Tiny() => LlmSetup.Open(LlmSetup.Tiny, new LanguageModelOptions { Threads = 1 },
        new LlmOptions { Phrasing = new PhrasingOptions { Enabled = true } }, _ => { });

    [Fact]
    public async Task Call_TinyModelPhrasing_AnswerIsTheTemplatesAndTheTurnSaysSo()
    {
        var llm = Tiny();
        Assert.NotNull(llm.Model);
        await using var rig = CallRig.Start(llm: llm);
        var voice = await rig.CallInEnglishAsync();
        rig.Stt.Will("what is the pm kisan scheme");

        await CallRig.SpeakAsync(voice, TimeSpan.FromSeconds(1.2));

        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "the answer", seconds: 60);
        var turn = rig.Current!.Turns[0];
        Assert.Equal("scheme_info", turn.Intent);
        Assert.Equal("pm-kisan", turn.SchemeIds[0]);
        Assert.Contains("6,000", turn.Answer, StringComparison.Ordinal);
        Assert.Equal("rules", turn.UnderstoodBy);
        Assert.Equal("templates", turn.WordedBy); // random text never passes the guard (or the budget ran out first)
        Assert.False(string.IsNullOrEmpty(turn.ModelNote));
    }

    [Fact]
    public async Task Call_ModelOverItsBudget_TemplatesAnswerAndTheNoteSaysWhy()
    {
        await using var rig = CallRig.Start(llm: Tiny());
        rig.Options.LanguageModelBudget = TimeSpan.FromMilliseconds(1);
        var voice = await rig.CallInEnglishAsync();
        rig.Stt.Will("how do i apply for atal pension yojana");

        await CallRig.SpeakAsync(voice, TimeSpan.FromSeconds(1.2));

        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "the answer", seconds: 60);
        var turn = rig.Current!.Turns[0];
        Assert.Equal("apply_process", turn.Intent);
        Assert.Equal("apy", turn.SchemeIds[0]);
        Assert.Equal("templates", turn.WordedBy);
        Assert.Contains("took over", turn.ModelNote, StringComparison.Ordinal);
        Assert.Contains(rig.Log, l => l.Contains("answering from the templates", StringComparison.Ordinal));
    }
}
