using System.Runtime.CompilerServices;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.At;

namespace Saarthi.Telephony.Handset;

/// <summary>
/// The kiosk's own handset as a call line. Lifting it is a call with no ring and no caller id
/// (<see cref="CallLineEvent.IncomingCall"/> with a null <c>CallerId</c>); putting it down is the caller hanging up
/// (<see cref="CallLineEvent.RemoteHangup"/>). The voice path is a pair of ALSA devices (microphone and earpiece,
/// 8 kHz mono), opened when the call is answered or first used and closed when it ends. When the kiosk hangs up while
/// the handset is still lifted, the line stays quiet until it is put down and lifted again. It sends no SMS.
/// </summary>
public sealed class HandsetLine : ICallLine
{
    private readonly HookSwitch _hook;
    private readonly IGpioLine _gpio;
    private readonly HandsetOptions _options;
    private readonly Action<string> _log;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _call;
    private AlsaCaptureDevice? _microphone;
    private AlsaPlaybackDevice? _earpiece;
    private int _disposed;

    /// <summary>A handset whose hook switch is <paramref name="hookLine"/> (active when lifted); the line is owned and disposed with it.</summary>
    public HandsetLine(IGpioLine hookLine, HandsetOptions options, Action<string>? log = null)
    {
        _gpio = hookLine ?? throw new ArgumentNullException(nameof(hookLine));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.CaptureDevice, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.PlaybackDevice, nameof(options));
        _hook = new HookSwitch(hookLine, options.Debounce, options.Time);
        _log = log ?? (_ => { });
    }

    public string Name => "handset";

    /// <summary>The debounced hook state.</summary>
    public HookState Hook => _hook.State;

    /// <summary>Whether a call is up: lifted, and the kiosk has not hung up since.</summary>
    public bool CallUp
    {
        get
        {
            lock (_gate)
            {
                return _call is not null;
            }
        }
    }

    public async IAsyncEnumerable<CallLineEvent> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var state in _hook.ChangesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (state == HookState.OffHook)
            {
                lock (_gate)
                {
                    _call?.Cancel();
                    _call?.Dispose();
                    _call = new CancellationTokenSource();
                }

                _log($"handset: lifted ({_hook.LineName})");
                yield return new CallLineEvent.IncomingCall(null);
            }
            else
            {
                var wasUp = EndCall(drain: false);
                _log($"handset: put down ({_hook.LineName}){(wasUp ? string.Empty : ", no call was up")}");
                if (wasUp)
                {
                    yield return new CallLineEvent.RemoteHangup(CallEndReason.NoCarrier);
                }
            }
        }
    }

    /// <summary>Nothing to answer on a handset: opens the voice path (so a missing sound device is reported here).</summary>
    /// <exception cref="InvalidOperationException">The handset is on its hook.</exception>
    /// <exception cref="AudioDeviceException">A sound device could not be opened; the message names it.</exception>
    public Task AnswerAsync(CancellationToken cancellationToken = default)
    {
        if (OpenVoice() is null)
        {
            throw new InvalidOperationException("The handset is on its hook: there is no call to answer.");
        }

        return Task.CompletedTask;
    }

    /// <summary>Lets what is queued in the earpiece play out, then closes the voice path; nothing more until the handset is put down and lifted again.</summary>
    public Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        if (EndCall(drain: true))
        {
            _log("handset: the kiosk hung up; waiting for the handset to be put down");
        }

        return Task.CompletedTask;
    }

    public Task<SmsSendResult> SendSmsAsync(string number, string text, CancellationToken cancellationToken = default) =>
        Task.FromResult(new SmsSendResult(false, 0, [], "the handset has no SMS"));

    public async IAsyncEnumerable<AudioFrame> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (OpenVoice() is not { } voice)
        {
            yield break;
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, voice.CallEnded);
        var frames = voice.Microphone.ReadFramesAsync(both.Token).GetAsyncEnumerator(both.Token);
        try
        {
            while (true)
            {
                try
                {
                    if (!await frames.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (voice.CallEnded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    yield break; // the call ended: the stream ends with it
                }

                yield return frames.Current;
            }
        }
        finally
        {
            await frames.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task PlayAsync(AudioFrame audio, CancellationToken cancellationToken = default)
    {
        if (OpenVoice() is not { } voice)
        {
            return; // no call up: nobody to hear it
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, voice.CallEnded);
        try
        {
            await voice.Earpiece.PlayAsync(audio, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (voice.CallEnded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The handset was put down mid-sentence: dropped, as on any line with no call up.
        }
        catch (ObjectDisposedException) when (voice.CallEnded.IsCancellationRequested)
        {
            // Closed by the end of the call while this frame was on its way.
        }
    }

    public Task<LineHealth> HealthAsync(CancellationToken cancellationToken = default)
    {
        var devices = $"microphone '{_options.CaptureDevice}', earpiece '{_options.PlaybackDevice}'";
        string? problem = null;
        lock (_gate)
        {
            // Between calls, prove the devices open: a missing sound card shows here, not when someone lifts the handset.
            // Under the lock, so a lift cannot find a sound card busy with this probe.
            if (_call is null)
            {
                try
                {
                    AlsaCaptureDevice.Open(_options.CaptureDevice, _options.Audio).Dispose();
                    AlsaPlaybackDevice.Open(_options.PlaybackDevice, _options.Audio).Dispose();
                }
                catch (AudioDeviceException e)
                {
                    problem = e.Message;
                }
            }
        }

        var hook = _hook.State == HookState.OffHook ? "lifted" : "on its hook";
        var detail = $"handset {hook} ({_hook.LineName}){(CallUp ? ", call up" : string.Empty)}; {devices}" + (problem is null ? string.Empty : "; " + problem);
        return Task.FromResult(new LineHealth(problem is null, false, null, null, null, detail));
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            EndCall(drain: false);
            _gpio.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The voice path of the call that is up, opening it the first time; null when no call is up.</summary>
    private Voice? OpenVoice()
    {
        lock (_gate)
        {
            if (_call is null)
            {
                return null;
            }

            if (_microphone is null || _earpiece is null)
            {
                var microphone = AlsaCaptureDevice.Open(_options.CaptureDevice, _options.Audio);
                try
                {
                    _earpiece = AlsaPlaybackDevice.Open(_options.PlaybackDevice, _options.Audio);
                }
                catch
                {
                    microphone.Dispose();
                    throw;
                }

                _microphone = microphone;
                _log($"handset: voice path open (microphone '{_options.CaptureDevice}', earpiece '{_options.PlaybackDevice}')");
            }

            return new Voice(_microphone, _earpiece, _call.Token);
        }
    }

    /// <summary>Ends the call that is up, if any (playback drained or cut), closing the voice path; whether one was up.</summary>
    private bool EndCall(bool drain)
    {
        CancellationTokenSource? call;
        AlsaCaptureDevice? microphone;
        AlsaPlaybackDevice? earpiece;
        lock (_gate)
        {
            (call, microphone, earpiece) = (_call, _microphone, _earpiece);
            (_call, _microphone, _earpiece) = (null, null, null);
        }

        if (call is null)
        {
            return false;
        }

        // Stops the call's readers and writers first (within one 100 ms device slice), then settles the earpiece.
        call.Cancel();
        try
        {
            if (drain)
            {
                earpiece?.Drain();
            }
            else
            {
                earpiece?.Stop();
            }
        }
        catch (AudioDeviceException e)
        {
            _log($"handset: closing the earpiece: {e.Message}");
        }

        microphone?.Dispose();
        earpiece?.Dispose();
        call.Dispose();
        return true;
    }

    private sealed record Voice(AlsaCaptureDevice Microphone, AlsaPlaybackDevice Earpiece, CancellationToken CallEnded);
}
