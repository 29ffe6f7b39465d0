using System.Text;
using System.Threading.Channels;

namespace Saarthi.Telephony.At;

/// <summary>Which way a traced line went.</summary>
public enum AtTraceDirection
{
    Sent,
    Received,
}

/// <summary>One line of the AT conversation, for logs and the demo's wire view.</summary>
public readonly record struct AtTraceEntry(DateTimeOffset Timestamp, AtTraceDirection Direction, string Text);

/// <summary>Settings of an <see cref="AtChannel"/>.</summary>
public sealed record AtChannelOptions
{
    /// <summary>Timeout of a command that does not set its own.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a timeout the next command is preceded by this probe; only its final result after its own information line
    /// counts, so a late answer to the timed-out command cannot be taken for the next command's.
    /// </summary>
    public string ResyncCommand { get; init; } = "AT+CMEE?";

    public TimeSpan ResyncTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Unsolicited events kept when nobody reads them (oldest dropped first).</summary>
    public int EventCapacity { get; init; } = 256;

    /// <summary>Dispose the stream with the channel.</summary>
    public bool OwnsStream { get; init; } = true;

    /// <summary>Called for every line sent and received (on the channel's threads: keep it quick).</summary>
    public Action<AtTraceEntry>? Trace { get; init; }
}

/// <summary>Counters of one channel's life.</summary>
public sealed record AtChannelStatistics(long Commands, long Timeouts, long Resyncs, long StaleFinals, long Echoes, long Events, long DroppedBytes);

/// <summary>
/// An AT command channel over any <see cref="Stream"/> (a serial port, one end of a pty, a test pipe). Commands are
/// queued and sent one at a time, each with its own timeout measured on the injected <see cref="TimeProvider"/>;
/// responses are matched by <see cref="AtParser"/>, and unsolicited results are published as typed
/// <see cref="ModemEvent"/>s on <see cref="Events"/>. A timeout fails only its command: the channel resynchronises before
/// the next. <c>RDY</c> during a command fails it with <see cref="AtModemResetException"/> at once.
/// </summary>
public sealed class AtChannel : IAsyncDisposable
{
    private static readonly byte[] CtrlZ = [0x1A];
    private static readonly byte[] Escape = [0x1B];

    private readonly Stream _stream;
    private readonly AtChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly AtLineFramer _framer = new();
    private readonly AtParser _parser = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<ModemEvent> _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _readLoop;
    private readonly Task _commandLoop;
    private Pending? _inFlight;
    private bool _needsResync;
    private Exception? _closedBecause;
    private long _commands;
    private long _timeouts;
    private long _resyncs;
    private long _eventCount;
    private int _disposed;

