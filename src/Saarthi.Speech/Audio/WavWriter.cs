using System.Buffers.Binary;

namespace Saarthi.Speech.Audio;

/// <summary>
/// Streaming RIFF/WAVE writer. Samples are given as 16-bit PCM (interleaved when multi-channel) and stored as
/// 16-bit PCM (default), 8-bit PCM, G.711 µ-law/A-law or 32-bit float. On a seekable stream the chunk sizes are
/// patched when the writer is disposed; on a pipe they are written as 0xFFFFFFFF ("unknown"), which
/// <see cref="WavReader"/> reads to the end of the stream.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _start;
    private readonly int _formatChunkSize;
    private readonly bool _hasFact;
    private byte[] _buffer = new byte[8192];
    private long _dataBytes;
    private bool _disposed;

    public WavWriter(Stream stream, int sampleRate, int channels, WavEncoding encoding = WavEncoding.Pcm, int bitsPerSample = 16, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        new AudioFormat(sampleRate, channels, 16).EnsureValid();
        var ok = encoding switch
        {
            WavEncoding.Pcm => bitsPerSample is 8 or 16,
            WavEncoding.IeeeFloat => bitsPerSample == 32,
            WavEncoding.ALaw or WavEncoding.MuLaw => bitsPerSample == 8,
            _ => false,
        };
        if (!ok)
        {
            throw new ArgumentException($"Cannot write {encoding} with {bitsPerSample}-bit samples.", nameof(bitsPerSample));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        Info = new WavInfo(sampleRate, channels, bitsPerSample, encoding, null);
        _start = stream.CanSeek ? stream.Position : 0;
        _hasFact = encoding != WavEncoding.Pcm;
        _formatChunkSize = _hasFact ? 18 : 16;
        WriteHeader(dataBytes: null);
    }

    public WavInfo Info { get; }

    /// <summary>Frames (samples per channel) written so far.</summary>
    public long FramesWritten => _dataBytes / Info.BlockAlign;

    public static WavWriter Create(string path, AudioFormat format, WavEncoding encoding = WavEncoding.Pcm) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024),
            format.SampleRate, format.Channels, encoding, encoding switch
            {
                WavEncoding.Pcm => format.BitsPerSample is 8 ? 8 : 16,
                WavEncoding.IeeeFloat => 32,
                _ => 8,
            });

    /// <summary>Appends interleaved 16-bit samples (a whole number of frames).</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (samples.Length % Info.Channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples do not make whole frames of {Info.Channels} channels.", nameof(samples));
        }

        var width = Info.BitsPerSample / 8;
        while (!samples.IsEmpty)
        {
            var count = Math.Min(samples.Length, 4096);
            var need = count * width;
            if (_buffer.Length < need)
            {
                _buffer = new byte[need];
            }

            Encode(samples[..count], _buffer.AsSpan(0, need));
            _stream.Write(_buffer, 0, need);
            _dataBytes += need;
            samples = samples[count..];
        }
    }

    public void Write(AudioFrame frame)
    {
        if (frame.Format.SampleRate != Info.SampleRate || frame.Format.Channels != Info.Channels)
        {
            throw new ArgumentException($"Frame is {frame.Format}; this file is {Info.SampleRate} Hz with {Info.Channels} channel(s).", nameof(frame));
        }

        Write(frame.Samples.Span);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if ((_dataBytes & 1) == 1)
            {
                _stream.WriteByte(0); // RIFF chunks are padded to an even size
            }

            if (_stream.CanSeek)
            {
                var end = _stream.Position;
                _stream.Position = _start;
                WriteHeader(_dataBytes);
                _stream.Position = end;
            }

            _stream.Flush();
        }
        finally
        {
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void Encode(ReadOnlySpan<short> src, Span<byte> dst)
    {
        switch (Info.Encoding)
        {
            case WavEncoding.MuLaw:
                G711.MuLawEncode(src, dst);
                break;
            case WavEncoding.ALaw:
                G711.ALawEncode(src, dst);
                break;
            case WavEncoding.IeeeFloat:
                for (var i = 0; i < src.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(dst[(i * 4)..], src[i] / SampleConvert.Int16Scale);
                }

                break;
            default:
                if (Info.BitsPerSample == 8)
                {
                    for (var i = 0; i < src.Length; i++)
                    {
                        dst[i] = (byte)Math.Min((src[i] + 32768 + 128) >> 8, 255);
                    }
                }
                else
                {
                    for (var i = 0; i < src.Length; i++)
                    {
                        BinaryPrimitives.WriteInt16LittleEndian(dst[(i * 2)..], src[i]);
                    }
                }

                break;
        }
    }

    private void WriteHeader(long? dataBytes)
    {
        var headerSize = 12 + 8 + _formatChunkSize + (_hasFact ? 12 : 0) + 8;
        Span<byte> h = stackalloc byte[headerSize];
        // Sizes a 32-bit RIFF cannot hold are written as "unknown", like a pipe.
        var fits = dataBytes is { } d && d + (d & 1) + headerSize - 8 <= uint.MaxValue;
        var riffSize = fits ? (uint)(dataBytes!.Value + (dataBytes.Value & 1) + headerSize - 8) : uint.MaxValue;
        var dataSize = fits ? (uint)dataBytes!.Value : uint.MaxValue;

        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], riffSize);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)_formatChunkSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], (ushort)Info.Encoding);
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)Info.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)Info.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)(Info.SampleRate * Info.BlockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)Info.BlockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], (ushort)Info.BitsPerSample);
        var at = 36;
        if (_hasFact)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[36..], 0); // cbSize
            at = 38;
            "fact"u8.CopyTo(h[at..]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 8)..], fits ? (uint)(dataBytes!.Value / Info.BlockAlign) : uint.MaxValue);
            at += 12;
        }

        "data"u8.CopyTo(h[at..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 4)..], dataSize);
        _stream.Write(h);
    }
}
