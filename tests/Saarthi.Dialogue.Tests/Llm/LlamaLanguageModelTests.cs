using System.Diagnostics;
using Saarthi.Dialogue.Llm;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Tests.Llm;

public sealed class LlamaLanguageModelTests(TinyModelFixture fixture, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    private static GenerationRequest Ask(string question, int maxTokens = 48, uint seed = 7, GenerationStats? stats = null) => new()
    {
        Messages = [ChatMessage.System("You answer questions about welfare schemes."), ChatMessage.User(question)],
        MaxTokens = maxTokens,
        Temperature = 0.8f,
        Seed = seed,
        Stats = stats,
    };

    [Fact]
    public async Task GenerateAsync_TinyModel_StreamsPiecesAndFillsTheFigures()
    {
        var stats = new GenerationStats();
        var pieces = new List<string>();

        await foreach (var piece in fixture.Model.GenerateAsync(Ask("What is PM-KISAN?", stats: stats), TestContext.Current.CancellationToken))
        {
            pieces.Add(piece);
        }

        output.WriteLine($"{stats.PromptTokens} prompt tokens, {stats.GeneratedTokens} generated, stop {stats.StopReason}, first token {stats.FirstTokenLatency?.TotalMilliseconds:F1} ms");
        Assert.Equal("model", stats.Template);
        Assert.True(stats.PromptTokens > 20);
        Assert.InRange(stats.GeneratedTokens, 0, 48);
        Assert.True(stats.StopReason is StopReason.EndOfGeneration or StopReason.TokenBudget);
        Assert.NotNull(stats.FirstTokenLatency);
        Assert.All(pieces, p => Assert.False(string.IsNullOrEmpty(p)));
    }

    [Fact]
    public async Task GenerateAsync_SameSeed_SameText()
    {
        // Both from a cold context: a prompt partly served from the cache decodes its tail in a smaller batch, whose
        // float sums differ in the last bits, and a random-weight model's near-flat logits turn that into other tokens.
        var a = await CollectAsync(Ask("Kisan ko kitna paisa milta hai?", seed: 3) with { ReusePrefix = false });
        var b = await CollectAsync(Ask("Kisan ko kitna paisa milta hai?", seed: 3) with { ReusePrefix = false });

        Assert.Equal(a, b);
    }

    [Fact]
    public async Task GenerateAsync_SecondCallWithTheSameSystemPrompt_DecodesOnlyTheNewPart()
    {
        var first = new GenerationStats();
        var second = new GenerationStats();
        await CollectAsync(Ask("What documents are needed for Ujjwala?", stats: first) with { ReusePrefix = false });
        await CollectAsync(Ask("Who can get Atal Pension?", stats: second));

        Assert.Equal(first.PromptTokens, first.PromptTokensDecoded);
        Assert.True(second.PromptTokensDecoded < second.PromptTokens / 2, $"{second.PromptTokensDecoded} of {second.PromptTokens} decoded");
    }

    [Fact]
    public async Task GenerateAsync_TimeBudgetRunsOut_EndsTheStreamWithoutAnError()
    {
        var stats = new GenerationStats();
        var request = Ask("Tell me everything.", maxTokens: 100_000, stats: stats) with { TimeBudget = TimeSpan.Zero };

        var text = await CollectAsync(request);

        Assert.Equal(StopReason.TimeBudget, stats.StopReason);
        Assert.Equal(string.Empty, text);
    }

    [Fact]
    public async Task GenerateAsync_CallerCancelsMidStream_ThrowsOperationCanceledQuickly()
    {
        using var cts = new CancellationTokenSource();
        var clock = new Stopwatch();
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var piece in fixture.Model.GenerateAsync(Ask("Talk.", maxTokens: 4000, seed: 1) with { Grammar = "root ::= [a-z ]{1000}" }, cts.Token))
            {
                if (++count == 3)
                {
                    clock.Start();
                    await cts.CancelAsync();
                }
            }
        });

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(100), $"took {clock.Elapsed.TotalMilliseconds:F0} ms to stop");
        // The model is usable again at once.
        Assert.NotNull(await CollectAsync(Ask("Again?")));
    }

    [Fact]
    public async Task GenerateAsync_ConsumerStopsEarly_ReleasesTheModelForTheNextCall()
    {
        await foreach (var _ in fixture.Model.GenerateAsync(Ask("Talk.", maxTokens: 500) with { Grammar = "root ::= [a-z ]+ \".\"" }, TestContext.Current.CancellationToken))
        {
            break;
        }

        var text = await CollectAsync(Ask("Now this.")).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.NotNull(text);
    }

    [Fact]
    public async Task GenerateAsync_BadGrammar_ThrowsTheGrammarError()
    {
        await Assert.ThrowsAsync<LlamaGrammarException>(() => CollectAsync(Ask("x") with { Grammar = "root ::= (" }));

        Assert.NotNull(await CollectAsync(Ask("still fine?")));
    }

    [Fact]
    public async Task GenerateAsync_PromptLongerThanTheContext_ThrowsContextFull()
    {
        using var small = LlamaLanguageModel.Load(fixture.ModelPath, TinyModelFixture.Options with { ContextSize = 256 });
        var request = Ask(new string('x', 2000));

        await Assert.ThrowsAsync<LlamaContextFullException>(async () =>
        {
            await foreach (var _ in small.GenerateAsync(request, TestContext.Current.CancellationToken))
            {
            }
        });
    }

    [Fact]
    public void Info_TinyModel_NamesItAndItsTemplate()
    {
        var info = fixture.Model.Info;

        Assert.Equal("saarthi-tiny-random", info.Name);
        Assert.Equal("model", info.ChatTemplate);
        Assert.Equal(1, info.Threads);
        Assert.Equal(8192, info.ContextSize);
        Assert.InRange(info.FileBytes, 100_000, 200_000);
    }

    [Fact]
    public void Format_ModelWithoutTemplate_FallsBackToChatMlThenPlain()
    {
        var path = TinyLlamaModel.Write(Path.Combine(fixture.Directory, "no-template.gguf"), TinyModelFixture.Spec with { ChatTemplate = null });
        using var model = LlamaModel.Load(path);
        ChatMessage[] chat = [ChatMessage.System("S"), ChatMessage.User("U")];

        var (chatml, t1) = ChatPrompt.Format(model, chat, "chatml");
        var (plain, t2) = ChatPrompt.Format(model, chat, "no-such-template");

        Assert.Equal("chatml", t1);
        Assert.StartsWith("<|im_start|>system\nS<|im_end|>", chatml, StringComparison.Ordinal);
        Assert.Equal(ChatPrompt.PlainTemplate, t2);
        Assert.Equal("System: S\nUser: U\nAssistant:", plain);
    }

    private async Task<string> CollectAsync(GenerationRequest request)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var piece in fixture.Model.GenerateAsync(request, TestContext.Current.CancellationToken))
        {
            text.Append(piece);
        }

        return text.ToString();
    }
}
