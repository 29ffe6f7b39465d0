using Saarthi.Native.Interop.Alsa;

namespace Saarthi.Speech.Audio;

/// <summary>
/// A speaker through ALSA (the kiosk handset's earpiece). <see cref="PlayAsync"/> converts a frame to the device's
/// format (mono, resampled) and returns once it is queued in the device's ring buffer, so at most a few periods ahead of
/// what is heard: the sound card's clock paces the caller. A <c>file</c> PCM over the <c>null</c> slave has no clock:
/// it takes everything at once unless <see cref="AlsaDeviceOptions.PaceWithClock"/> is set.
/// </summary>
public sealed class AlsaPlaybackDevice : IDisposable
{
    private readonly AlsaPcm _pcm;
    private readonly AlsaDeviceOptions _options;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _pacedFrom;
    private TimeSpan _played;

    private AlsaPlaybackDevice(AlsaPcm pcm, AlsaDeviceOptions options)
    {
        _pcm = pcm;
        _options = options;
        Format = options.Format;
        _pacedFrom = options.Time.GetTimestamp();
    }

    /// <summary>The ALSA device name.</summary>
    public string Device => _pcm.Device;

    public AudioFormat Format { get; }

    /// <summary>Xruns (underruns between sentences are normal) and suspends recovered from.</summary>
    public int Recoveries => _pcm.Recoveries;

    /// <summary>Opens <paramref name="device"/> for playback.</summary>
    /// <exception cref="AudioDeviceException">The device does not exist, is busy or refuses the format; the message names it.</exception>
    public static AlsaPlaybackDevice Open(string device, AlsaDeviceOptions? options = null)
    {
        options ??= new AlsaDeviceOptions();
        return new AlsaPlaybackDevice(AlsaDevice.Open(device, AlsaDirection.Playback, options), options);
    }

    /// <summary>Queues <paramref name="frame"/> on the device (converted to its format); plays in the order called.</summary>
    public async Task PlayAsync(AudioFrame frame, CancellationToken cancellationToken = default)
    {
        var samples = ToDeviceFormat(frame);
        if (samples.Length == 0)
        {
            return;
        }

        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_options.PaceWithClock)
            {
                await WaitForClockAsync(Format.DurationOf(samples.Length / Format.Channels), cancellationToken).ConfigureAwait(false);
            }

            // Write blocks (in 100 ms slices) while the ring buffer is full: off the caller's thread.
            await Task.Run(() => Write(samples, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Lets what is queued play out (at most one ring buffer), e.g. a goodbye before the line closes. Waits for a
    /// <see cref="PlayAsync"/> in progress to finish first (cancel it to make that quick).
    /// </summary>
    public void Drain() => Exclusive(_pcm.Drain);

    /// <summary>Discards what is queued (the handset put down), after a <see cref="PlayAsync"/> in progress has finished or been cancelled.</summary>
    public void Stop() => Exclusive(_pcm.Drop);

    public void Dispose()
    {
        _pcm.Dispose();
        _writing.Dispose();
    }

    private void Write(short[] samples, CancellationToken ct) => Guard(() => _pcm.Write(samples, ct));

    private void Exclusive(Action action)
    {
        _writing.Wait();
        try
        {
            Guard(action);
        }
        finally
        {
            _writing.Release();
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (AlsaException e)
        {
            throw AlsaDevice.Failed(_pcm, e);
        }
    }

    private async Task WaitForClockAsync(TimeSpan duration, CancellationToken ct)
    {
        // As a sound card would: audio may run one ring buffer ahead of real time; a pause restarts the clock.
        var time = _options.Time;
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_pacedFrom, now) > _played)
        {
            _pacedFrom = now;
            _played = TimeSpan.Zero;
        }

        var lead = _options.FrameDuration * _options.Periods;
        var wait = _played - lead - time.GetElapsedTime(_pacedFrom, now);
        _played += duration;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
        }
    }

    private short[] ToDeviceFormat(AudioFrame frame)
    {
        if (frame.Format == Format)
        {
            return frame.Samples.ToArray();
        }

        var mono = frame.ToMono();
        var samples = mono.Format.SampleRate == Format.SampleRate
            ? mono.Samples.ToArray()
            : Resampler.Resample(mono.Samples.Span, mono.Format.SampleRate, Format.SampleRate);
        if (Format.Channels == 1)
        {
            return samples;
        }

        // A stereo (or wider) device gets the same voice on every channel.
        var wide = new short[samples.Length * Format.Channels];
        for (var i = 0; i < samples.Length; i++)
        {
            wide.AsSpan(i * Format.Channels, Format.Channels).Fill(samples[i]);
        }

        return wide;
    }
}
