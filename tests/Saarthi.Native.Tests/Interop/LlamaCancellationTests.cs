using System.Diagnostics;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Native.Tests.Interop;

/// <summary>Timing-sensitive: runs alone so the two cores are not shared within this assembly.</summary>
[CollectionDefinition(nameof(LlamaTimingGroup), DisableParallelization = true)]
public sealed class LlamaTimingGroup : ICollectionFixture<LlamaSlowFixture>;

[Collection(nameof(LlamaTimingGroup))]
public sealed class LlamaCancellationTests(LlamaSlowFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Decode_CancelledDuringALongPrompt_StopsInsideLlamaWithin100Ms()
    {
        using var model = LlamaModel.Load(fixture.ModelPath);
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1 });
        var prompt = Enumerable.Range(0, 1000).Select(i => 5 + (i * 7 % 300)).ToArray();
        context.Decode(prompt, TestContext.Current.CancellationToken); // warm-up: the first run is slower
        context.Reset();
        var clock = Stopwatch.StartNew();
        context.Decode(prompt, TestContext.Current.CancellationToken);
        var duration = clock.Elapsed;
        output.WriteLine($"uncancelled: 1000-token prompt in {duration.TotalMilliseconds:F0} ms");

        var latencies = new List<TimeSpan>();
        foreach (var fraction in new[] { 0.1, 0.25, 0.4 })
        {
            context.Reset();
            using var cts = new CancellationTokenSource();
            var running = Task.Factory.StartNew(
                () => context.Decode(prompt, cts.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await UntilBusyAsync(context);
            await Task.Delay(duration * fraction, TestContext.Current.CancellationToken);
            clock.Restart();
            await cts.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
            latencies.Add(clock.Elapsed);
            Assert.Equal(0, context.Position);
        }

        output.WriteLine($"cancel latency (ms): {string.Join(", ", latencies.Select(l => l.TotalMilliseconds.ToString("F1")))}");
        Assert.All(latencies, l => Assert.True(l < TimeSpan.FromMilliseconds(100), $"llama took {l.TotalMilliseconds:F0} ms to stop"));

        // The context decodes normally afterwards, from where it was before the cancelled call.
        context.Decode(prompt.AsSpan(0, 8), TestContext.Current.CancellationToken);
        Assert.Equal(8, context.Position);
    }

    [Fact]
    public void Decode_AlreadyCancelledToken_ThrowsWithoutDecoding()
    {
        using var model = LlamaModel.Load(fixture.ModelPath);
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 256, Threads = 1 });

        Assert.Throws<OperationCanceledException>(() => context.Decode([1, 2, 3], new CancellationToken(canceled: true)));
        Assert.Equal(0, context.Position);
    }

    [Fact]
    public async Task Decode_WhileAnotherCallRuns_ThrowsInvalidOperation()
    {
        using var model = LlamaModel.Load(fixture.ModelPath);
        using var context = model.CreateContext(new LlamaContextOptions { ContextSize = 1024, Threads = 1 });
        var prompt = Enumerable.Range(0, 1000).Select(i => 5 + (i % 300)).ToArray();
        using var cts = new CancellationTokenSource();
        var running = Task.Factory.StartNew(
            () => context.Decode(prompt, cts.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await UntilBusyAsync(context);

        Assert.Throws<InvalidOperationException>(() => context.Decode([1], TestContext.Current.CancellationToken));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    /// <summary>Waits until a call has entered the context (llama is working), or fails after 10 s.</summary>
    internal static async Task UntilBusyAsync(LlamaContext context)
    {
        var clock = Stopwatch.StartNew();
        while (!context.IsBusy)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the decode never started");
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }
}
