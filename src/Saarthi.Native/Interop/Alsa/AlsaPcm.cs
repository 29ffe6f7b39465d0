using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Alsa;

/// <summary>Which way audio flows through a PCM.</summary>
public enum AlsaDirection
{
    Playback,
    Capture,
}

/// <summary>What a PCM is asked for: 16-bit little-endian interleaved samples at this rate and channel count.</summary>
/// <param name="SampleRate">Frames per second; the device must take it exactly (a <c>plug</c> PCM converts).</param>
/// <param name="Channels">Samples per frame.</param>
/// <param name="PeriodFrames">Frames per period, the unit the hardware wakes us for (160 = 20 ms at 8 kHz).</param>
/// <param name="Periods">Periods in the ring buffer: the most audio queued ahead of the hardware.</param>
public sealed record AlsaPcmSettings(int SampleRate = 8000, int Channels = 1, int PeriodFrames = 160, int Periods = 4);

/// <summary>
/// One open ALSA PCM (playback or capture) in non-blocking mode: <see cref="Read"/> and <see cref="Write"/> wait on the
/// device in 100 ms slices so a cancellation is seen promptly, and recover from xruns (<c>-EPIPE</c>) and suspends
/// (<c>-ESTRPIPE</c>) by themselves. Real-time pacing comes from the device's clock; ALSA's <c>null</c> slave (behind
/// the <c>file</c> PCMs of tests) has none, so there reads and writes return at once.
/// </summary>
public sealed class AlsaPcm : IDisposable
{
    private const int WaitSliceMs = 100;
    private readonly SafeAlsaPcmHandle _pcm;
    private int _recoveries;

    private AlsaPcm(SafeAlsaPcmHandle pcm, string device, AlsaDirection direction, int rate, int channels, int periodFrames, int bufferFrames)
    {
        _pcm = pcm;
        Device = device;
        Direction = direction;
        SampleRate = rate;
        Channels = channels;
        PeriodFrames = periodFrames;
        BufferFrames = bufferFrames;
    }

    /// <summary>The device name it was opened with (e.g. <c>saarthi_handset</c>).</summary>
    public string Device { get; }

