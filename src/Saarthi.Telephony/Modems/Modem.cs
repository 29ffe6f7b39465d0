using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saarthi.Native.Interop.Libc;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.At;
using Saarthi.Telephony.Sms;
using Saarthi.Telephony.Voice;

namespace Saarthi.Telephony.Modems;

/// <summary>
/// A GSM modem as a <see cref="ICallLine"/>: initialises it from its <see cref="ModemProfile"/>, turns its unsolicited
/// results into call events (RING/+CLIP → incoming call, NO CARRIER → remote hang-up, +RXDTMF/+QTONEDET → keys), answers
/// and hangs up, sends SMS in PDU mode, and survives the modem's resets: <c>RDY</c>, a silent modem (keep-alives
/// unanswered) or its serial port going away all publish a <see cref="CallLineEvent.Reset"/> and re-initialise the same
/// object, reopening the port when needed.
/// </summary>
public sealed class Modem : ICallLine
{
    private readonly Func<CancellationToken, ValueTask<Stream>> _connect;
    private readonly IVoicePort? _voicePort;
    private readonly ModemOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<CallLineEvent> _lineEvents = Channel.CreateUnbounded<CallLineEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _firstInit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile AtChannel? _channel;
    private Task? _supervisor;
    private Task? _watchdog;
    private Task _initTask = Task.CompletedTask;
    private bool _initRunning;
    private ModemLineState _state = ModemLineState.Stopped;
    private bool _callAnnounced;
    private ITimer? _callerIdTimer;
    private IVoiceChannel? _voice;
    private long _playStart;
    private TimeSpan _played;
    private IVoiceChannel? _pacedVoice;
    private int _smsReference;
    private int _missedKeepAlives;
    private int _resetGeneration;
    private int _resets;
    private SimStatusEvent? _sim;
    private SignalQualityEvent? _signal;
    private RegistrationEvent? _registration;
    private int _disposed;

    /// <param name="profile">What this modem model needs (init commands, call and audio commands).</param>
    /// <param name="connect">Opens the AT port; called again to reopen it after the device went away.</param>
    /// <param name="voicePort">The call's audio path (the modem's PCM port, or the fake modem's in-process path).</param>
    public Modem(ModemProfile profile, Func<CancellationToken, ValueTask<Stream>> connect, IVoicePort? voicePort = null, ModemOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(connect);
        Profile = profile;
        _connect = connect;
        _voicePort = voicePort;
        _options = options ?? new ModemOptions();
        _time = timeProvider ?? TimeProvider.System;
        _smsReference = Random.Shared.Next(256);
    }

    /// <summary>A modem on a serial device (the profile's AT port unless <paramref name="atPort"/> is given) with its PCM audio port.</summary>
    public static Modem OnSerialPort(ModemProfile profile, string? atPort = null, IVoicePort? voicePort = null, ModemOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var device = atPort ?? profile.Serial.AtPort;
        voicePort ??= profile.Audio is { Transport: "serial-pcm", Device: { } audioDevice }
            ? new SerialVoicePort(audioDevice, new AudioFormat(profile.Audio.SampleRate, 1, 16), TimeSpan.FromMilliseconds(profile.Audio.FrameMilliseconds))
            : null;
        return new Modem(
            profile,
            _ => ValueTask.FromResult<Stream>(SerialPortStream.Open(device, new SerialPortSettings { BaudRate = profile.Serial.BaudRate })),
            voicePort,
            options,
            timeProvider);
    }

    public ModemProfile Profile { get; }

    public string Name => "modem:" + Profile.Id;

    public ModemLineState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>How many times the modem was re-initialised after a reset, a silence or a reconnect.</summary>
    public int Resets => Volatile.Read(ref _resets);

    /// <summary>Counters of the current AT channel.</summary>
    public AtChannelStatistics? Statistics => _channel?.Statistics;

