using Saarthi.Sync.Apply;
using Saarthi.Telephony;

namespace Saarthi.Appliance.Call;

/// <summary>
/// Serves calls on one line, one at a time: waits for a ring, runs a <see cref="CallSession"/>, forwards the line's
/// events to it while it lasts, and is ready for the next ring when it ends — whatever way it ended. Policy: the kiosk
/// talks to one caller at a time; the modem's call waiting is off, so a second caller hears the network's busy tone
/// (and a handset lifted during a SIM call, or the reverse, gets the "Saarthi is busy" prompt from its own line).
/// </summary>
public sealed class KioskHost
{
    private readonly ICallLine _line;
    private readonly Func<CallServices> _services;
    private readonly IUpdateGate? _gate;
    private readonly CallOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;

    public KioskHost(ICallLine line, CallServices services, CallOptions options, TimeProvider? time = null, Action<string>? log = null)
        : this(line, () => services, options, gate: null, time, log)
    {
        ArgumentNullException.ThrowIfNull(services);
    }

    /// <param name="services">The engines for the next call (they change when a snapshot update is applied).</param>
    /// <param name="gate">Held for each whole call, so a snapshot swap waits for the call to end.</param>
    public KioskHost(ICallLine line, Func<CallServices> services, CallOptions options, IUpdateGate? gate, TimeProvider? time = null, Action<string>? log = null)
    {
        _line = line ?? throw new ArgumentNullException(nameof(line));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _gate = gate;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _log = log ?? (_ => { });
    }

    /// <summary>The session of the call that is up, if any (for a graceful shutdown or a health check).</summary>
    public CallSession? Current { get; private set; }

    /// <summary>Serves calls until <paramref name="cancellationToken"/> ends or <paramref name="maxCalls"/> calls have ended.</summary>
    public async Task ServeAsync(Action<CallRecord>? callEnded = null, int? maxCalls = null, CancellationToken cancellationToken = default)
    {
        int calls = 0;
        // The read of the next line event is always in flight; this token ends it when serving stops.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var events = _line.EventsAsync(reading.Token).GetAsyncEnumerator(reading.Token);
        Task<bool>? pending = null;
        try
        {
            while (maxCalls is null || calls < maxCalls)
            {
                pending ??= events.MoveNextAsync().AsTask();
                if (!await pending.ConfigureAwait(false)) return;
                pending = null;
                switch (events.Current)
                {
                    case CallLineEvent.IncomingCall incoming:
                        // The engines are taken inside the gate: the whole call runs on one snapshot.
                        var held = _gate is null ? null : await _gate.EnterCallAsync(cancellationToken).ConfigureAwait(false);
                        var session = new CallSession(_line, _services(), _options, _time, _log);
                        Current = session;
                        var run = session.RunAsync(incoming, ringing: true, cancellationToken);
                        // Line events go to the session while it runs; the read that is in flight when it ends carries over.
                        while (true)
                        {
                            pending ??= events.MoveNextAsync().AsTask();
                            if (await Task.WhenAny(pending, run).ConfigureAwait(false) == run) break;
                            if (!await pending.ConfigureAwait(false)) break;
                            session.Post(events.Current);
                            pending = null;
                        }
                        var record = await run.ConfigureAwait(false);
                        held?.Dispose();
                        Current = null;
                        calls++;
                        _log($"host: call {calls} ended: {record.Result} after {record.Duration.TotalSeconds:F1} s");
                        callEnded?.Invoke(record);
                        break;
                    case CallLineEvent.Reset reset:
                        _log($"host: line reset between calls ({reset.Detail}); ready again");
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await reading.CancelAsync().ConfigureAwait(false);
            if (pending is not null)
            {
                try { await pending.ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
        }
    }
}
