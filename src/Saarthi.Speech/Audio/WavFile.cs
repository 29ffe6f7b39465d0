namespace Saarthi.Speech.Audio;

/// <summary>A whole WAV file decoded to mono 16-bit PCM.</summary>
/// <param name="Format">Source rate, mono, 16-bit.</param>
/// <param name="Source">The file's own encoding and channel count.</param>
/// <param name="Truncated">The data chunk was cut short; <paramref name="Samples"/> holds what was present.</param>
public sealed record WavData(AudioFormat Format, ReadOnlyMemory<short> Samples, WavInfo Source, bool Truncated)
{
    public TimeSpan Duration => Format.DurationOf(Samples.Length);

    public AudioFrame ToFrame(TimeSpan timestamp = default) => new(Format, Samples, timestamp);
}

/// <summary>Whole-file helpers over <see cref="WavReader"/> and <see cref="WavWriter"/>.</summary>
public static class WavFile
{
    /// <summary>Default cap on samples held in memory by <see cref="Read(Stream, long)"/>: 64 Mi samples (128 MB, 2.3 h at 8 kHz).</summary>
    public const long DefaultMaxSamples = 64L * 1024 * 1024;

    public static WavData Read(string path, long maxSamples = DefaultMaxSamples)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        return Read(stream, maxSamples);
    }

    /// <summary>
    /// Decodes a whole WAV stream to mono 16-bit. The output array is sized once from the header (bounded by what the
    /// stream actually holds when it can seek), so the file is never in memory twice.
    /// </summary>
    public static WavData Read(Stream stream, long maxSamples = DefaultMaxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSamples);
        maxSamples = Math.Min(maxSamples, Array.MaxLength);
        using var reader = new WavReader(stream, leaveOpen: true);
        long? expected = reader.Source.DeclaredFrames;
        if (stream.CanSeek)
        {
            var present = (stream.Length - stream.Position) / reader.Source.BlockAlign;
            expected = expected is { } e ? Math.Min(e, present) : present;
        }

        if (expected > maxSamples)
        {
            throw new AudioFormatException(AudioFormatError.TooLarge,
                $"WAV holds {expected} samples ({reader.Format.DurationOf(expected.Value):g}); the limit for reading into memory is {maxSamples}. Use WavReader to stream it.");
        }

        var samples = new short[expected ?? Math.Min(64 * 1024, maxSamples)];
        var one = new short[1];
        var count = 0;
        while (true)
        {
            if (count == samples.Length)
            {
                // Full: either the end, or a stream whose length was not known up front.
                if (reader.EndOfData || reader.Read(one) == 0)
                {
                    break;
                }

                if (samples.Length >= maxSamples)
                {
                    throw new AudioFormatException(AudioFormatError.TooLarge,
                        $"WAV stream holds more than {maxSamples} samples, the limit for reading into memory. Use WavReader to stream it.");
                }

                Array.Resize(ref samples, (int)Math.Min(Math.Max(samples.Length * 2L, 1024), maxSamples));
                samples[count++] = one[0];
                continue;
            }

            var got = reader.Read(samples.AsSpan(count));
            if (got == 0)
            {
                break;
            }

            count += got;
        }

        return new WavData(reader.Format, samples.AsMemory(0, count), reader.Source, reader.Truncated);
    }

    /// <summary>Writes 16-bit PCM (interleaved if <paramref name="format"/> has several channels).</summary>
    public static void Write(string path, AudioFormat format, ReadOnlySpan<short> samples, WavEncoding encoding = WavEncoding.Pcm)
    {
        using var writer = WavWriter.Create(path, format, encoding);
        writer.Write(samples);
    }

    public static void Write(Stream stream, AudioFormat format, ReadOnlySpan<short> samples, WavEncoding encoding = WavEncoding.Pcm)
    {
        using var writer = new WavWriter(stream, format.SampleRate, format.Channels, encoding,
            encoding switch { WavEncoding.Pcm => format.BitsPerSample is 8 ? 8 : 16, WavEncoding.IeeeFloat => 32, _ => 8 }, leaveOpen: true);
        writer.Write(samples);
    }
}
