namespace Saarthi.Sync.Apply;

/// <summary>
/// Keeps snapshot swaps between calls. The appliance holds <see cref="EnterCallAsync"/> for the length of a call;
/// sync takes <see cref="EnterUpdateAsync"/> around the swap, which waits until no call is in progress. A call that
/// starts during a swap waits for it (a swap takes well under a second); a call never waits for a download.
/// </summary>
public interface IUpdateGate
{
    /// <summary>Held by the appliance for the whole call. Waits only while a swap is running.</summary>
    ValueTask<IDisposable> EnterCallAsync(CancellationToken cancellationToken = default);

    /// <summary>Held by sync around the swap. Waits until no call is in progress; new calls wait until it is released.</summary>
    ValueTask<IDisposable> EnterUpdateAsync(CancellationToken cancellationToken = default);

    /// <summary>How many calls hold the gate now.</summary>
    int ActiveCalls { get; }
}

/// <summary>The in-process <see cref="IUpdateGate"/>: any number of calls, or one update.</summary>
public sealed class UpdateGate : IUpdateGate
{
    private readonly Lock _lock = new();
    private int _calls;
    private bool _updating;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ActiveCalls
    {
        get
        {
            lock (_lock)
            {
                return _calls;
            }
        }
    }

    public async ValueTask<IDisposable> EnterCallAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!_updating)
                {
                    _calls++;
                    return new Releaser(this, call: true);
                }

                wait = _changed.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<IDisposable> EnterUpdateAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!_updating && _calls == 0)
                {
                    _updating = true;
                    return new Releaser(this, call: false);
                }

                wait = _changed.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Release(bool call)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (call)
            {
                _calls--;
            }
            else
            {
                _updating = false;
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class Releaser(UpdateGate gate, bool call) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(call);
            }
        }
    }
}
