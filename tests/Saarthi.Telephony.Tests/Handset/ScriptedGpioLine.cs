using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saarthi.Telephony.Handset;

namespace Saarthi.Telephony.Tests.Handset;

/// <summary>
/// A hook-switch line played by a test (no GPIO chip exists here). Each action is one batch of edges, handed over at
/// once the way the kernel queues them, stamped on a script clock that moves one second per action; the bounce pattern
/// is that of a real contact (five edges over 6 ms).
/// </summary>
internal sealed class ScriptedGpioLine : IGpioLine
{
    private readonly Channel<GpioEdge[]> _batches = Channel.CreateUnbounded<GpioEdge[]>();
    private readonly Lock _gate = new();
    private bool _level;
    private TimeSpan _clock = TimeSpan.FromSeconds(100);
    private int _consumed;

    public ScriptedGpioLine(bool lifted = false) => _level = lifted;

    public string Name => "scripted:17";

    /// <summary>Edges the reader has taken so far.</summary>
    public int Consumed => Volatile.Read(ref _consumed);

    public bool Disposed { get; private set; }

    public bool Read()
    {
        lock (_gate) return _level;
    }

    /// <summary>The handset lifted: the contact bounces, then stays active.</summary>
    public void Lift(bool bounce = true) => Move(true, bounce);

    /// <summary>The handset put down: the contact bounces, then stays inactive.</summary>
    public void PutDown(bool bounce = true) => Move(false, bounce);

    /// <summary>Raw edges at these offsets (ms) from now on the script clock.</summary>
    public void Edges(params (bool Active, double AtMs)[] edges)
    {
        lock (_gate)
        {
            var batch = edges.Select(e => new GpioEdge(e.Active, _clock + TimeSpan.FromMilliseconds(e.AtMs))).ToArray();
            _level = batch[^1].Active;
            _clock += TimeSpan.FromSeconds(1);
            _batches.Writer.TryWrite(batch);
        }
    }

    public async IAsyncEnumerable<GpioEdge> EdgesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
        {
            foreach (var edge in batch)
            {
                Interlocked.Increment(ref _consumed);
                yield return edge;
            }
        }
    }

    public void Dispose()
    {
        Disposed = true;
        _batches.Writer.TryComplete();
    }

    private void Move(bool to, bool bounce)
    {
        if (bounce) Edges((to, 0), (!to, 1), (to, 3), (!to, 4), (to, 6));
        else Edges((to, 0));
    }
}
