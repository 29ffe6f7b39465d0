using System.Threading.Channels;
using Saarthi.Sync.Apply;
using Saarthi.Telephony;
using Saarthi.Telephony.Handset;

namespace Saarthi.Appliance.Call;

/// <summary>
/// Serves calls on one or more lines (the SIM's modem and the kiosk handset), one caller at a time: waits for a ring or
/// a lift, runs a <see cref="CallSession"/>, forwards that line's events to it while it lasts, and is ready for the next
/// call when it ends — whatever way it ended.
/// <para>
/// Policy, one caller at a time: the modem's call waiting is off, so a second caller on the SIM during a SIM call hears
/// the network's busy tone. While one line has a call, a newcomer on the other line — the SIM ringing while the handset
/// is in use, or the handset lifted during a SIM call — is answered, hears the short busy prompt once in the default
/// language ("Saarthi is talking to someone else right now. Please try again in a few minutes.", from
/// <c>call.busy</c>), and is hung up; the call in progress is not disturbed. A SIM caller is answered rather than
/// rejected so they learn why, instead of hearing an unexplained busy tone. A handset hung up this way stays quiet
/// until it is put down and lifted again. A call starts only when no call is up, first come first served.
/// </para>
/// </summary>
public sealed class KioskHost
{
    private readonly IReadOnlyList<ICallLine> _lines;
    private readonly Func<CallServices> _services;
    private readonly IUpdateGate? _gate;
    private readonly CallOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private int _turnedAway;

    /// <summary>Serves calls on one line.</summary>
    public KioskHost(ICallLine line, CallServices services, CallOptions options, TimeProvider? time = null, Action<string>? log = null)
        : this([line ?? throw new ArgumentNullException(nameof(line))], services, options, time, log)
    {
    }

    /// <summary>Serves calls on several lines, one caller at a time across all of them.</summary>
    public KioskHost(IReadOnlyList<ICallLine> lines, CallServices services, CallOptions options, TimeProvider? time = null, Action<string>? log = null)
        : this(lines, Fixed(services), options, gate: null, time, log)
    {
    }

