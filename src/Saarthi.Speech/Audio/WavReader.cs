using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Saarthi.Speech.Audio;

/// <summary>
/// Streaming RIFF/WAVE reader. Parses the header on construction (throwing <see cref="AudioFormatException"/> naming
/// the problem), then decodes the data chunk in bounded pieces to mono: 8/16/24/32-bit PCM, 32-bit float, G.711
/// µ-law and A-law, any channel count averaged to one. Memory use is a fixed buffer whatever the file length.
/// A data chunk cut short is not an error: the samples present are returned and <see cref="Truncated"/> becomes true.
/// </summary>
public sealed class WavReader : IDisposable
{
    /// <summary>Largest fmt chunk accepted (WAVE_FORMAT_EXTENSIBLE needs 40 bytes; anything near a kilobyte is garbage).</summary>
    public const int MaxFormatChunkBytes = 1024;

    private const int BufferFrames = 4096;

    private static readonly float[] MuLawFloat = Enumerable.Range(0, 256).Select(c => G711.MuLawDecode((byte)c) / 32768f).ToArray();
    private static readonly float[] ALawFloat = Enumerable.Range(0, 256).Select(c => G711.ALawDecode((byte)c) / 32768f).ToArray();

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _bytes;
    private readonly float[] _scratch;
    private readonly int _blockAlign;
    private long _remaining; // bytes left in the data chunk; long.MaxValue when its size is unknown
    private int _carry;      // bytes of an incomplete frame kept at the start of _bytes
    private long _position;  // bytes consumed from the stream (for messages)
    private bool _endOfData;

