using System.Globalization;
using System.Text;
using Saarthi.Native.Interop.Libc;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.At;
using Saarthi.Telephony.Sms;
using Saarthi.Telephony.Voice;

namespace Saarthi.Telephony.Fake;

/// <summary>Which modem the fake plays.</summary>
public enum FakeModemFlavor
{
    /// <summary>SIMCom SIM7600: <c>+RXDTMF: &lt;key&gt;</c> after AT+DDET=1, <c>VOICE CALL: BEGIN/END</c>, AT+CPCMREG.</summary>
    Sim7600,

    /// <summary>Quectel EC25: <c>+QTONEDET: &lt;ASCII code&gt;</c> after AT+QTONEDET=1, AT+QPCMV, <c>+QIND</c> start-up lines.</summary>
    Ec25,
}

/// <summary>The fake's side of the call.</summary>
public enum FakeCallState
{
    Idle,
    Ringing,
    Active,
}

/// <summary>What the fake network looks like.</summary>
public sealed record FakeModemOptions
{
    public FakeModemFlavor Flavor { get; init; } = FakeModemFlavor.Sim7600;

    /// <summary>Echo is on at power-up (ATE1), as on real modems.</summary>
    public bool EchoAtStart { get; init; } = true;

    public int SignalRssi { get; init; } = 23;

    public RegistrationStatus Registration { get; init; } = RegistrationStatus.RegisteredHome;

    public string Operator { get; init; } = "Saarthi Test Network";

    public bool SimReady { get; init; } = true;

    /// <summary>For the call duration in <c>VOICE CALL: END</c> and <c>MISSED_CALL</c>.</summary>
    public TimeProvider? TimeProvider { get; init; }
}

/// <summary>An SMS the fake modem accepted: the exact PDU hex it was sent, and that PDU decoded.</summary>
public sealed record FakeSms(string Pdu, int DeclaredLength, SmsPduInfo Message, int MessageReference);

