using System.Runtime.CompilerServices;

namespace Saarthi.Telephony.Handset;

/// <summary>Where the handset is.</summary>
public enum HookState
{
    /// <summary>Resting on its cradle: no call.</summary>
    OnHook,

    /// <summary>Lifted: someone wants to talk.</summary>
    OffHook,
}

/// <summary>
/// The handset's hook switch, debounced: a mechanical contact bounces for a few milliseconds when it moves, so a level
/// counts only once it has held for <see cref="Debounce"/> (50 ms by default). Whether it held is judged from the
/// edges' own timestamps, so a reader that falls behind still sees the contact as it moved; a level that is still the
/// last one is committed after <see cref="Debounce"/> of quiet on <see cref="TimeProvider"/>.
/// The line is active when the handset is lifted (set active-low on the line where the switch closes to ground).
/// </summary>
public sealed class HookSwitch
{
    private readonly IGpioLine _line;
    private readonly TimeProvider _time;
    private int _state;

    public HookSwitch(IGpioLine line, TimeSpan? debounce = null, TimeProvider? time = null)
    {
        _line = line ?? throw new ArgumentNullException(nameof(line));
        Debounce = debounce ?? TimeSpan.FromMilliseconds(50);
        ArgumentOutOfRangeException.ThrowIfLessThan(Debounce, TimeSpan.Zero, nameof(debounce));
        _time = time ?? TimeProvider.System;
    }

    public TimeSpan Debounce { get; }

    /// <summary>The debounced state (on hook until <see cref="ChangesAsync"/> has read the line).</summary>
    public HookState State => (HookState)Volatile.Read(ref _state);

    /// <summary>The line's name, for logs.</summary>
    public string LineName => _line.Name;

    /// <summary>
    /// The state as read at the start, then every debounced change, until <paramref name="cancellationToken"/> ends
    /// (one reader).
    /// </summary>
    public async IAsyncEnumerable<HookState> ChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var edges = _line.EdgesAsync(reading.Token).GetAsyncEnumerator(reading.Token);
        Task<bool>? next = null;
        try
        {
            // Edges are requested before the level is read, so a lift in between is not lost.
            next = edges.MoveNextAsync().AsTask();
            var committed = _line.Read() ? HookState.OffHook : HookState.OnHook;
            Volatile.Write(ref _state, (int)committed);
            yield return committed;

            GpioEdge? pending = null;
            while (true)
            {
                if (pending is { } waiting && !next.IsCompleted)
                {
                    // No further edge yet: the pending level counts once it has been quiet for the debounce time.
                    using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var delay = Task.Delay(Debounce, _time, quiet.Token);
                    if (await Task.WhenAny(next, delay).ConfigureAwait(false) == delay)
                    {
                        await delay.ConfigureAwait(false); // throws when cancelled
                        pending = null;
                        if (Commit(waiting.Active, ref committed))
                        {
                            yield return committed;
                        }

                        continue;
                    }

                    await quiet.CancelAsync().ConfigureAwait(false);
                }

                if (!await next.ConfigureAwait(false))
                {
                    yield break;
                }

                var edge = edges.Current;
                next = edges.MoveNextAsync().AsTask();
                if (pending is { } held && edge.Timestamp - held.Timestamp >= Debounce && Commit(held.Active, ref committed))
                {
                    // The previous level held long enough before this edge, even if we read both late.
                    yield return committed;
                }

                pending = edge;
            }
        }
        finally
        {
            await reading.CancelAsync().ConfigureAwait(false);
            if (next is not null)
            {
                try
                {
                    await next.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Cancelled by the stop above, or a line failure already thrown to the reader from the loop.
                }
            }

            await edges.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool Commit(bool active, ref HookState committed)
    {
        var state = active ? HookState.OffHook : HookState.OnHook;
        if (state == committed)
        {
            return false;
        }

        committed = state;
        Volatile.Write(ref _state, (int)state);
        return true;
    }
}