    public WavReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        try
        {
            Source = ReadHeader();
        }
        catch
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }

        _blockAlign = Source.BlockAlign;
        _remaining = Source.DataBytes ?? long.MaxValue;
        _bytes = new byte[BufferFrames * _blockAlign];
        _scratch = new float[BufferFrames];
        Format = new AudioFormat(Source.SampleRate, 1, 16);
    }

    /// <summary>Opens a file for sequential reading.</summary>
    public static WavReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan));

    /// <summary>The file's own encoding, rate and channel count.</summary>
    public WavInfo Source { get; }

    /// <summary>What <see cref="Read(Span{short})"/> delivers: the source rate, mono, 16-bit.</summary>
    public AudioFormat Format { get; }

    /// <summary>Mono frames delivered so far.</summary>
    public long FramesRead { get; private set; }

    /// <summary>True once the stream ended before the data chunk's declared end (or inside a frame).</summary>
    public bool Truncated { get; private set; }

    /// <summary>True once all data has been delivered.</summary>
    public bool EndOfData => _endOfData;

    /// <summary>Reads up to <paramref name="destination"/>.Length mono samples as floats in [-1, 1). Returns 0 at the end.</summary>
    public int Read(Span<float> destination)
    {
        var total = 0;
        while (total < destination.Length && !_endOfData)
        {
            var chunk = Math.Min(destination.Length - total, BufferFrames);
            var got = ReadBlock(destination.Slice(total, chunk));
            if (got == 0)
            {
                break;
            }

            total += got;
        }

        FramesRead += total;
        return total;
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length mono 16-bit samples. Returns 0 at the end.</summary>
    public int Read(Span<short> destination)
    {
        var total = 0;
        while (total < destination.Length && !_endOfData)
        {
            var chunk = Math.Min(destination.Length - total, BufferFrames);
            var got = ReadBlock(_scratch.AsSpan(0, chunk));
            if (got == 0)
            {
                break;
            }

            SampleConvert.ToInt16(_scratch.AsSpan(0, got), destination.Slice(total, got));
            total += got;
        }

        FramesRead += total;
        return total;
    }

    /// <summary>Yields consecutive mono frames of <paramref name="frameDuration"/> (the last may be shorter), each in its own buffer.</summary>
    public IEnumerable<AudioFrame> ReadFrames(TimeSpan frameDuration)
    {
        var size = FrameSize(frameDuration);
        return Iterate(size);

        IEnumerable<AudioFrame> Iterate(int frameSize)
        {
            while (true)
            {
                var start = FramesRead;
                var buffer = new short[frameSize];
                var got = Read(buffer);
                if (got == 0)
                {
                    yield break;
                }

                yield return new AudioFrame(Format, buffer.AsMemory(0, got), Format.DurationOf(start));
            }
        }
    }

    /// <summary>Async form of <see cref="ReadFrames"/> for pipelines; reads happen on the caller's context in bounded pieces.</summary>
    public async IAsyncEnumerable<AudioFrame> ReadFramesAsync(TimeSpan frameDuration, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var size = FrameSize(frameDuration);
        await Task.Yield();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = FramesRead;
            var buffer = new short[size];
            var got = Read(buffer);
            if (got == 0)
            {
                yield break;
            }

            yield return new AudioFrame(Format, buffer.AsMemory(0, got), Format.DurationOf(start));
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private int FrameSize(TimeSpan frameDuration)
    {
        var size = (int)Format.FramesIn(frameDuration);
        if (size <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameDuration), frameDuration, "Frame duration is shorter than one sample.");
        }

        return size;
    }

    // Decodes at most destination.Length (<= BufferFrames) frames.
    private int ReadBlock(Span<float> destination)
    {
        var wantBytes = (long)destination.Length * _blockAlign;
        if (_remaining != long.MaxValue)
        {
            wantBytes = Math.Min(wantBytes, _remaining + _carry);
        }

        var filled = _carry;
        while (filled < wantBytes)
        {
            var n = _stream.Read(_bytes, filled, (int)(wantBytes - filled));
            if (n == 0)
            {
                break;
            }

            filled += n;
            _position += n;
        }

        var consumedFromStream = filled - _carry;
        if (_remaining != long.MaxValue)
        {
            _remaining -= consumedFromStream;
        }

        var frames = filled / _blockAlign;
        var leftover = filled - (frames * _blockAlign);
        var hitEof = filled < wantBytes;
        if (hitEof || _remaining == 0)
        {
            _endOfData = true;
            // Unknown length: running out of bytes is the normal end, unless a frame was cut in half.
            if ((hitEof && _remaining != long.MaxValue) || leftover != 0)
            {
                Truncated = true;
            }

            leftover = 0;
        }

        Decode(_bytes.AsSpan(0, frames * _blockAlign), destination[..frames]);
        if (leftover > 0)
        {
            _bytes.AsSpan(frames * _blockAlign, leftover).CopyTo(_bytes);
        }

        _carry = leftover;
        return frames;
    }

    private void Decode(ReadOnlySpan<byte> src, Span<float> dst)
    {
        var channels = Source.Channels;
        var width = Source.BitsPerSample / 8;
        dst.Clear();
        for (var c = 0; c < channels; c++)
        {
            AddChannel(src[(c * width)..], dst, _blockAlign);
        }

        if (channels > 1)
        {
            var scale = 1f / channels;
            for (var i = 0; i < dst.Length; i++)
            {
                dst[i] *= scale;
            }
        }
    }

    // Adds one channel (samples every `stride` bytes from the start of src) into dst.
    private void AddChannel(ReadOnlySpan<byte> src, Span<float> dst, int stride)
    {
        switch (Source.Encoding)
        {
            case WavEncoding.Pcm when Source.BitsPerSample == 8:
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] += (src[i * stride] - 128) * (1f / 128);
                }

                break;
            case WavEncoding.Pcm when Source.BitsPerSample == 16:
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] += BinaryPrimitives.ReadInt16LittleEndian(src.Slice(i * stride, 2)) * (1f / 32768);
                }

                break;
            case WavEncoding.Pcm when Source.BitsPerSample == 24:
                for (var i = 0; i < dst.Length; i++)
                {
                    var at = i * stride;
                    dst[i] += ((src[at] << 8 | src[at + 1] << 16 | src[at + 2] << 24) >> 8) * (1f / 8388608);
                }

                break;
            case WavEncoding.Pcm:
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] += (float)(BinaryPrimitives.ReadInt32LittleEndian(src.Slice(i * stride, 4)) / 2147483648.0);
                }

                break;
            case WavEncoding.IeeeFloat:
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] += BinaryPrimitives.ReadSingleLittleEndian(src.Slice(i * stride, 4));
                }

                break;
            default:
                var table = Source.Encoding == WavEncoding.MuLaw ? MuLawFloat : ALawFloat;
                for (var i = 0; i < dst.Length; i++)
                {
                    dst[i] += table[src[i * stride]];
                }

                break;
        }
    }

    private WavInfo ReadHeader()
    {
        Span<byte> riff = stackalloc byte[12];
        var got = ReadFully(riff);
        if (got == 0)
        {
            throw new AudioFormatException(AudioFormatError.Empty, "WAV input is empty (0 bytes).");
        }

        if (got >= 4)
        {
            var magic = riff[..4];
            if (magic.SequenceEqual("RIFX"u8) || magic.SequenceEqual("RF64"u8))
            {
                throw new AudioFormatException(AudioFormatError.UnsupportedEncoding,
                    $"'{Encoding.ASCII.GetString(magic)}' WAV files (big-endian / 64-bit) are not supported; only little-endian 'RIFF'.");
            }

            if (!magic.SequenceEqual("RIFF"u8))
            {
                throw new AudioFormatException(AudioFormatError.NotWave, $"Not a WAV file: starts with {Describe(magic)} instead of 'RIFF'.");
            }
        }

        if (got < 12)
        {
            throw new AudioFormatException(AudioFormatError.TruncatedHeader, $"WAV input ends after {got} bytes, inside the 12-byte RIFF header.");
        }

        if (!riff[8..12].SequenceEqual("WAVE"u8))
        {
            throw new AudioFormatException(AudioFormatError.NotWave, $"RIFF file of type {Describe(riff[8..12])}, not 'WAVE'.");
        }

        WavInfo? format = null;
        Span<byte> header = stackalloc byte[8];
        while (true)
        {
            var at = _position;
            got = ReadFully(header);
            if (got < 8)
            {
                var what = format is null ? "fmt and data chunks" : "a data chunk";
                throw new AudioFormatException(AudioFormatError.TruncatedHeader,
                    got == 0
                        ? $"WAV input ends at byte {at} without {what}."
                        : $"WAV input ends at byte {at + got}, inside a chunk header.");
            }

            var id = header[..4];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (id.SequenceEqual("fmt "u8))
            {
                format = ReadFormat(size, at);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is not { } f)
                {
                    throw new AudioFormatException(AudioFormatError.MissingFormat, $"WAV data chunk at byte {at} comes before any fmt chunk.");
                }

                return f with { DataBytes = size == uint.MaxValue ? null : size };
            }
            else
            {
                SkipChunk(id, size, at);
            }
        }
    }

    private WavInfo ReadFormat(uint size, long at)
    {
        if (size < 16 || size > MaxFormatChunkBytes)
        {
            throw new AudioFormatException(AudioFormatError.AbsurdValue,
                $"WAV fmt chunk at byte {at} declares {size} bytes; expected 16..{MaxFormatChunkBytes}.");
        }

        var padded = (int)size + (int)(size & 1);
        var body = new byte[padded];
        var got = ReadFully(body);
        if (got < size)
        {
            throw new AudioFormatException(AudioFormatError.TruncatedHeader,
                $"WAV input ends inside the fmt chunk: {got} of {size} bytes present.");
        }

        var span = body.AsSpan(0, (int)size);
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(span);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(span[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(span[14..]);

        if (tag == 0xFFFE)
        {
            if (size < 40)
            {
                throw new AudioFormatException(AudioFormatError.AbsurdValue,
                    $"WAVE_FORMAT_EXTENSIBLE fmt chunk is {size} bytes; it needs 40.");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(span[24..]); // first field of the sub-format GUID
        }

        if (channels is < 1 or > 32)
        {
            throw new AudioFormatException(AudioFormatError.AbsurdValue, $"WAV declares {channels} channels; expected 1..32.");
        }

        if (rate is < 1000 or > 768_000)
        {
            throw new AudioFormatException(AudioFormatError.AbsurdValue, $"WAV declares a sample rate of {rate} Hz; expected 1000..768000.");
        }

        var encoding = tag switch
        {
            1 => WavEncoding.Pcm,
            3 => WavEncoding.IeeeFloat,
            6 => WavEncoding.ALaw,
            7 => WavEncoding.MuLaw,
            _ => throw new AudioFormatException(AudioFormatError.UnsupportedEncoding,
                string.Create(CultureInfo.InvariantCulture, $"WAV format tag {tag} (0x{tag:X4}, {TagName(tag)}) is not supported; readable: PCM (1), IEEE float (3), A-law (6), µ-law (7).")),
        };

        var bitsOk = encoding switch
        {
            WavEncoding.Pcm => bits is 8 or 16 or 24 or 32,
            WavEncoding.IeeeFloat => bits == 32,
            _ => bits == 8,
        };
        if (!bitsOk)
        {
            throw new AudioFormatException(AudioFormatError.UnsupportedEncoding, $"{encoding} WAV with {bits}-bit samples is not supported.");
        }

        if (blockAlign != channels * bits / 8)
        {
            throw new AudioFormatException(AudioFormatError.AbsurdValue,
                $"WAV block align is {blockAlign} bytes but {channels} channel(s) of {bits}-bit samples need {channels * bits / 8}.");
        }

        return new WavInfo((int)rate, channels, bits, encoding, null);
    }

    private void SkipChunk(ReadOnlySpan<byte> id, uint size, long at)
    {
        var toSkip = (long)size + (size & 1);
        if (_stream.CanSeek)
        {
            var left = _stream.Length - _stream.Position;
            if (toSkip > left)
            {
                throw new AudioFormatException(AudioFormatError.TruncatedHeader,
                    $"WAV chunk {Describe(id)} at byte {at} declares {size} bytes but only {left} remain, and no data chunk was found.");
            }

            _stream.Seek(toSkip, SeekOrigin.Current);
            _position += toSkip;
            return;
        }

        var buffer = new byte[(int)Math.Min(toSkip, 64 * 1024)];
        while (toSkip > 0)
        {
            var n = _stream.Read(buffer, 0, (int)Math.Min(buffer.Length, toSkip));
            if (n == 0)
            {
                throw new AudioFormatException(AudioFormatError.TruncatedHeader,
                    $"WAV input ends inside chunk {Describe(id)} (at byte {at}, {size} bytes declared) before any data chunk.");
            }

            toSkip -= n;
            _position += n;
        }
    }

    private int ReadFully(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = _stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        _position += total;
        return total;
    }

    private static string Describe(ReadOnlySpan<byte> fourcc)
    {
        foreach (var b in fourcc)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return "bytes " + Convert.ToHexString(fourcc);
            }
        }

        return "'" + Encoding.ASCII.GetString(fourcc) + "'";
    }

    private static string TagName(int tag) => tag switch
    {
        2 => "Microsoft ADPCM",
        0x11 => "IMA ADPCM",
        0x31 => "GSM 6.10",
        0x50 => "MPEG",
        0x55 => "MP3",
        _ => "unknown",
    };
}
