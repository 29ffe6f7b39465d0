using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Saarthi.Native.Interop.Libc;
using Saarthi.Speech.Audio;

namespace Saarthi.Telephony.Voice;

/// <summary>
/// A call's voice path as raw 16-bit little-endian PCM on a byte stream: the SIM7600's USB audio port after
/// <c>AT+CPCMREG=1</c>, or the EC25's port after <c>AT+QPCMV=1,0</c> (8 kHz mono). Reads come in frames of
/// <see cref="FrameDuration"/>; a short read at the end of the call is dropped.
/// </summary>
public sealed class StreamVoiceChannel : IVoiceChannel
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private int _disposed;

    public StreamVoiceChannel(Stream stream, AudioFormat format, TimeSpan frameDuration, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        format.EnsureValid(nameof(format));
        if (format.BitsPerSample != 16)
        {
            throw new ArgumentException("The modem's PCM is 16-bit.", nameof(format));
        }

        _stream = stream;
        _ownsStream = ownsStream;
        Format = format;
        FrameDuration = frameDuration;
    }

    public AudioFormat Format { get; }

    public TimeSpan FrameDuration { get; }

    public async IAsyncEnumerable<AudioFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var samplesPerFrame = (int)Format.FramesIn(FrameDuration) * Format.Channels;
        var bytes = new byte[samplesPerFrame * 2];
        long position = 0;
        while (Volatile.Read(ref _disposed) == 0)
        {
            var filled = 0;
            while (filled < bytes.Length)
            {
                int n;
                try
                {
                    n = await _stream.ReadAsync(bytes.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    yield break;
                }

                if (n == 0)
                {
                    yield break;
                }

                filled += n;
            }

            var samples = new short[samplesPerFrame];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
            }

            yield return new AudioFrame(Format, samples, Format.DurationOf(position));
            position += samplesPerFrame / Format.Channels;
        }
    }

    public async ValueTask WriteAsync(AudioFrame frame, CancellationToken cancellationToken = default)
    {
        if (frame.Format != Format)
        {
            throw new ArgumentException($"This voice path carries {Format}; the frame is {frame.Format}.", nameof(frame));
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var bytes = new byte[frame.Samples.Length * 2];
        var span = frame.Samples.Span;
        for (var i = 0; i < span.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), span[i]);
        }

        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsStream)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Opens the modem's PCM audio port (a serial device) for each call.</summary>
public sealed class SerialVoicePort(string devicePath, AudioFormat format, TimeSpan frameDuration) : IVoicePort
{
    public string DevicePath { get; } = devicePath;

    public ValueTask<IVoiceChannel> OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var port = SerialPortStream.Open(DevicePath, new SerialPortSettings { BaudRate = 115200 });
        return ValueTask.FromResult<IVoiceChannel>(new StreamVoiceChannel(port, format, frameDuration));
    }
}
