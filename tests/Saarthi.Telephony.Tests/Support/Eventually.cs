using Saarthi.TestSupport;
using System.Diagnostics;

namespace Saarthi.Telephony.Tests.Support;

/// <summary>Waiting for something that happens on another thread (a pty round trip), with a generous upper bound.</summary>
public static class Eventually
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="condition"/>; between polls moves <paramref name="clock"/> by <paramref name="step"/> when given.</summary>
    public static async Task True(Func<bool> condition, string what, ManualTimeProvider? clock = null, TimeSpan? step = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Limit)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            if (clock is not null)
            {
                clock.Advance(step ?? TimeSpan.FromMilliseconds(250));
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Awaits <paramref name="task"/> with the upper bound.</summary>
    public static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for {what}.");
            throw;
        }
    }

    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for {what}.");
            throw;
        }
    }

    /// <summary>The next item of an async stream, within the bound.</summary>
    public static async Task<T> Next<T>(IAsyncEnumerator<T> events, string what)
    {
        var moved = await Within(events.MoveNextAsync().AsTask(), what);
        Assert.True(moved, $"The stream ended while waiting for {what}.");
        return events.Current;
    }
}
