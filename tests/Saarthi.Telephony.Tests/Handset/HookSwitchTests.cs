using Saarthi.Telephony.Handset;
using Saarthi.TestSupport;

namespace Saarthi.Telephony.Tests.Handset;

public sealed class HookSwitchTests
{
    /// <summary>Reads every change in the background, as the handset line does.</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reading;

        public Watcher(HookSwitch hook) =>
            _reading = Task.Run(async () =>
            {
                try
                {
                    await foreach (var s in hook.ChangesAsync(_stop.Token)) lock (Changes) Changes.Add(s);
                }
                catch (OperationCanceledException) { }
            });

        public List<HookState> Changes { get; } = [];

        public HookState[] Snapshot()
        {
            lock (Changes) return [.. Changes];
        }

        public async Task UntilAsync(Func<HookState[], bool> condition, string what, Action? tick = null)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!condition(Snapshot()))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited in vain for {what}; saw {string.Join(",", Snapshot())}");
                tick?.Invoke();
                await Task.Delay(5);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reading;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task ChangesAsync_BouncingLiftThenPutDown_ExactlyOneChangeEach()
    {
        var line = new ScriptedGpioLine();
        await using var watch = new Watcher(new HookSwitch(line));
        await watch.UntilAsync(c => c.Length == 1, "the initial state");

        line.Lift();
        await watch.UntilAsync(c => c[^1] == HookState.OffHook, "off hook");
        line.PutDown();
        await watch.UntilAsync(c => c[^1] == HookState.OnHook && c.Length > 2, "on hook again");

        Assert.Equal([HookState.OnHook, HookState.OffHook, HookState.OnHook], watch.Snapshot());
    }

    [Fact]
    public async Task ChangesAsync_GlitchShorterThanDebounce_IsNotAChange()
    {
        var line = new ScriptedGpioLine();
        var hook = new HookSwitch(line);
        await using var watch = new Watcher(hook);
        await watch.UntilAsync(c => c.Length == 1, "the initial state");

        line.Edges((true, 0), (false, 10)); // 10 ms of contact: a knock on the cradle, not a lift
        line.Lift();
        await watch.UntilAsync(c => line.Consumed == 7 && c.Length > 0 && c[^1] == HookState.OffHook, "the lift");

        Assert.Equal([HookState.OnHook, HookState.OffHook], watch.Snapshot());
        Assert.Equal(HookState.OffHook, hook.State);
    }

    [Fact]
    public async Task ChangesAsync_ReaderLateOnEdgesHeldLongerThanDebounce_EachLevelCounts()
    {
        var line = new ScriptedGpioLine();
        await using var watch = new Watcher(new HookSwitch(line));
        await watch.UntilAsync(c => c.Length == 1, "the initial state");

        // Lifted for 200 ms, down for 200 ms, lifted again: all three reach the reader in one batch.
        line.Edges((true, 0), (false, 200), (true, 400));
        await watch.UntilAsync(c => c.Length == 4, "three changes");

        Assert.Equal([HookState.OnHook, HookState.OffHook, HookState.OnHook, HookState.OffHook], watch.Snapshot());
    }

    [Fact]
    public async Task ChangesAsync_LiftedAtStart_FirstStateIsOffHook()
    {
        var line = new ScriptedGpioLine(lifted: true);
        await using var watch = new Watcher(new HookSwitch(line));

        await watch.UntilAsync(c => c.Length == 1, "the initial state");

        Assert.Equal(HookState.OffHook, watch.Snapshot()[0]);
    }

    [Fact]
    public async Task ChangesAsync_ManualClock_LevelCommitsOnlyAfterTheDebounceTime()
    {
        var clock = new ManualTimeProvider();
        var line = new ScriptedGpioLine();
        var hook = new HookSwitch(line, TimeSpan.FromMilliseconds(50), clock);
        await using var watch = new Watcher(hook);
        await watch.UntilAsync(c => c.Length == 1, "the initial state");

        line.Lift();
        await watch.UntilAsync(_ => line.Consumed == 5, "the bounce to be read");
        clock.Advance(TimeSpan.FromMilliseconds(49));
        var before = hook.State;
        await watch.UntilAsync(c => c[^1] == HookState.OffHook, "off hook", tick: () => clock.Advance(TimeSpan.FromMilliseconds(1)));

        Assert.Equal(HookState.OnHook, before);
        Assert.Equal([HookState.OnHook, HookState.OffHook], watch.Snapshot());
    }
}