    /// <summary>Serves calls on several lines with engines that change when a snapshot update is applied.</summary>
    /// <param name="services">The engines for the next call.</param>
    /// <param name="gate">Held for each whole call, so a snapshot swap waits for the call to end.</param>
    public KioskHost(IReadOnlyList<ICallLine> lines, Func<CallServices> services, CallOptions options, IUpdateGate? gate, TimeProvider? time = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || lines.Any(l => l is null)) throw new ArgumentException("At least one line, and no null line, is needed.", nameof(lines));
        _lines = lines;
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _gate = gate;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _log = log ?? (_ => { });
    }

    /// <summary>The session of the call that is up, if any (for a graceful shutdown or a health check).</summary>
    public CallSession? Current { get; private set; }

    /// <summary>The line the current call is on, if any.</summary>
    public ICallLine? CurrentLine { get; private set; }

    /// <summary>How many newcomers heard the busy prompt because another line had a call.</summary>
    public int TurnedAway => Volatile.Read(ref _turnedAway);

    /// <summary>Serves calls until <paramref name="cancellationToken"/> ends or <paramref name="maxCalls"/> calls have ended.</summary>
    public async Task ServeAsync(Action<CallRecord>? callEnded = null, int? maxCalls = null, CancellationToken cancellationToken = default)
    {
        int calls = 0;
        // Every line's events are read all the time into one queue; this token ends the reads when serving stops.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = Channel.CreateUnbounded<(ICallLine Line, CallLineEvent Event)>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = _lines.Select(line => PumpAsync(line, events.Writer, reading.Token)).ToList();
        var allRead = Task.WhenAll(pumps).ContinueWith(_ => events.Writer.TryComplete(), TaskScheduler.Default);
        var busy = new Dictionary<ICallLine, (Task Prompt, CancellationTokenSource Stop)>();
        Task<CallRecord>? run = null;
        CallSession? session = null;
        ICallLine? active = null;
        Task<bool>? waiting = null;
        IDisposable? held = null;
        try
        {
            while (maxCalls is null || calls < maxCalls)
            {
                waiting ??= events.Reader.WaitToReadAsync(reading.Token).AsTask();
                if (run is not null) await Task.WhenAny(run, waiting).ConfigureAwait(false);
                if (run is { IsCompleted: true })
                {
                    // Before any further event: a ring right after a call ended starts the next call, not the old one.
                    var record = await run.ConfigureAwait(false);
                    held?.Dispose();
                    (run, session, active, Current, CurrentLine, held) = (null, null, null, null, null, null);
                    calls++;
                    _log($"host: call {calls} ended: {record.Result} after {record.Duration.TotalSeconds:F1} s");
                    callEnded?.Invoke(record);
                    continue;
                }

                if (!await waiting.ConfigureAwait(false)) return; // every line has closed
                waiting = null;
                while (run is not { IsCompleted: true } && events.Reader.TryRead(out var item))
                {
                    var (line, e) = item;
                    ForgetFinished(busy);
                    if (line == active)
                    {
                        session!.Post(e);
                    }
                    else if (busy.TryGetValue(line, out var prompt))
                    {
                        // The newcomer hung up (or the line reset) while hearing the busy prompt.
                        if (e is CallLineEvent.RemoteHangup or CallLineEvent.Reset) await prompt.Stop.CancelAsync().ConfigureAwait(false);
                    }
                    else if (e is CallLineEvent.IncomingCall incoming && active is null)
                    {
                        // A handset has no ring to answer: lifting it is the call. Its voice path is opened here, so a
                        // missing sound device is named in the log once instead of failing every prompt of a session.
                        bool ringing = line is not HandsetLine;
                        _log($"host: {(ringing ? "ring" : "handset lifted")} on {line.Name}");
                        if (!ringing && !await TryOpenVoiceAsync(line, cancellationToken).ConfigureAwait(false)) continue;
                        // The engines are taken inside the gate: the whole call runs on one snapshot.
                        held = _gate is null ? null : await _gate.EnterCallAsync(cancellationToken).ConfigureAwait(false);
                        session = new CallSession(line, _services(), _options, _time, _log);
                        (active, Current, CurrentLine) = (line, session, line);
                        run = session.RunAsync(incoming, ringing, cancellationToken);
                    }
                    else if (e is CallLineEvent.IncomingCall)
                    {
                        Interlocked.Increment(ref _turnedAway);
                        _log($"host: {line.Name}: a newcomer while {active!.Name} has a call; busy prompt");
                        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        busy[line] = (BusyPrompt.PlayAsync(line, _services(), _options, _log, stop.Token), stop);
                    }
                    else if (e is CallLineEvent.Reset reset)
                    {
                        _log($"host: {line.Name} reset between calls ({reset.Detail}); ready again");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await reading.CancelAsync().ConfigureAwait(false);
            foreach (var (prompt, stop) in busy.Values)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await prompt.ConfigureAwait(false); // never throws: BusyPrompt ends every failure itself
                stop.Dispose();
            }

            if (run is not null)
            {
                // Serving stopped with a call up (shutdown): the session ends it through the same token.
                try { await run.ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }

            held?.Dispose();

            await allRead.ConfigureAwait(false);
        }
    }

    private static Func<CallServices> Fixed(CallServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return () => services;
    }

    private async Task<bool> TryOpenVoiceAsync(ICallLine line, CancellationToken ct)
    {
        try
        {
            await line.AnswerAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            _log($"host: {line.Name}: cannot take the call: {e.Message}");
            await line.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    private static void ForgetFinished(Dictionary<ICallLine, (Task Prompt, CancellationTokenSource Stop)> busy)
    {
        foreach (var (line, (prompt, stop)) in busy.Where(b => b.Value.Prompt.IsCompleted).ToList())
        {
            busy.Remove(line);
            stop.Dispose();
        }
    }

    private async Task PumpAsync(ICallLine line, ChannelWriter<(ICallLine, CallLineEvent)> output, CancellationToken ct)
    {
        try
        {
            await foreach (var e in line.EventsAsync(ct).ConfigureAwait(false))
            {
                output.TryWrite((line, e));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (line is HandsetLine && e is IOException or InvalidOperationException)
        {
            // The hook switch gone must not stop the kiosk serving the SIM.
            _log($"host: {line.Name} stopped reporting events: {e.Message}");
        }
        catch (Exception e)
        {
            // Any other line failing ends serving with its error, as when the host served the modem alone: the
            // service names it and exits, and systemd restarts it.
            output.TryComplete(e);
        }
    }
}