    public AtChannel(Stream stream, AtChannelOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? new AtChannelOptions();
        _time = timeProvider ?? TimeProvider.System;
        _events = Channel.CreateBounded<ModemEvent>(new BoundedChannelOptions(Math.Max(1, _options.EventCapacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
        });
        _readLoop = Task.Run(ReadLoopAsync);
        _commandLoop = Task.Run(CommandLoopAsync);
    }

    /// <summary>Unsolicited results, in arrival order. Completes when the stream ends or the channel is disposed.</summary>
    public ChannelReader<ModemEvent> Events => _events.Reader;

    /// <summary>Completes when the stream has ended (device gone) or the channel was disposed.</summary>
    public Task Completion => _readLoop;

    /// <summary>False once the stream ended or the channel was disposed.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _closedBecause is null;
            }
        }
    }

    public AtChannelStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new AtChannelStatistics(_commands, _timeouts, _resyncs, _parser.StaleFinals, _parser.Echoes, _eventCount, _framer.DroppedBytes);
            }
        }
    }

    /// <summary>The unsolicited results as an async stream (one reader).</summary>
    public IAsyncEnumerable<ModemEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Sends <paramref name="command"/> and returns its response, whatever its final result.</summary>
    /// <exception cref="AtTimeoutException">No final result in time.</exception>
    /// <exception cref="AtModemResetException">The modem restarted meanwhile.</exception>
    /// <exception cref="AtChannelClosedException">The stream ended or the channel was disposed.</exception>
    /// <exception cref="OperationCanceledException">The caller stopped waiting (the command still completes on the wire).</exception>
    public Task<AtResponse> ExecuteAsync(AtCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(command, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw Closed(command.Text);
        }

        return pending.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends <paramref name="command"/>; anything but OK/CONNECT throws the matching typed error.</summary>
    /// <exception cref="AtCommandException">ERROR, <see cref="CmeErrorException"/>, <see cref="CmsErrorException"/>, NO CARRIER…</exception>
    public async Task<AtResponse> SendAsync(AtCommand command, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>Sends a command line; anything but OK/CONNECT throws the matching typed error.</summary>
    public Task<AtResponse> SendAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        SendAsync(new AtCommand(command) { Timeout = timeout }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Close(new ObjectDisposedException(nameof(AtChannel)));
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_readLoop, _commandLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_options.OwnsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task CommandLoopAsync()
    {
        try
        {
            await foreach (var pending in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (pending.CallerToken.IsCancellationRequested)
                {
                    pending.Cancel();
                    continue;
                }

                bool resync;
                lock (_gate)
                {
                    if (_closedBecause is not null)
                    {
                        pending.Fail(Closed(pending.Command.Text));
                        continue;
                    }

                    resync = _needsResync;
                }

                if (resync && !await ResyncAsync().ConfigureAwait(false))
                {
                    pending.Fail(new AtTimeoutException(pending.Command.Text, _options.ResyncTimeout, [],
                        $"not sent: the modem did not answer {_options.ResyncCommand} after an earlier timeout"));
                    continue;
                }

                await RunAsync(pending).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            while (_queue.Reader.TryRead(out var left))
            {
                left.Fail(Closed(left.Command.Text));
            }
        }
    }

    private async Task<bool> ResyncAsync()
    {
        var prefixes = AtCommand.DerivePrefixes(_options.ResyncCommand);
        var probe = new Pending(
            new AtCommand(_options.ResyncCommand) { Timeout = _options.ResyncTimeout, RequireIntermediate = prefixes.Count > 0 },
            CancellationToken.None);
        Interlocked.Increment(ref _resyncs);
        await RunAsync(probe).ConfigureAwait(false);
        if (!probe.Task.IsCompletedSuccessfully)
        {
            return false;
        }

        lock (_gate)
        {
            _needsResync = false;
        }

        return true;
    }

    private async Task RunAsync(Pending pending)
    {
        lock (_gate)
        {
            if (_closedBecause is not null)
            {
                pending.Fail(Closed(pending.Command.Text));
                return;
            }

            _parser.Begin(pending.Command);
            _inFlight = pending;
            pending.Started = _time.GetTimestamp();
            _commands++;
        }

        var timeout = pending.Command.Timeout ?? _options.DefaultTimeout;
        using var timer = _time.CreateTimer(_ => OnTimeout(pending, timeout), null, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            await WriteAsync(Encoding.ASCII.GetBytes(pending.Command.Text + "\r"), pending.Command.Text).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException or OperationCanceledException
            or Saarthi.Native.NativeCallException)
        {
            lock (_gate)
            {
                if (_inFlight == pending)
                {
                    _parser.Abort();
                    _inFlight = null;
                }
            }

            pending.Fail(new AtChannelClosedException(pending.Command.Text, $"Could not send {pending.Command.Text}: {ex.Message}", ex));
            return;
        }

        try
        {
            await pending.Task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AtException or OperationCanceledException)
        {
            // The outcome belongs to the caller; the loop only needed the command to be over.
        }
    }

    private void OnTimeout(Pending pending, TimeSpan timeout)
    {
        IReadOnlyList<string> lines;
        lock (_gate)
        {
            if (_inFlight != pending)
            {
                return;
            }

            lines = _parser.Abort();
            _inFlight = null;
            _needsResync = true;
            _timeouts++;
        }

        if (pending.Command.Kind == AtCommandKind.Prompt)
        {
            // The modem may still sit in text-input mode: ESC leaves it without sending.
            _ = WriteQuietlyAsync(Escape);
        }

        pending.Fail(new AtTimeoutException(pending.Command.Text, timeout, lines));
    }

    private async Task ReadLoopAsync()
    {
        Exception reason = new EndOfStreamException("The modem's stream ended.");
        var buffer = new byte[4096];
        var tokens = new List<AtToken>();
        try
        {
            while (true)
            {
                var n = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                tokens.Clear();
                lock (_gate)
                {
                    _framer.Push(buffer.AsSpan(0, n), tokens);
                }

                foreach (var token in tokens)
                {
                    await HandleAsync(token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            reason = new ObjectDisposedException(nameof(AtChannel));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or Saarthi.Native.NativeCallException)
        {
            reason = ex;
        }
        finally
        {
            Close(reason);
        }
    }

    private async Task HandleAsync(AtToken token)
    {
        AtParseResult result;
        Pending? pending;
        lock (_gate)
        {
            result = _parser.Feed(token);
            pending = _inFlight;
            if (result.Kind == AtParseKind.Final)
            {
                _inFlight = null;
            }
        }

        TraceLine(AtTraceDirection.Received, token.ToString());
        switch (result.Kind)
        {
            case AtParseKind.Final when pending is not null:
                pending.Complete(result.Response! with { Elapsed = _time.GetElapsedTime(pending.Started) });
                break;
            case AtParseKind.Prompt when pending?.Command.Payload is { } payload:
                TraceLine(AtTraceDirection.Sent, payload + "<Ctrl-Z>");
                await WriteQuietlyAsync([.. Encoding.ASCII.GetBytes(payload), .. CtrlZ]).ConfigureAwait(false);
                break;
            case AtParseKind.Event when result.Event is { } urc:
                if (urc is ModemReadyEvent ready && pending is not null)
                {
                    var lost = false;
                    lock (_gate)
                    {
                        if (_inFlight == pending)
                        {
                            _parser.Abort();
                            _inFlight = null;
                            lost = true;
                        }
                    }

                    if (lost)
                    {
                        pending.Fail(new AtModemResetException(pending.Command.Text, ready.Line));
                    }
                }

                Interlocked.Increment(ref _eventCount);
                _events.Writer.TryWrite(urc);
                break;
        }
    }

    private async Task WriteAsync(byte[] bytes, string? traceText)
    {
        await _writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            if (traceText is not null)
            {
                TraceLine(AtTraceDirection.Sent, traceText);
            }

            await _stream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
            await _stream.FlushAsync(_stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task WriteQuietlyAsync(byte[] bytes)
    {
        try
        {
            await WriteAsync(bytes, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or Saarthi.Native.NativeCallException)
        {
            // The command fails by its timeout or by the stream's end.
        }
    }

    private void TraceLine(AtTraceDirection direction, string text)
    {
        if (_options.Trace is { } trace)
        {
            try
            {
                trace(new AtTraceEntry(_time.GetUtcNow(), direction, text));
            }
            catch (Exception)
            {
                // A broken trace sink must not break the modem.
            }
        }
    }

    private void Close(Exception reason)
    {
        Pending? pending;
        lock (_gate)
        {
            if (_closedBecause is not null)
            {
                return;
            }

            _closedBecause = reason;
            pending = _inFlight;
            _inFlight = null;
            _parser.Abort();
        }

        pending?.Fail(Closed(pending.Command.Text));
        _queue.Writer.TryComplete();
        _events.Writer.TryComplete();
    }

    private AtChannelClosedException Closed(string command)
    {
        Exception? reason;
        lock (_gate)
        {
            reason = _closedBecause;
        }

        return new AtChannelClosedException(command, $"The AT channel is closed ({reason?.Message ?? "disposed"}); {command} was not answered.", reason);
    }

    private sealed class Pending(AtCommand command, CancellationToken callerToken)
    {
        private readonly TaskCompletionSource<AtResponse> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AtCommand Command { get; } = command;

        public CancellationToken CallerToken { get; } = callerToken;

        public long Started { get; set; }

        public Task<AtResponse> Task => _tcs.Task;

        public void Complete(AtResponse response) => _tcs.TrySetResult(response);

        public void Fail(Exception error) => _tcs.TrySetException(error);

        public void Cancel() => _tcs.TrySetCanceled(CallerToken);
    }
}