    /// <summary>Opens the port and runs the initialisation sequence; the line is ready when this returns.</summary>
    /// <exception cref="SerialPortException">The AT port is missing, busy or not permitted (the message names it).</exception>
    /// <exception cref="ModemInitializationException">The modem did not accept its initialisation.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state != ModemLineState.Stopped)
            {
                throw new InvalidOperationException($"{Name} was already started ({_state}).");
            }

            _state = ModemLineState.Initializing;
        }

        try
        {
            var stream = await _connect(cancellationToken).ConfigureAwait(false);
            _channel = NewChannel(stream);
            _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
            StartInit("start");
            await _firstInit.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (_options.KeepAliveInterval > TimeSpan.Zero && _options.KeepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            _watchdog = Task.Run(WatchdogAsync, CancellationToken.None);
        }
    }

    public IAsyncEnumerable<CallLineEvent> EventsAsync(CancellationToken cancellationToken = default) =>
        _lineEvents.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Sends any command (diagnostics, <c>doctor</c>); the response whatever its final result.</summary>
    public Task<AtResponse> ExecuteAsync(AtCommand command, CancellationToken cancellationToken = default) =>
        RequireChannel().ExecuteAsync(command, cancellationToken);

    public async Task AnswerAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state != ModemLineState.Ringing)
            {
                throw new InvalidOperationException($"{Name}: no call is ringing (the line is {_state}).");
            }
        }

        var channel = RequireChannel();
        var response = await channel.ExecuteAsync(
            new AtCommand(Profile.Call.Answer) { Timeout = TimeSpan.FromSeconds(Profile.Call.AnswerTimeoutSeconds) }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            lock (_gate)
            {
                if (_state == ModemLineState.Ringing)
                {
                    _state = ModemLineState.Ready;
                }
            }

            response.EnsureSuccess();
        }

        lock (_gate)
        {
            if (_state != ModemLineState.Ringing)
            {
                return; // the caller hung up while we answered: the RemoteHangup event is already out
            }

            _state = ModemLineState.InCall;
            DisposeCallerIdTimer();
        }

        foreach (var command in Profile.Audio.On)
        {
            await BestEffortAsync(channel, command, "route the call's audio", cancellationToken).ConfigureAwait(false);
        }

        if (_voicePort is null)
        {
            return;
        }

        IVoiceChannel voice;
        try
        {
            voice = await _voicePort.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SerialPortException ex)
        {
            throw new IOException($"{Name}: the call is up but its audio port could not be opened: {ex.Message}", ex);
        }

        lock (_gate)
        {
            if (_state == ModemLineState.InCall)
            {
                _voice = voice;
                return;
            }
        }

        await voice.DisposeAsync().ConfigureAwait(false);
    }

    public async Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        IVoiceChannel? voice;
        bool wasInCall;
        lock (_gate)
        {
            if (_state is not (ModemLineState.Ringing or ModemLineState.InCall))
            {
                return;
            }

            wasInCall = _state == ModemLineState.InCall;
            _state = ModemLineState.Ready; // the modem's own end-of-call URCs are no remote hang-up now
            DisposeCallerIdTimer();
            (voice, _voice) = (_voice, null);
        }

        if (voice is not null)
        {
            await voice.DisposeAsync().ConfigureAwait(false);
        }

        var channel = RequireChannel();
        var response = await channel.ExecuteAsync(new AtCommand(Profile.Call.Hangup), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && Profile.Call.HangupFallback is { } fallback)
        {
            Log($"{Profile.Call.Hangup} answered {response.Final}; trying {fallback}");
            await channel.SendAsync(fallback, null, cancellationToken).ConfigureAwait(false);
        }

        if (wasInCall)
        {
            foreach (var command in Profile.Audio.Off)
            {
                await BestEffortAsync(channel, command, "unroute the call's audio", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async IAsyncEnumerable<AudioFrame> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IVoiceChannel? voice;
        lock (_gate)
        {
            voice = _voice;
        }

        if (voice is null)
        {
            yield break;
        }

        await foreach (var frame in voice.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    public async Task PlayAsync(AudioFrame audio, CancellationToken cancellationToken = default)
    {
        IVoiceChannel? voice;
        TimeSpan wait = TimeSpan.Zero;
        lock (_gate)
        {
            voice = _voice;
            if (voice is null)
            {
                return; // no call up: the caller is gone, nothing to play to
            }

            if (_options.PaceAudio)
            {
                var now = _time.GetTimestamp();
                if (_pacedVoice != voice || _time.GetElapsedTime(_playStart, now) > _played)
                {
                    // A new call, or playback paused: real time restarts from now.
                    _pacedVoice = voice;
                    _playStart = now;
                    _played = TimeSpan.Zero;
                }

                wait = _played - _options.PlaybackLead - _time.GetElapsedTime(_playStart, now);
                _played += audio.Duration;
            }
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        await voice.WriteAsync(audio, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SmsSendResult> SendSmsAsync(string number, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(number);
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<SmsSubmitPdu> parts;
        try
        {
            parts = SmsSubmitEncoder.Encode(number, text, new SmsSubmitOptions { ConcatReference = (byte)Interlocked.Increment(ref _smsReference) });
        }
        catch (ArgumentException ex)
        {
            return new SmsSendResult(false, 0, [], ex.Message);
        }

        var references = new List<int>();
        var timeout = TimeSpan.FromSeconds(Profile.Sms.SubmitTimeoutSeconds);
        foreach (var part in parts)
        {
            AtResponse response;
            try
            {
                response = await RequireChannel().ExecuteAsync(AtCommand.SmsSubmit(part.TpduLength, part.Hex, timeout), cancellationToken).ConfigureAwait(false);
            }
            catch (AtException ex)
            {
                return new SmsSendResult(false, parts.Count, references, $"part {part.Part}/{part.Parts}: {ex.Message}");
            }

            if (!response.IsSuccess)
            {
                return new SmsSendResult(false, parts.Count, references, $"part {part.Part}/{part.Parts}: {response}");
            }

            if (response.Value("+CMGS:") is { } mr && int.TryParse(AtFields.Split(mr)[0].Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var reference))
            {
                references.Add(reference);
            }
        }

        return new SmsSendResult(true, parts.Count, references);
    }

    public async Task<LineHealth> HealthAsync(CancellationToken cancellationToken = default)
    {
        var state = State;
        var ready = state is ModemLineState.Ready or ModemLineState.Ringing or ModemLineState.InCall;
        var problems = new List<string>();
        string? op = null;
        var channel = _channel;
        if (channel is null || !channel.IsOpen)
        {
            return new LineHealth(false, false, null, null, null, $"{Name}: {state}, no AT channel");
        }

        try
        {
            var cpin = await channel.ExecuteAsync(new AtCommand("AT+CPIN?"), cancellationToken).ConfigureAwait(false);
            if (cpin.Value("+CPIN:") is { } sim)
            {
                Remember(new SimStatusEvent(sim.Trim('"')));
            }
            else if (!cpin.IsSuccess)
            {
                problems.Add("SIM: " + (cpin.ErrorText ?? cpin.Final.ToString()));
                Remember(new SimStatusEvent(cpin.ErrorText ?? "ERROR"));
            }

            var csq = await channel.ExecuteAsync(new AtCommand("AT+CSQ"), cancellationToken).ConfigureAwait(false);
            if (csq.Value("+CSQ:") is { } q && UrcParser.ParseCsq(q) is { } signal)
            {
                Remember(signal);
            }

            RegistrationEvent? best = null;
            foreach (var command in Profile.Health.Registration)
            {
                var r = await channel.ExecuteAsync(new AtCommand(command), cancellationToken).ConfigureAwait(false);
                var prefix = AtCommand.DerivePrefixes(command).FirstOrDefault();
                if (prefix is null || r.Value(prefix) is not { } value)
                {
                    continue;
                }

                var domain = prefix switch { "+CEREG:" => RegistrationDomain.Eps, "+CGREG:" => RegistrationDomain.Packet, _ => RegistrationDomain.CircuitSwitched };
                if (UrcParser.ParseRegistration(domain, value) is { } reg && (best is null || (reg.IsRegistered && !best.IsRegistered)))
                {
                    best = reg;
                }
            }

            if (best is not null)
            {
                Remember(best);
            }

            var cops = await channel.ExecuteAsync(new AtCommand("AT+COPS?"), cancellationToken).ConfigureAwait(false);
            if (cops.Value("+COPS:") is { } c && AtFields.Split(c) is { Count: >= 3 } f && !f[2].IsEmpty)
            {
                op = f[2].Text;
            }
        }
        catch (AtException ex)
        {
            problems.Add(ex.Message);
        }

        SimStatusEvent? simState;
        SignalQualityEvent? signalState;
        RegistrationEvent? registration;
        lock (_gate)
        {
            (simState, signalState, registration) = (_sim, _signal, _registration);
        }

        var simReady = simState?.IsReady ?? false;
        var dbm = signalState?.Dbm;
        if (!simReady)
        {
            problems.Add($"SIM not ready ({simState?.Status ?? "unknown"})");
        }

        if (registration is null || !registration.IsRegistered)
        {
            problems.Add($"not registered ({registration?.Status.ToString() ?? "unknown"})");
        }

        if (!ready)
        {
            problems.Insert(0, $"line {state}");
        }

        var detail = problems.Count == 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"registered ({(registration!.IsRoaming ? "roaming" : "home")}), {(dbm is { } d ? d + " dBm" : "signal unknown")}{(op is null ? string.Empty : ", " + op)}")
            : string.Join("; ", problems);
        return new LineHealth(ready, simReady, registration?.Status, dbm, op, detail);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        IVoiceChannel? voice;
        lock (_gate)
        {
            _state = ModemLineState.Closed;
            DisposeCallerIdTimer();
            (voice, _voice) = (_voice, null);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (voice is not null)
        {
            await voice.DisposeAsync().ConfigureAwait(false);
        }

        if (_channel is { } channel)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var task in new[] { _supervisor, _watchdog, _initTask })
        {
            if (task is null)
            {
                continue;
            }

            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
            }
        }

        _firstInit.TrySetCanceled();
        _lineEvents.Writer.TryComplete();
        _stop.Dispose();
    }

    private AtChannel NewChannel(Stream stream) =>
        new(stream, new AtChannelOptions { DefaultTimeout = Profile.DefaultTimeout, Trace = _options.Trace }, _time);

    private AtChannel RequireChannel() =>
        _channel ?? throw new InvalidOperationException($"{Name} is not started.");

    private async Task SuperviseAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            var channel = _channel!;
            try
            {
                await foreach (var urc in channel.ReadEventsAsync(stop).ConfigureAwait(false))
                {
                    OnModemEvent(urc);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            // The port went away (USB re-enumeration after a modem reset, unplug): publish, reopen, re-initialise.
            var callWasUp = EnterRecovery(out var voice);
            if (voice is not null)
            {
                await voice.DisposeAsync().ConfigureAwait(false);
            }

            Publish(new CallLineEvent.Reset("the modem's serial port closed", callWasUp));
            Log("AT port closed; reopening");
            await channel.DisposeAsync().ConfigureAwait(false);
            var delay = _options.ReconnectDelay;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    _channel = NewChannel(await _connect(stop).ConfigureAwait(false));
                    break;
                }
                catch (Exception ex) when (ex is SerialPortException or IOException)
                {
                    Log($"reopen failed ({ex.Message}); retrying in {delay.TotalSeconds:0.#} s");
                    try
                    {
                        await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await _initTask.ConfigureAwait(false); // an initialisation on the old channel ends as soon as it notices
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
            }

            if (!stop.IsCancellationRequested)
            {
                StartInit("serial port reopened");
            }
        }
    }

    private void OnModemEvent(ModemEvent urc)
    {
        switch (urc)
        {
            case RingEvent:
                lock (_gate)
                {
                    if (_state == ModemLineState.Ready)
                    {
                        _state = ModemLineState.Ringing;
                        _callAnnounced = false;
                        _callerIdTimer = _time.CreateTimer(_ => AnnounceCall(null, onlyIfUnannounced: true), null, _options.CallerIdWait, Timeout.InfiniteTimeSpan);
                    }
                    else if (_state == ModemLineState.Ringing && !_callAnnounced)
                    {
                        AnnounceCall(null, onlyIfUnannounced: true); // a second RING and still no +CLIP
                    }
                }

                break;

            case CallerIdEvent clip:
                lock (_gate)
                {
                    if (_state == ModemLineState.Ready)
                    {
                        _state = ModemLineState.Ringing; // +CLIP before RING (some firmware)
                        _callAnnounced = false;
                    }

                    if (_state == ModemLineState.Ringing)
                    {
                        AnnounceCall(clip.IsPresented ? clip.Number : null, onlyIfUnannounced: true);
                    }
                }

                break;

            case CallEndedEvent ended:
                EndCallRemotely(ended.Reason);
                break;

            case MissedCallEvent:
                EndCallRemotely(CallEndReason.NoCarrier);
                break;

            case DtmfReceivedEvent key:
                lock (_gate)
                {
                    if (_state == ModemLineState.InCall)
                    {
                        Publish(new CallLineEvent.Dtmf(key.Digit));
                    }
                }

                break;

            case ModemReadyEvent ready:
                OnModemRestarted(ready.Line);
                break;

            case SimStatusEvent or SignalQualityEvent or RegistrationEvent:
                Remember(urc);
                break;

            case UnknownUrcEvent unknown:
                Log("unrecognised line from the modem: " + unknown.Line);
                break;
        }
    }

    private void AnnounceCall(string? callerId, bool onlyIfUnannounced)
    {
        lock (_gate)
        {
            if (_state != ModemLineState.Ringing || (onlyIfUnannounced && _callAnnounced))
            {
                return;
            }

            _callAnnounced = true;
            DisposeCallerIdTimer();
            Publish(new CallLineEvent.IncomingCall(callerId));
        }
    }

    private void EndCallRemotely(CallEndReason reason)
    {
        IVoiceChannel? voice;
        bool wasInCall;
        lock (_gate)
        {
            if (_state is not (ModemLineState.Ringing or ModemLineState.InCall))
            {
                return; // after our own hang-up, or a duplicate (VOICE CALL: END then NO CARRIER)
            }

            wasInCall = _state == ModemLineState.InCall;
            var announced = _callAnnounced || wasInCall;
            _state = ModemLineState.Ready;
            DisposeCallerIdTimer();
            (voice, _voice) = (_voice, null);
            if (announced)
            {
                Publish(new CallLineEvent.RemoteHangup(reason));
            }
        }

        if (voice is not null)
        {
            _ = voice.DisposeAsync().AsTask();
        }

        if (wasInCall && Profile.Audio.Off.Count > 0 && _channel is { } channel)
        {
            _ = Task.Run(async () =>
            {
                foreach (var command in Profile.Audio.Off)
                {
                    await BestEffortAsync(channel, command, "unroute the call's audio", _stop.Token).ConfigureAwait(false);
                }
            });
        }
    }

    private void OnModemRestarted(string line)
    {
        IVoiceChannel? voice;
        bool callWasUp;
        lock (_gate)
        {
            _resetGeneration++;
            if (_state == ModemLineState.Recovering && !_initRunning)
            {
                callWasUp = false; // silent, then restarted: the Reset went out when it fell silent
            }
            else if (_state is not (ModemLineState.Ready or ModemLineState.Ringing or ModemLineState.InCall))
            {
                return; // already initialising: that loop notices the new generation and starts over
            }
            else
            {
                callWasUp = _state is ModemLineState.InCall or ModemLineState.Ringing;
                Publish(new CallLineEvent.Reset($"the modem restarted ({line})", callWasUp));
            }

            _state = ModemLineState.Initializing;
            DisposeCallerIdTimer();
            (voice, _voice) = (_voice, null);
        }

        if (voice is not null)
        {
            _ = voice.DisposeAsync().AsTask();
        }

        Log($"modem restarted ({line}); re-initialising");
        StartInit("modem restarted");
    }

    private bool EnterRecovery(out IVoiceChannel? voice)
    {
        lock (_gate)
        {
            var callWasUp = _state is ModemLineState.InCall or ModemLineState.Ringing;
            if (_state != ModemLineState.Closed)
            {
                _state = ModemLineState.Recovering;
            }

            DisposeCallerIdTimer();
            (voice, _voice) = (_voice, null);
            return callWasUp;
        }
    }

    private void StartInit(string reason)
    {
        var channel = _channel!;
        lock (_gate)
        {
            if (_initRunning)
            {
                return; // the running initialisation starts over by itself when it sees the new reset generation
            }

            _initRunning = true;
            if (_state != ModemLineState.Closed && _state != ModemLineState.Recovering)
            {
                _state = ModemLineState.Initializing;
            }

            _initTask = Task.Run(() => InitializeAsync(channel, reason), CancellationToken.None);
        }
    }

    private async Task InitializeAsync(AtChannel channel, string reason)
    {
        var stop = _stop.Token;
        Exception? last = null;
        for (var attempt = 1; attempt <= Math.Max(1, _options.InitAttempts) && !stop.IsCancellationRequested; attempt++)
        {
            int generation;
            lock (_gate)
            {
                generation = _resetGeneration;
            }

            try
            {
                await RunInitStepsAsync(channel, stop).ConfigureAwait(false);
                lock (_gate)
                {
                    if (generation != _resetGeneration)
                    {
                        attempt--; // the modem restarted under us: its settings are gone, start over
                        continue;
                    }

                    if (_state is ModemLineState.Initializing or ModemLineState.Recovering)
                    {
                        _state = ModemLineState.Ready;
                    }

                    _missedKeepAlives = 0;
                    _initRunning = false;
                }

                if (reason != "start")
                {
                    Interlocked.Increment(ref _resets);
                }

                Log($"initialised ({reason})");
                _firstInit.TrySetResult();
                return;
            }
            catch (AtModemResetException)
            {
                attempt--;
            }
            catch (Exception ex) when (ex is AtException or ModemInitializationException)
            {
                last = ex;
                if (ex is AtChannelClosedException)
                {
                    break;
                }

                Log($"initialisation attempt {attempt} failed: {ex.Message}");
                try
                {
                    await Task.Delay(_options.InitRetryDelay, _time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        var failure = last as ModemInitializationException
            ?? new ModemInitializationException($"{Name}: initialisation failed ({reason}): {last?.Message ?? "stopped"}", last ?? new OperationCanceledException());
        lock (_gate)
        {
            if (_state != ModemLineState.Closed)
            {
                _state = ModemLineState.Recovering; // the watchdog tries again when the modem answers
            }

            _initRunning = false;
        }

        Log(failure.Message);
        _firstInit.TrySetException(failure);
    }

    private async Task RunInitStepsAsync(AtChannel channel, CancellationToken cancellationToken)
    {
        // Wake it: the first AT after a restart may be eaten (autobaud) or echoed.
        AtException? wakeError = null;
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await channel.SendAsync(new AtCommand("AT") { Timeout = TimeSpan.FromSeconds(1) }, cancellationToken).ConfigureAwait(false);
                wakeError = null;
                break;
            }
            catch (AtException ex) when (ex is AtTimeoutException or AtCommandException)
            {
                wakeError = ex;
            }
        }

        if (wakeError is not null)
        {
            throw new ModemInitializationException($"{Name}: the modem does not answer AT ({wakeError.Message})", wakeError);
        }

        foreach (var step in Profile.Init)
        {
            var command = new AtCommand(step.Command) { Timeout = step.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null };
            var response = await channel.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccess)
            {
                continue;
            }

            if (step.Optional)
            {
                Log($"optional {step.Command} not accepted ({response.Final}{(response.ErrorText is null ? string.Empty : ": " + response.ErrorText)}); {step.Why ?? "skipped"}");
                continue;
            }

            throw new ModemInitializationException($"{Name}: {step.Command} ({step.Why ?? "init"}) answered {response}.", new AtCommandException(response));
        }
    }

    private async Task WatchdogAsync()
    {
        var stop = _stop.Token;
        using var timer = new PeriodicTimer(_options.KeepAliveInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var state = State;
                if (state is ModemLineState.Initializing or ModemLineState.Closed or ModemLineState.Stopped || _channel is not { IsOpen: true } channel)
                {
                    continue;
                }

                try
                {
                    await channel.SendAsync(new AtCommand("AT") { Timeout = _options.KeepAliveTimeout }, stop).ConfigureAwait(false);
                    OnKeepAliveAnswered(state);
                }
                catch (AtCommandException)
                {
                    OnKeepAliveAnswered(state); // an answer, even an odd one
                }
                catch (AtTimeoutException)
                {
                    OnKeepAliveMissed();
                }
                catch (AtException)
                {
                    // closed or reset: the supervisor and RDY handling deal with it
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnKeepAliveAnswered(ModemLineState state)
    {
        lock (_gate)
        {
            _missedKeepAlives = 0;
        }

        if (state == ModemLineState.Recovering)
        {
            Log("the modem answers again; re-initialising");
            StartInit("modem answers again");
        }
    }

    private void OnKeepAliveMissed()
    {
        IVoiceChannel? voice = null;
        lock (_gate)
        {
            _missedKeepAlives++;
            if (_missedKeepAlives < _options.MissedKeepAlivesBeforeReset
                || _state is not (ModemLineState.Ready or ModemLineState.Ringing or ModemLineState.InCall))
            {
                return;
            }

            var callWasUp = _state is ModemLineState.InCall or ModemLineState.Ringing;
            _state = ModemLineState.Recovering;
            DisposeCallerIdTimer();
            (voice, _voice) = (_voice, null);
            Publish(new CallLineEvent.Reset($"the modem is silent ({_missedKeepAlives} keep-alives unanswered)", callWasUp));
        }

        if (voice is not null)
        {
            _ = voice.DisposeAsync().AsTask();
        }

        Log("modem silent; waiting for it to answer");
    }

    private async Task BestEffortAsync(AtChannel channel, string command, string purpose, CancellationToken cancellationToken)
    {
        try
        {
            var response = await channel.ExecuteAsync(new AtCommand(command), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                Log($"{command} ({purpose}) answered {response}");
            }
        }
        catch (AtException ex)
        {
            Log($"{command} ({purpose}) failed: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Remember(ModemEvent urc)
    {
        lock (_gate)
        {
            switch (urc)
            {
                case SimStatusEvent sim:
                    _sim = sim;
                    break;
                case SignalQualityEvent signal:
                    _signal = signal;
                    break;
                case RegistrationEvent reg when reg.Domain == RegistrationDomain.CircuitSwitched || _registration is null || !_registration.IsRegistered:
                    _registration = reg;
                    break;
            }
        }
    }

    private void DisposeCallerIdTimer()
    {
        _callerIdTimer?.Dispose();
        _callerIdTimer = null;
    }

    private void Publish(CallLineEvent lineEvent) => _lineEvents.Writer.TryWrite(lineEvent);

    private void Log(string message) => _options.Log?.Invoke($"{Name}: {message}");
}
