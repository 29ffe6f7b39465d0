using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saarthi.Native.Interop.Alsa;

namespace Saarthi.Speech.Audio;

/// <summary>
/// A microphone through ALSA (the kiosk handset's): frames of <see cref="AlsaDeviceOptions.FrameDuration"/> in the
/// device's format, read on a dedicated thread and handed over through a bounded channel. Real-time pacing comes from
/// the sound card; a <c>file</c> PCM over the <c>null</c> slave has no clock, so it is paced with
/// <see cref="AlsaDeviceOptions.PaceWithClock"/> or delivers its infile (then silence) as fast as it is read.
/// </summary>
public sealed class AlsaCaptureDevice : IDisposable
{
    // One second of audio. A consumer that falls further behind holds the capture thread up: a sound card then
    // overruns (recovered, that audio is lost, as it would be anyway), a file PCM simply waits and loses nothing.
    private const int QueuedFrames = 50;
    private readonly AlsaPcm _pcm;
    private readonly AlsaDeviceOptions _options;
    private int _reading;

    private AlsaCaptureDevice(AlsaPcm pcm, AlsaDeviceOptions options)
    {
        _pcm = pcm;
        _options = options;
        Format = options.Format;
        FrameSamples = (int)options.Format.FramesIn(options.FrameDuration) * options.Format.Channels;
    }

    /// <summary>The ALSA device name.</summary>
    public string Device => _pcm.Device;

    public AudioFormat Format { get; }

    /// <summary>Xruns and suspends recovered from.</summary>
    public int Recoveries => _pcm.Recoveries;

    private int FrameSamples { get; }

    /// <summary>Opens <paramref name="device"/> for capture.</summary>
    /// <exception cref="AudioDeviceException">The device does not exist, is busy or refuses the format; the message names it.</exception>
    public static AlsaCaptureDevice Open(string device, AlsaDeviceOptions? options = null)
    {
        options ??= new AlsaDeviceOptions();
        return new AlsaCaptureDevice(AlsaDevice.Open(device, AlsaDirection.Capture, options), options);
    }

    /// <summary>Frames until <paramref name="cancellationToken"/> ends or the device fails (one reader at a time).</summary>
    public async IAsyncEnumerable<AudioFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException($"ALSA capture device '{Device}' already has a reader.");
        }

        var frames = Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(QueuedFrames)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Factory.StartNew(() => Capture(frames.Writer, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var frame in frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }

            // The reader ended by itself: surface its failure, if it failed.
            await reader.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or AudioDeviceException)
            {
            }

            Volatile.Write(ref _reading, 0);
        }
    }

    public void Dispose() => _pcm.Dispose();

    private void Capture(ChannelWriter<AudioFrame> output, CancellationToken ct)
    {
        var time = _options.Time;
        var started = time.GetTimestamp();
        long position = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // A fresh array per frame: frames outlive this loop, and a short infile leaves it silent.
                var samples = new short[FrameSamples];
                _pcm.Read(samples, ct);
                var frame = new AudioFrame(Format, samples, Format.DurationOf(position));
                position += samples.Length / Format.Channels;
                if (!output.TryWrite(frame))
                {
                    output.WriteAsync(frame, ct).AsTask().GetAwaiter().GetResult();
                }

                if (_options.PaceWithClock)
                {
                    var ahead = Format.DurationOf(position) - time.GetElapsedTime(started);
                    if (ahead > TimeSpan.Zero)
                    {
                        Task.Delay(ahead, time, ct).Wait(ct);
                    }
                }
            }

            output.TryComplete();
        }
        catch (OperationCanceledException)
        {
            output.TryComplete();
        }
        catch (AlsaException e)
        {
            var failure = AlsaDevice.Failed(_pcm, e);
            output.TryComplete(failure);
            throw failure;
        }
        catch (ObjectDisposedException e)
        {
            var failure = new AudioDeviceException(Device, $"ALSA capture device '{Device}' was closed while being read.", e);
            output.TryComplete(failure);
            throw failure;
        }
    }
}
