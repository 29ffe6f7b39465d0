namespace Saarthi.Speech.Audio;

/// <summary>
/// Peak / RMS / dBFS helpers. dBFS here is 20·log10 of the value relative to digital full scale (1.0, or 32768 for
/// 16-bit), so a full-scale square wave is 0 dBFS and a full-scale sine −3.01 dBFS RMS. Silence is floored at
/// <see cref="SilenceDbfs"/> rather than −∞.
/// </summary>
public static class AudioLevel
{
    /// <summary>The level reported for digital silence (−120 dBFS, below 16-bit's ≈−96 dB range).</summary>
    public const float SilenceDbfs = -120f;

    public static float Peak(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        foreach (var s in samples)
        {
            peak = MathF.Max(peak, MathF.Abs(s));
        }

        return peak;
    }

    /// <summary>Peak of 16-bit samples relative to full scale (short.MinValue gives exactly 1).</summary>
    public static float Peak(ReadOnlySpan<short> samples)
    {
        var peak = 0;
        foreach (var s in samples)
        {
            peak = Math.Max(peak, Math.Abs((int)s));
        }

        return peak / SampleConvert.Int16Scale;
    }

    public static float Rms(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return (float)Math.Sqrt(sum / samples.Length);
    }

    public static float Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        long sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return (float)(Math.Sqrt((double)sum / samples.Length) / SampleConvert.Int16Scale);
    }

    /// <summary>20·log10(<paramref name="linear"/>), floored at <see cref="SilenceDbfs"/>.</summary>
    public static float ToDbfs(float linear) =>
        linear <= 0 ? SilenceDbfs : MathF.Max(SilenceDbfs, 20f * MathF.Log10(linear));

    /// <summary>Linear amplitude for a dBFS value.</summary>
    public static float FromDbfs(float dbfs) => MathF.Pow(10f, dbfs / 20f);

    public static float RmsDbfs(ReadOnlySpan<float> samples) => ToDbfs(Rms(samples));

    public static float RmsDbfs(ReadOnlySpan<short> samples) => ToDbfs(Rms(samples));

    public static float PeakDbfs(ReadOnlySpan<float> samples) => ToDbfs(Peak(samples));

    public static float PeakDbfs(ReadOnlySpan<short> samples) => ToDbfs(Peak(samples));

    /// <summary>RMS level of a frame (all channels together).</summary>
    public static float RmsDbfs(AudioFrame frame) => RmsDbfs(frame.Samples.Span);

    /// <summary>
    /// RMS dBFS of consecutive <paramref name="frameLength"/>-sample frames (a trailing partial frame counts).
    /// Returns how many levels were written.
    /// </summary>
    public static int FrameRmsDbfs(ReadOnlySpan<short> samples, int frameLength, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 1);
        var count = (samples.Length + frameLength - 1) / frameLength;
        if (destination.Length < count)
        {
            throw new ArgumentException($"Destination holds {destination.Length} levels; {count} frames need one each.", nameof(destination));
        }

        for (var i = 0; i < count; i++)
        {
            var start = i * frameLength;
            destination[i] = RmsDbfs(samples.Slice(start, Math.Min(frameLength, samples.Length - start)));
        }

        return count;
    }
}

/// <summary>One analysis frame's level.</summary>
/// <param name="Timestamp">Stream time of the frame's first sample.</param>
/// <param name="NoiseFloorDbfs">The meter's running noise-floor estimate after this frame.</param>
public readonly record struct LevelReading(TimeSpan Timestamp, float RmsDbfs, float PeakDbfs, float NoiseFloorDbfs)
{
    /// <summary>How far this frame stands above the noise floor: the quantity an energy VAD thresholds.</summary>
    public float AboveFloorDb => RmsDbfs - NoiseFloorDbfs;
}

/// <summary>
/// Streaming frame-level meter for an energy-based VAD: cuts any chunking of the input into fixed analysis frames
/// (10 ms by default) and reports RMS/peak dBFS per frame, plus a noise floor that follows drops at once and rises
/// slowly (<see cref="FloorRiseDbPerSecond"/>), so speech bursts do not drag it up.
/// </summary>
public sealed class LevelMeter
{
    private readonly float[] _frame;
    private readonly int _sampleRate;
    private int _filled;
    private long _framesDone;
    private float _floor = float.NaN;

    public LevelMeter(int sampleRate, TimeSpan? frameDuration = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        var length = (int)AudioFormat.TimeToFrames(frameDuration ?? TimeSpan.FromMilliseconds(10), sampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1, nameof(frameDuration));
        _sampleRate = sampleRate;
        _frame = new float[length];
    }

    public float FloorRiseDbPerSecond { get; init; } = 3f;

    public int FrameLength => _frame.Length;

    /// <summary>Current noise-floor estimate (<see cref="AudioLevel.SilenceDbfs"/> before the first frame).</summary>
    public float NoiseFloorDbfs => float.IsNaN(_floor) ? AudioLevel.SilenceDbfs : _floor;

    public void Process(ReadOnlySpan<short> samples, ICollection<LevelReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        while (!samples.IsEmpty)
        {
            var n = Math.Min(samples.Length, _frame.Length - _filled);
            SampleConvert.ToFloat(samples[..n], _frame.AsSpan(_filled));
            _filled += n;
            samples = samples[n..];
            if (_filled == _frame.Length)
            {
                readings.Add(Complete());
            }
        }
    }

    public IReadOnlyList<LevelReading> Process(ReadOnlySpan<short> samples)
    {
        var list = new List<LevelReading>();
        Process(samples, list);
        return list;
    }

    private LevelReading Complete()
    {
        var rms = AudioLevel.RmsDbfs(_frame);
        var peak = AudioLevel.PeakDbfs(_frame);
        var rise = FloorRiseDbPerSecond * _frame.Length / _sampleRate;
        _floor = float.IsNaN(_floor) || rms < _floor ? rms : MathF.Min(rms, _floor + rise);
        var reading = new LevelReading(AudioFormat.FramesToTime(_framesDone * _frame.Length, _sampleRate), rms, peak, _floor);
        _framesDone++;
        _filled = 0;
        return reading;
    }
}
