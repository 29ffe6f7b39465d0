namespace Saarthi.Speech.Audio;

/// <summary>
/// A short run of 16-bit PCM audio (typically 20 ms) that carries its own format and position in the stream.
/// Multi-channel samples are interleaved. <see cref="Timestamp"/> is the stream time of the first sample.
/// </summary>
public readonly record struct AudioFrame
{
    public AudioFrame(AudioFormat format, ReadOnlyMemory<short> samples, TimeSpan timestamp)
    {
        format.EnsureValid(nameof(format));
        if (format.BitsPerSample != 16)
        {
            throw new ArgumentException($"Audio frames carry 16-bit samples; format says {format.BitsPerSample}-bit.", nameof(format));
        }

        if (samples.Length % format.Channels != 0)
        {
            throw new ArgumentException(
                $"{samples.Length} samples do not divide into whole frames of {format.Channels} channels.", nameof(samples));
        }

        Format = format;
        Samples = samples;
        Timestamp = timestamp;
    }

    public AudioFormat Format { get; }

    public ReadOnlyMemory<short> Samples { get; }

    /// <summary>Stream time of the first sample.</summary>
    public TimeSpan Timestamp { get; }

    /// <summary>Samples per channel.</summary>
    public int FrameCount => Format.Channels == 0 ? 0 : Samples.Length / Format.Channels;

    public TimeSpan Duration => Format.SampleRate == 0 ? TimeSpan.Zero : Format.DurationOf(FrameCount);

    /// <summary>Stream time just after the last sample.</summary>
    public TimeSpan End => Timestamp + Duration;

    /// <summary>This frame with its channels averaged into one (the same frame when already mono).</summary>
    public AudioFrame ToMono()
    {
        if (Format.Channels == 1)
        {
            return this;
        }

        var mono = new short[FrameCount];
        SampleConvert.DownmixToMono(Samples.Span, Format.Channels, mono);
        return new AudioFrame(Format.AsMono(), mono, Timestamp);
    }

    /// <summary>The samples as floats in [-1, 1) (interleaved, as stored).</summary>
    public float[] ToFloat() => SampleConvert.ToFloat(Samples.Span);

    /// <summary>Builds a 16-bit frame from floats in [-1, 1]; values outside are clipped.</summary>
    public static AudioFrame FromFloat(AudioFormat format, ReadOnlySpan<float> samples, TimeSpan timestamp)
    {
        var pcm = new short[samples.Length];
        SampleConvert.ToInt16(samples, pcm);
        return new AudioFrame(format, pcm, timestamp);
    }

    /// <summary>
    /// Cuts a contiguous run of samples into frames of <paramref name="frameDuration"/> (the last one may be shorter),
    /// stamped from <paramref name="start"/>. The frames share <paramref name="samples"/>; nothing is copied.
    /// </summary>
    public static IEnumerable<AudioFrame> Split(AudioFormat format, ReadOnlyMemory<short> samples, TimeSpan frameDuration, TimeSpan start = default)
    {
        format.EnsureValid(nameof(format));
        var framesPer = (int)format.FramesIn(frameDuration);
        if (framesPer <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameDuration), frameDuration, "Frame duration is shorter than one sample.");
        }

        return SplitIterator(format, samples, framesPer, start);
    }

    private static IEnumerable<AudioFrame> SplitIterator(AudioFormat format, ReadOnlyMemory<short> samples, int framesPer, TimeSpan start)
    {
        var step = framesPer * format.Channels;
        long position = 0;
        for (var offset = 0; offset < samples.Length; offset += step)
        {
            var length = Math.Min(step, samples.Length - offset);
            yield return new AudioFrame(format, samples.Slice(offset, length), start + format.DurationOf(position));
            position += length / format.Channels;
        }
    }
}