    public AlsaDirection Direction { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>Frames per period as negotiated.</summary>
    public int PeriodFrames { get; }

    /// <summary>Frames in the ring buffer as negotiated.</summary>
    public int BufferFrames { get; }

    /// <summary>How many xruns and suspends were recovered from since the device was opened.</summary>
    public int Recoveries => Volatile.Read(ref _recoveries);

    /// <summary>The libasound version ("1.2.8").</summary>
    public static unsafe string LibraryVersion => Marshal.PtrToStringUTF8((nint)AlsaNative.snd_asoundlib_version()) ?? "unknown";

    /// <summary>
    /// Opens <paramref name="device"/> (a name from the ALSA configuration, or from <paramref name="config"/> when given)
    /// and sets it up for <paramref name="settings"/>.
    /// </summary>
    /// <exception cref="AlsaException">The device does not exist, is busy, or refuses the format; the message names the device.</exception>
    public static AlsaPcm Open(string device, AlsaDirection direction, AlsaPcmSettings? settings = null, AlsaConfig? config = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        settings ??= new AlsaPcmSettings();
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.SampleRate, 1000, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Channels, 1, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.PeriodFrames, 16, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Periods, 2, nameof(settings));
        AlsaLibLog.Install();
        AlsaLibLog.Clear();

        var what = $"'{device}' for {(direction == AlsaDirection.Playback ? "playback" : "capture")}";
        var stream = direction == AlsaDirection.Playback ? AlsaNative.SND_PCM_STREAM_PLAYBACK : AlsaNative.SND_PCM_STREAM_CAPTURE;
        var rc = config is null
            ? AlsaNative.snd_pcm_open(out var pcm, device, stream, AlsaNative.SND_PCM_NONBLOCK)
            : AlsaNative.snd_pcm_open_lconf(out pcm, device, stream, AlsaNative.SND_PCM_NONBLOCK, config.Handle);
        if (rc < 0)
        {
            pcm.Dispose();
            throw AlsaException.Create(rc, "open " + what);
        }

        if (config is not null)
        {
            pcm.HoldConfig(config.Handle);
        }

        try
        {
            var (period, buffer) = SetHardwareParameters(pcm, settings, what);
            SetSoftwareParameters(pcm, direction, period, buffer, what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_prepare(pcm), "prepare " + what);
            return new AlsaPcm(pcm, device, direction, settings.SampleRate, settings.Channels, period, buffer);
        }
        catch
        {
            pcm.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Fills <paramref name="samples"/> (interleaved; a whole number of frames) from a capture device; returns when it is
    /// full. Throws <see cref="OperationCanceledException"/> when cancelled, after at most 100 ms.
    /// </summary>
    public unsafe void Read(Span<short> samples, CancellationToken cancellationToken = default)
    {
        EnsureDirection(AlsaDirection.Capture);
        var frames = WholeFrames(samples.Length);
        if (AlsaNative.snd_pcm_state(_pcm) == AlsaNative.SND_PCM_STATE_PREPARED)
        {
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_start(_pcm), $"start capture on '{Device}'");
        }

        fixed (short* p = samples)
        {
            var done = 0;
            while (done < frames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // At most one period per call: the file plugin fills no more than its ring buffer from the infile
                // per read (it leaves silence instead), and a real device delivers a period at a time anyway.
                var n = (int)AlsaNative.snd_pcm_readi(_pcm, p + (done * Channels), (nuint)Math.Min(frames - done, PeriodFrames));
                if (n >= 0)
                {
                    done += n;
                }
                else
                {
                    HandleShortfall(n, "read");
                }
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="samples"/> (interleaved; a whole number of frames) on a playback device; returns when all of
    /// them are in the ring buffer, so at most <see cref="BufferFrames"/> ahead of what is heard.
    /// </summary>
    public unsafe void Write(ReadOnlySpan<short> samples, CancellationToken cancellationToken = default)
    {
        EnsureDirection(AlsaDirection.Playback);
        var frames = WholeFrames(samples.Length);
        fixed (short* p = samples)
        {
            var done = 0;
            while (done < frames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = (int)AlsaNative.snd_pcm_writei(_pcm, p + (done * Channels), (nuint)Math.Min(frames - done, BufferFrames));
                if (n >= 0)
                {
                    done += n;
                }
                else
                {
                    HandleShortfall(n, "write");
                }
            }
        }
    }

    /// <summary>Lets what is queued play out (blocking, at most one buffer's length), then makes the device ready again.</summary>
    public void Drain()
    {
        AlsaException.ThrowIfError(AlsaNative.snd_pcm_nonblock(_pcm, 0), $"blocking mode on '{Device}'");
        try
        {
            var rc = AlsaNative.snd_pcm_drain(_pcm);
            if (rc is not (-AlsaNative.EPIPE or -AlsaNative.ESTRPIPE))
            {
                AlsaException.ThrowIfError(rc, $"drain '{Device}'");
            }
        }
        finally
        {
            // Back to the mode Read/Write rely on; the drain's own result is what is reported.
            _ = AlsaNative.snd_pcm_nonblock(_pcm, 1);
        }

        AlsaException.ThrowIfError(AlsaNative.snd_pcm_prepare(_pcm), $"prepare '{Device}'");
    }

    /// <summary>Stops at once, discarding what is queued (playback) or captured and not yet read, and makes the device ready again.</summary>
    public void Drop()
    {
        AlsaException.ThrowIfError(AlsaNative.snd_pcm_drop(_pcm), $"drop '{Device}'");
        AlsaException.ThrowIfError(AlsaNative.snd_pcm_prepare(_pcm), $"prepare '{Device}'");
    }

    public void Dispose() => _pcm.Dispose();

    /// <summary>What a negative readi/writei result means: wait (-EAGAIN), recover (xrun, suspend, signal) or fail.</summary>
    internal void HandleShortfall(int rc, string operation)
    {
        switch (-rc)
        {
            case AlsaNative.EAGAIN:
                // Nothing to read / no room yet: sleep on the device's poll descriptors for one slice.
                var waited = AlsaNative.snd_pcm_wait(_pcm, WaitSliceMs);
                if (waited < 0)
                {
                    Recover(waited, operation);
                }

                break;
            case AlsaNative.EPIPE or AlsaNative.ESTRPIPE or AlsaNative.EINTR:
                Recover(rc, operation);
                break;
            default:
                throw AlsaException.Create(rc, $"{operation} '{Device}'");
        }
    }

    private void Recover(int rc, string operation)
    {
        // snd_pcm_recover prepares after an xrun and resumes (or prepares) after a suspend.
        var recovered = AlsaNative.snd_pcm_recover(_pcm, rc, 1);
        if (recovered < 0)
        {
            throw AlsaException.Create(recovered, $"{operation} '{Device}' (recovering from: {AlsaException.Describe(rc)})");
        }

        Interlocked.Increment(ref _recoveries);
        if (Direction == AlsaDirection.Capture && AlsaNative.snd_pcm_state(_pcm) == AlsaNative.SND_PCM_STATE_PREPARED)
        {
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_start(_pcm), $"restart capture on '{Device}'");
        }
    }

    private int WholeFrames(int samples)
    {
        if (samples % Channels != 0)
        {
            throw new ArgumentException($"{samples} samples are not a whole number of {Channels}-channel frames.", nameof(samples));
        }

        return samples / Channels;
    }

    private void EnsureDirection(AlsaDirection wanted)
    {
        if (Direction != wanted)
        {
            throw new InvalidOperationException($"'{Device}' was opened for {Direction.ToString().ToLowerInvariant()}, not {wanted.ToString().ToLowerInvariant()}.");
        }
    }

    private static unsafe (int Period, int Buffer) SetHardwareParameters(SafeAlsaPcmHandle pcm, AlsaPcmSettings settings, string what)
    {
        AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_malloc(out var hw), "snd_pcm_hw_params_malloc");
        using (hw)
        {
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_any(pcm, hw), "hw params of " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_set_access(pcm, hw, AlsaNative.SND_PCM_ACCESS_RW_INTERLEAVED), "interleaved access on " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_set_format(pcm, hw, AlsaNative.SND_PCM_FORMAT_S16_LE), "format S16_LE on " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_set_channels(pcm, hw, (uint)settings.Channels), $"{settings.Channels} channel(s) on {what}");
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_set_rate_resample(pcm, hw, 1), "rate resampling on " + what);
            AlsaException.ThrowIfError(
                AlsaNative.snd_pcm_hw_params_set_rate(pcm, hw, (uint)settings.SampleRate, 0),
                $"rate {settings.SampleRate} Hz on {what} (a 'plug' PCM converts rates: see firmware-config/asound.conf)");
            nuint period = (nuint)settings.PeriodFrames;
            int dir = 0;
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, &dir), "period size on " + what);
            nuint buffer = period * (nuint)settings.Periods;
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer), "buffer size on " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params(pcm, hw), "install hw params on " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_get_period_size(hw, &period, &dir), "period size of " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_hw_params_get_buffer_size(hw, &buffer), "buffer size of " + what);
            return ((int)period, (int)buffer);
        }
    }

    private static void SetSoftwareParameters(SafeAlsaPcmHandle pcm, AlsaDirection direction, int period, int buffer, string what)
    {
        AlsaException.ThrowIfError(AlsaNative.snd_pcm_sw_params_malloc(out var sw), "snd_pcm_sw_params_malloc");
        using (sw)
        {
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_sw_params_current(pcm, sw), "sw params of " + what);
            // Playback starts once two periods are queued: short enough for a prompt to start at once, long enough
            // that the first period is not an underrun. Capture is started explicitly by the first read.
            var start = direction == AlsaDirection.Playback ? Math.Min(buffer, 2 * period) : 1;
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_sw_params_set_start_threshold(pcm, sw, (nuint)start), "start threshold on " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_sw_params_set_avail_min(pcm, sw, (nuint)period), "avail min on " + what);
            AlsaException.ThrowIfError(AlsaNative.snd_pcm_sw_params(pcm, sw), "install sw params on " + what);
        }
    }
}
