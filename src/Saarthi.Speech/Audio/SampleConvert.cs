namespace Saarthi.Speech.Audio;

/// <summary>Conversions between 16-bit PCM and floats in [-1, 1), and channel downmixing.</summary>
public static class SampleConvert
{
    /// <summary>Full scale of 16-bit PCM: short.MinValue maps to -1.0f exactly.</summary>
    public const float Int16Scale = 32768f;

    public static void ToFloat(ReadOnlySpan<short> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} samples, source has {source.Length}.", nameof(destination));
        }

        const float inv = 1f / Int16Scale;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] * inv;
        }
    }

    public static float[] ToFloat(ReadOnlySpan<short> source)
    {
        var result = new float[source.Length];
        ToFloat(source, result);
        return result;
    }

    /// <summary>
    /// Rounds floats to 16-bit PCM, saturating at the rails (no wrap-around). Returns how many samples had to be clipped.
    /// Exact inverse of <see cref="ToFloat(ReadOnlySpan{short}, Span{float})"/>.
    /// </summary>
    public static int ToInt16(ReadOnlySpan<float> source, Span<short> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} samples, source has {source.Length}.", nameof(destination));
        }

        var clipped = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var v = MathF.Round(source[i] * Int16Scale);
            if (v > short.MaxValue)
            {
                destination[i] = short.MaxValue;
                clipped++;
            }
            else if (v < short.MinValue || float.IsNaN(v))
            {
                destination[i] = float.IsNaN(v) ? (short)0 : short.MinValue;
                clipped++;
            }
            else
            {
                destination[i] = (short)v;
            }
        }

        return clipped;
    }

    public static short[] ToInt16(ReadOnlySpan<float> source)
    {
        var result = new short[source.Length];
        ToInt16(source, result);
        return result;
    }

    /// <summary>Averages interleaved channels into one (rounded to nearest).</summary>
    public static void DownmixToMono(ReadOnlySpan<short> interleaved, int channels, Span<short> mono)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var frames = interleaved.Length / channels;
        if (mono.Length < frames)
        {
            throw new ArgumentException($"Destination holds {mono.Length} samples, source has {frames} frames.", nameof(mono));
        }

        if (channels == 1)
        {
            interleaved[..frames].CopyTo(mono);
            return;
        }

        for (var f = 0; f < frames; f++)
        {
            var sum = 0;
            var row = interleaved.Slice(f * channels, channels);
            foreach (var s in row)
            {
                sum += s;
            }

            mono[f] = (short)Math.Round((double)sum / channels, MidpointRounding.AwayFromZero);
        }
    }
}