/// <summary>
/// A GSM modem played in software on the far end of a serial line (one end of a pty pair): it answers the AT
/// commands a SIM7600 or EC25 answers, and is scripted from outside — ring with a caller id, key presses, a remote
/// hang-up, SMS acceptance — and can misbehave on purpose: garbage bytes, a swallowed OK, ERROR, a restart (RDY)
/// in the middle of a call, silence. A pty carries no audio, so the call's audio path is in-process
/// (<see cref="VoiceLink"/>): <see cref="Caller"/> is the caller's side, <see cref="OpenAsync"/> gives the kiosk's.
/// It drives <c>./saarthi demo</c> and the telephony tests.
/// </summary>
public sealed class FakeModem : IVoicePort, IAsyncDisposable
{
    private readonly Stream _line;
    private readonly PseudoTerminal? _pty;
    private readonly FakeModemOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _commands = [];
    private readonly List<(Func<string, bool> Match, int From, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly List<FakeSms> _sms = [];
    private readonly List<Fault> _faults = [];
    private readonly Task _loop;
    private bool _echo;
    private int _cmee;
    private bool _clip;
    private int _cmgf;
    private bool _dtmf;
    private bool _audioRouted;
    private FakeCallState _call;
    private string? _callerId;
    private long _callStarted;
    private IVoiceChannel? _kioskVoice;
    private IVoiceChannel? _callerVoice;
    private int _messageReference;
    private SmsInput? _smsInput;
    private int _disposed;

    /// <summary>Plays a modem on <paramref name="line"/> (the far end of the kiosk's serial port).</summary>
    public FakeModem(Stream line, FakeModemOptions? options = null)
        : this(line, null, options)
    {
    }

    private FakeModem(Stream line, PseudoTerminal? pty, FakeModemOptions? options)
    {
        ArgumentNullException.ThrowIfNull(line);
        _line = line;
        _pty = pty;
        _options = options ?? new FakeModemOptions();
        _time = _options.TimeProvider ?? TimeProvider.System;
        PowerOnDefaults();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>A fake modem on a new pty: the kiosk opens <see cref="DevicePath"/> as its serial port.</summary>
    public static FakeModem OnPseudoTerminal(FakeModemOptions? options = null)
    {
        var pty = PseudoTerminal.Open();
        return new FakeModem(pty.Master, pty, options);
    }

    /// <summary>The serial device the kiosk should open, when the fake made its own pty.</summary>
    public string? DevicePath => _pty?.SlavePath;

    public FakeModemFlavor Flavor => _options.Flavor;

    public FakeCallState CallState
    {
        get
        {
            lock (_gate)
            {
                return _call;
            }
        }
    }

    /// <summary>Whether the kiosk turned on DTMF reports (AT+DDET=1 / AT+QTONEDET=1).</summary>
    public bool DtmfReportsEnabled
    {
        get
        {
            lock (_gate)
            {
                return _dtmf;
            }
        }
    }

    /// <summary>Whether the call's audio is routed to USB (AT+CPCMREG=1 / AT+QPCMV=1,…).</summary>
    public bool AudioRouted
    {
        get
        {
            lock (_gate)
            {
                return _audioRouted;
            }
        }
    }

    /// <summary>Every command line received, in order.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Every SMS accepted, in order.</summary>
    public IReadOnlyList<FakeSms> Sms
    {
        get
        {
            lock (_gate)
            {
                return [.. _sms];
            }
        }
    }

    /// <summary>The caller's side of the call that is up (feed it the caller's voice, read what the kiosk says), or null.</summary>
    public IVoiceChannel? Caller
    {
        get
        {
            lock (_gate)
            {
                return _callerVoice;
            }
        }
    }

    /// <summary>While true, commands are read and recorded but never answered (a hung modem).</summary>
    public bool Silent { get; set; }

    /// <summary>Ends when the line closes or the fake is disposed.</summary>
    public Task Completion => _loop;

    // ---- scripting ---------------------------------------------------------------------------------------------

    /// <summary>An incoming call: <c>RING</c>, then <c>+CLIP</c> when the kiosk enabled caller id (null: withheld).</summary>
    public async Task RingAsync(string? callerId, CancellationToken cancellationToken = default)
    {
        bool clip;
        lock (_gate)
        {
            if (_call == FakeCallState.Active)
            {
                throw new InvalidOperationException("A call is already up.");
            }

            _call = FakeCallState.Ringing;
            _callerId = callerId;
            clip = _clip;
        }

        var text = new StringBuilder("\r\nRING\r\n");
        if (clip)
        {
            text.Append(callerId is null
                ? "\r\n+CLIP: \"\",128,\"\",0,\"\",1\r\n"
                : string.Create(CultureInfo.InvariantCulture, $"\r\n+CLIP: \"{callerId}\",{(callerId.StartsWith('+') ? 145 : 129)},\"\",0,\"\",0\r\n"));
        }

        await WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The caller presses keys: one DTMF report per key (if the kiosk enabled them), <paramref name="gap"/> apart.</summary>
    public async Task PressKeysAsync(string keys, TimeSpan gap = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            bool report;
            lock (_gate)
            {
                if (_call != FakeCallState.Active)
                {
                    throw new InvalidOperationException("No call is up.");
                }

                report = _dtmf;
            }

            if (report)
            {
                var urc = _options.Flavor == FakeModemFlavor.Ec25
                    ? string.Create(CultureInfo.InvariantCulture, $"+QTONEDET: {(int)key}")
                    : $"+RXDTMF: {key}";
                await SendUrcAsync(urc, cancellationToken).ConfigureAwait(false);
            }

            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The caller hangs up (or gives up while it rings).</summary>
    public async Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        FakeCallState was;
        string? callerId;
        TimeSpan duration;
        lock (_gate)
        {
            was = _call;
            callerId = _callerId;
            duration = _time.GetElapsedTime(_callStarted);
            EndCall();
        }

        var text = new StringBuilder();
        if (_options.Flavor == FakeModemFlavor.Sim7600 && was == FakeCallState.Active)
        {
            text.Append("\r\nVOICE CALL: END: ").Append(Hhmmss(duration)).Append("\r\n");
        }

        if (_options.Flavor == FakeModemFlavor.Sim7600 && was == FakeCallState.Ringing)
        {
            text.Append("\r\nMISSED_CALL: ").Append(_time.GetLocalNow().ToString("hh:mmtt", CultureInfo.InvariantCulture))
                .Append(' ').Append(callerId ?? "Unknown").Append("\r\n");
        }

        if (was != FakeCallState.Idle)
        {
            text.Append("\r\nNO CARRIER\r\n");
        }

        await WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The modem restarts: the call drops, settings return to power-up defaults (echo on, no caller id, no DTMF reports),
    /// and it prints its start-up lines (<c>RDY</c>, <c>+CPIN: READY</c>, <c>SMS DONE</c>…).
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            EndCall();
            PowerOnDefaults();
            _smsInput = null;
        }

        var banner = _options.Flavor == FakeModemFlavor.Ec25
            ? "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n"
            : "\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n\r\nPB DONE\r\n";
        await WriteAsync(banner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one unsolicited line.</summary>
    public Task SendUrcAsync(string line, CancellationToken cancellationToken = default) =>
        WriteAsync("\r\n" + line + "\r\n", cancellationToken);

    /// <summary>Sends raw bytes (line noise, half a line).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _line.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // ---- faults ------------------------------------------------------------------------------------------------

    /// <summary>The next command starting with <paramref name="commandPrefix"/> gets its information lines but no final result.</summary>
    public void SwallowNextFinal(string commandPrefix = "") => AddFault(new Fault(commandPrefix, FaultKind.Swallow, null, null));

    /// <summary>The next command starting with <paramref name="commandPrefix"/> ends with <paramref name="finalLine"/> (<c>ERROR</c>, <c>+CME ERROR: 10</c>).</summary>
    public void FailNext(string commandPrefix, string finalLine) => AddFault(new Fault(commandPrefix, FaultKind.Replace, finalLine, null));

    /// <summary>Line noise (any bytes, even a stale "\r\nOK\r\n") just before the next command's response.</summary>
    public void GarbageBeforeNextFinal(byte[] garbage, string commandPrefix = "") => AddFault(new Fault(commandPrefix, FaultKind.Garbage, null, garbage));

    /// <summary>The next command starting with <paramref name="commandPrefix"/> makes the modem restart instead of answering.</summary>
    public void RestartOnNext(string commandPrefix) => AddFault(new Fault(commandPrefix, FaultKind.Restart, null, null));

    // ---- observation -------------------------------------------------------------------------------------------

    /// <summary>Waits for a command matching <paramref name="match"/> at index <paramref name="from"/> or later; returns it.</summary>
    public Task<string> WaitForCommandAsync(Func<string, bool> match, int from = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            for (var i = from; i < _commands.Count; i++)
            {
                if (match(_commands[i]))
                {
                    return Task.FromResult(_commands[i]);
                }
            }

            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, from, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits for the command <paramref name="command"/> (exact, case-insensitive) at index <paramref name="from"/> or later.</summary>
    public Task<string> WaitForCommandAsync(string command, int from = 0, CancellationToken cancellationToken = default) =>
        WaitForCommandAsync(c => c.Equals(command, StringComparison.OrdinalIgnoreCase), from, cancellationToken);

    /// <summary>The kiosk's side of the call that is up.</summary>
    public ValueTask<IVoiceChannel> OpenAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _kioskVoice is { } voice
                ? ValueTask.FromResult(voice)
                : throw new InvalidOperationException("No call is up on the fake modem.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            EndCall();
            foreach (var waiter in _waiters)
            {
                waiter.Done.TrySetCanceled();
            }

            _waiters.Clear();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (_pty is not null)
        {
            _pty.Dispose();
        }
        else
        {
            await _line.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    // ---- the modem ---------------------------------------------------------------------------------------------

    private async Task RunAsync()
    {
        var buffer = new byte[4096];
        var line = new StringBuilder();
        try
        {
            while (true)
            {
                var n = await _line.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                for (var i = 0; i < n; i++)
                {
                    var b = buffer[i];
                    SmsInput? sms;
                    lock (_gate)
                    {
                        sms = _smsInput;
                    }

                    if (sms is not null)
                    {
                        if (b == 0x1A)
                        {
                            await CompleteSmsAsync(sms).ConfigureAwait(false);
                        }
                        else if (b == 0x1B)
                        {
                            lock (_gate)
                            {
                                _smsInput = null;
                            }

                            await WriteAsync("\r\nOK\r\n", _stop.Token).ConfigureAwait(false);
                        }
                        else if (b is >= 0x21 and < 0x7F)
                        {
                            sms.Hex.Append((char)b);
                        }

                        continue;
                    }

                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        if (line.Length > 0)
                        {
                            var command = line.ToString().Trim();
                            line.Clear();
                            await OnCommandAsync(command).ConfigureAwait(false);
                        }

                        continue;
                    }

                    if (b == 0x08 && line.Length > 0)
                    {
                        line.Length--;
                    }
                    else if (b is >= 0x20 and < 0x7F && line.Length < 1024)
                    {
                        line.Append((char)b);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SerialPortException)
        {
            // the kiosk's end went away
        }
    }

    private async Task OnCommandAsync(string command)
    {
        bool echo;
        Fault? fault;
        lock (_gate)
        {
            _commands.Add(command);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (match, from, done) = _waiters[i];
                if (_commands.Count - 1 >= from && match(command))
                {
                    done.TrySetResult(command);
                    _waiters.RemoveAt(i);
                }
            }

            echo = _echo;
            fault = TakeFault(command);
        }

        if (echo)
        {
            await WriteAsync(command + "\r", _stop.Token).ConfigureAwait(false);
        }

        if (Silent || !command.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (fault?.Kind == FaultKind.Restart)
        {
            await RestartAsync(_stop.Token).ConfigureAwait(false);
            return;
        }

        var reply = Execute(command);
        if (reply.Prompt is { } sms)
        {
            lock (_gate)
            {
                _smsInput = sms with { Fault = fault };
            }

            await WriteAsync("\r\n> ", _stop.Token).ConfigureAwait(false);
            return;
        }

        await SendReplyAsync(reply, fault).ConfigureAwait(false);
    }

    private async Task SendReplyAsync(Reply reply, Fault? fault)
    {
        if (fault?.Kind == FaultKind.Garbage && fault.Garbage is { } garbage)
        {
            await SendRawAsync(garbage, _stop.Token).ConfigureAwait(false);
        }

        var text = new StringBuilder();
        foreach (var line in reply.Lines)
        {
            text.Append("\r\n").Append(line).Append("\r\n");
        }

        await WriteAsync(text.ToString(), _stop.Token).ConfigureAwait(false);

        var final = fault?.Kind switch
        {
            FaultKind.Swallow => null,
            FaultKind.Replace => fault.FinalLine,
            _ => reply.Final,
        };
        var after = new StringBuilder();
        if (final is not null)
        {
            after.Append("\r\n").Append(final).Append("\r\n");
        }

        foreach (var urc in reply.After)
        {
            after.Append("\r\n").Append(urc).Append("\r\n");
        }

        await WriteAsync(after.ToString(), _stop.Token).ConfigureAwait(false);
    }

    private async Task CompleteSmsAsync(SmsInput input)
    {
        lock (_gate)
        {
            _smsInput = null;
        }

        var hex = input.Hex.ToString();
        Reply reply;
        try
        {
            var info = SmsPduDecoder.Decode(hex);
            if (info.TpduLength != input.DeclaredLength || info.Type != SmsPduType.Submit)
            {
                reply = new Reply([], "+CMS ERROR: 304", []);
            }
            else
            {
                int mr;
                lock (_gate)
                {
                    mr = _messageReference = (_messageReference + 1) % 256;
                    _sms.Add(new FakeSms(hex, input.DeclaredLength, info, mr));
                }

                reply = new Reply([string.Create(CultureInfo.InvariantCulture, $"+CMGS: {mr}")], "OK", []);
            }
        }
        catch (FormatException)
        {
            reply = new Reply([], "+CMS ERROR: 304", []);
        }

        await SendReplyAsync(reply, input.Fault).ConfigureAwait(false);
    }

    private Reply Execute(string command)
    {
        var upper = command.ToUpperInvariant();
        lock (_gate)
        {
            switch (upper)
            {
                case "AT":
                    return Ok();
                case "ATE0":
                    _echo = false;
                    return Ok();
                case "ATE1":
                case "ATE":
                    _echo = true;
                    return Ok();
                case "ATZ":
                case "AT&F":
                    return Ok();
                case "ATI":
                    return new Reply([.. Identity(), "+GCAP: +CGSM"], "OK", []);
                case "ATA":
                    return Answer();
                case "ATH":
                case "ATH0":
                case "AT+CHUP":
                    return LocalHangup();
            }

            if (!upper.StartsWith("AT+", StringComparison.Ordinal))
            {
                return Error();
            }

            var (name, op, args) = Split(upper);
            return (name, op) switch
            {
                ("CGMI", _) => new Reply([_options.Flavor == FakeModemFlavor.Ec25 ? "Quectel" : "SIMCOM INCORPORATED"], "OK", []),
                ("CGMM", _) => new Reply([Model], "OK", []),
                ("CGMR", _) => new Reply([_options.Flavor == FakeModemFlavor.Ec25 ? "EC25EFAR06A06M4G" : "LE20B04SIM7600G22"], "OK", []),
                ("CGSN", _) => new Reply(["867584030000001"], "OK", []),
                ("CMEE", "=") => SetInt(args, 0, 2, v => _cmee = v),
                ("CMEE", "?") => Read($"+CMEE: {_cmee}"),
                ("CLIP", "=") => SetInt(args, 0, 1, v => _clip = v == 1),
                ("CLIP", "?") => Read($"+CLIP: {(_clip ? 1 : 0)},1"),
                ("CMGF", "=") => SetInt(args, 0, 1, v => _cmgf = v),
                ("CMGF", "?") => Read($"+CMGF: {_cmgf}"),
                ("CNMI", "=") => Ok(),
                ("CREG" or "CEREG" or "CGREG", "=") => Ok(),
                ("CREG" or "CEREG" or "CGREG", "?") => Read($"+{name}: 0,{(int)_options.Registration}"),
                ("CSQ", "") => Read($"+CSQ: {_options.SignalRssi},99"),
                ("CPIN", "?") => _options.SimReady ? Read("+CPIN: READY") : CmeError(10, "SIM not inserted"),
                ("COPS", "?") => Read($"+COPS: 0,0,\"{_options.Operator}\",7"),
                ("CLCC", "") => Read([.. CallList()]),
                ("CMGS", "=") => SmsPrompt(args),
                ("CFUN", "=") => Ok(),
                ("DDET", "=") when _options.Flavor == FakeModemFlavor.Sim7600 => SetInt(args, 0, 1, v => _dtmf = v == 1),
                ("CPCMFRM", "=") when _options.Flavor == FakeModemFlavor.Sim7600 => Ok(),
                ("CPCMREG", "=") when _options.Flavor == FakeModemFlavor.Sim7600 => SetInt(args, 0, 1, v => _audioRouted = v == 1),
                ("QTONEDET", "=") when _options.Flavor == FakeModemFlavor.Ec25 => SetInt(args, 0, 1, v => _dtmf = v == 1),
                ("QPCMV", "=") when _options.Flavor == FakeModemFlavor.Ec25 => SetInt(args, 0, 1, v => _audioRouted = v == 1),
                _ => Error(),
            };
        }
    }

    private string Model => _options.Flavor == FakeModemFlavor.Ec25 ? "EC25" : "SIMCOM_SIM7600G-H";

    private string[] Identity() => _options.Flavor == FakeModemFlavor.Ec25
        ? ["Quectel", "EC25", "Revision: EC25EFAR06A06M4G"]
        : ["Manufacturer: SIMCOM INCORPORATED", "Model: SIMCOM_SIM7600G-H", "Revision: LE20B04SIM7600G22", "IMEI: 867584030000001"];

    private Reply Answer()
    {
        if (_call != FakeCallState.Ringing)
        {
            return new Reply([], "NO CARRIER", []);
        }

        _call = FakeCallState.Active;
        _callStarted = _time.GetTimestamp();
        (_kioskVoice, _callerVoice) = VoiceLink.Create(AudioFormat.Telephone8k);
        return new Reply([], "OK", _options.Flavor == FakeModemFlavor.Sim7600 ? ["VOICE CALL: BEGIN"] : []);
    }

    private Reply LocalHangup()
    {
        var was = _call;
        var duration = _time.GetElapsedTime(_callStarted);
        EndCall();
        return new Reply([], "OK", _options.Flavor == FakeModemFlavor.Sim7600 && was == FakeCallState.Active ? [$"VOICE CALL: END: {Hhmmss(duration)}"] : []);
    }

    private IEnumerable<string> CallList()
    {
        if (_call == FakeCallState.Idle)
        {
            yield break;
        }

        var number = _callerId ?? string.Empty;
        yield return string.Create(CultureInfo.InvariantCulture,
            $"+CLCC: 1,1,{(_call == FakeCallState.Active ? 0 : 4)},0,0,\"{number}\",{(number.StartsWith('+') ? 145 : 129)}");
    }

    private Reply SmsPrompt(string args)
    {
        if (_cmgf != 0 || !int.TryParse(args, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) || length is < 7 or > 176)
        {
            return new Reply([], "+CMS ERROR: 304", []);
        }

        return new Reply([], null, []) { Prompt = new SmsInput(length, new StringBuilder(), null) };
    }

    private void EndCall()
    {
        _call = FakeCallState.Idle;
        _callerId = null;
        _audioRouted = _options.Flavor == FakeModemFlavor.Ec25 && _audioRouted; // QPCMV stays set; CPCMREG ends with the call
        var (kiosk, caller) = (_kioskVoice, _callerVoice);
        (_kioskVoice, _callerVoice) = (null, null);
        _ = kiosk?.DisposeAsync().AsTask();
        _ = caller?.DisposeAsync().AsTask();
    }

    private void PowerOnDefaults()
    {
        _echo = _options.EchoAtStart;
        _cmee = 0;
        _clip = false;
        _cmgf = 0;
        _dtmf = false;
        _audioRouted = false;
    }

    private Fault? TakeFault(string command)
    {
        for (var i = 0; i < _faults.Count; i++)
        {
            if (command.StartsWith(_faults[i].CommandPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var fault = _faults[i];
                _faults.RemoveAt(i);
                return fault;
            }
        }

        return null;
    }

    private void AddFault(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return;
        }

        await SendRawAsync(Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    private static (string Name, string Op, string Args) Split(string upper)
    {
        var body = upper[3..];
        var i = body.IndexOfAny(['=', '?']);
        if (i < 0)
        {
            return (body, string.Empty, string.Empty);
        }

        if (body[i] == '?')
        {
            return (body[..i], "?", string.Empty);
        }

        return body[(i + 1)..] == "?" ? (body[..i], "=?", string.Empty) : (body[..i], "=", body[(i + 1)..]);
    }

    private Reply SetInt(string args, int min, int max, Action<int> set)
    {
        var first = args.Split(',')[0];
        if (!int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            return Error();
        }

        set(value);
        return Ok();
    }

    private Reply CmeError(int code, string text) =>
        new([], _cmee switch { 1 => $"+CME ERROR: {code}", 2 => $"+CME ERROR: {text}", _ => "ERROR" }, []);

    private static Reply Ok() => new([], "OK", []);

    private static Reply Error() => new([], "ERROR", []);

    private static Reply Read(params string[] lines) => new(lines, "OK", []);

    private static string Hhmmss(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours % 100:00}{t.Minutes:00}{t.Seconds:00}");

    private enum FaultKind
    {
        Swallow,
        Replace,
        Garbage,
        Restart,
    }

    private sealed record Fault(string CommandPrefix, FaultKind Kind, string? FinalLine, byte[]? Garbage);

    private sealed record SmsInput(int DeclaredLength, StringBuilder Hex, Fault? Fault);

    private sealed record Reply(IReadOnlyList<string> Lines, string? Final, IReadOnlyList<string> After)
    {
        public SmsInput? Prompt { get; init; }
    }
}
