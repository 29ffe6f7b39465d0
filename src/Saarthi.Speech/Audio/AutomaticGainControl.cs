namespace Saarthi.Speech.Audio;

/// <summary>Settings for <see cref="AutomaticGainControl"/>.</summary>
public sealed record AgcOptions
{
    /// <summary>Long-term speech level to aim for.</summary>
    public float TargetRmsDbfs { get; init; } = -20f;

    /// <summary>Most boost applied to quiet input.</summary>
    public float MaxGainDb { get; init; } = 30f;

    /// <summary>Most cut applied to loud input (negative).</summary>
    public float MinGainDb { get; init; } = -20f;

    /// <summary>Analysis blocks quieter than this are treated as background and leave the gain where it is.</summary>
    public float NoiseGateDbfs { get; init; } = -55f;

    /// <summary>No output sample exceeds this peak level.</summary>
    public float CeilingDbfs { get; init; } = -1f;

    /// <summary>Time constant of the level estimate the gain follows.</summary>
    public TimeSpan LevelTimeConstant { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Time constant for lowering the gain.</summary>
    public TimeSpan AttackTime { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Time constant for raising the gain (slow, so pauses do not pump up the noise).</summary>
    public TimeSpan ReleaseTime { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Length of the blocks whose level feeds the estimate.</summary>
    public TimeSpan BlockDuration { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Gain before any speech has been heard.</summary>
    public float InitialGainDb { get; init; }
}

/// <summary>
/// AGC-lite with a clip-proof peak limiter, for quiet callers before recognition and for synthesised prompts.
/// <para>
/// Every <see cref="AgcOptions.BlockDuration"/> the block's power updates a smoothed level estimate (blocks under the
/// noise gate are ignored); the target gain is <c>target − level</c>, clamped to [MinGainDb, MaxGainDb]. The applied
/// gain follows it sample by sample, fast down and slowly up. A sample that would exceed the ceiling instead pulls
/// the gain down at once so that it lands exactly on the ceiling: the output never clips, without look-ahead.
/// </para>
/// All state advances per sample, so any chunking of the input gives identical output.
/// </summary>
public sealed class AutomaticGainControl
{
    private readonly AgcOptions _options;
    private readonly int _blockLength;
    private readonly float _ceiling;
    private readonly float _minGain;
    private readonly float _maxGain;
    private readonly float _gateTimesBlock;
    private readonly float _levelAlpha;
    private readonly float _attack;
    private readonly float _release;
    private readonly float _targetRms;
    private float _gain;
    private float _targetGain;
    private double _blockPower;
    private int _blockFill;
    private double _level = double.NaN; // smoothed mean-square of active blocks

    public AutomaticGainControl(int sampleRate, AgcOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        _options = options ?? new AgcOptions();
        if (_options.MinGainDb > _options.MaxGainDb)
        {
            throw new ArgumentException($"MinGainDb {_options.MinGainDb} exceeds MaxGainDb {_options.MaxGainDb}.", nameof(options));
        }

        if (_options.CeilingDbfs > 0)
        {
            throw new ArgumentException($"Ceiling {_options.CeilingDbfs} dBFS is above full scale.", nameof(options));
        }

        _blockLength = Math.Max(1, (int)AudioFormat.TimeToFrames(_options.BlockDuration, sampleRate));
        _ceiling = AudioLevel.FromDbfs(_options.CeilingDbfs);
        _minGain = AudioLevel.FromDbfs(_options.MinGainDb);
        _maxGain = AudioLevel.FromDbfs(_options.MaxGainDb);
        var gate = AudioLevel.FromDbfs(_options.NoiseGateDbfs);
        _gateTimesBlock = gate * gate * _blockLength;
        _targetRms = AudioLevel.FromDbfs(_options.TargetRmsDbfs);
        _levelAlpha = Coefficient(_options.LevelTimeConstant.TotalSeconds * sampleRate / _blockLength);
        _attack = Coefficient(_options.AttackTime.TotalSeconds * sampleRate);
        _release = Coefficient(_options.ReleaseTime.TotalSeconds * sampleRate);
        _gain = Math.Clamp(AudioLevel.FromDbfs(_options.InitialGainDb), _minGain, _maxGain);
        _targetGain = _gain;
    }

    /// <summary>Gain currently applied, in dB.</summary>
    public float CurrentGainDb => AudioLevel.ToDbfs(_gain);

    /// <summary>Samples whose gain the limiter had to pull down.</summary>
    public long LimitedSamples { get; private set; }

    /// <summary>Applies gain in place to floats in [-1, 1].</summary>
    public void Process(Span<float> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Next(samples[i]);
        }
    }

    /// <summary>Applies gain in place to 16-bit samples.</summary>
    public void Process(Span<short> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var y = Next(samples[i] / SampleConvert.Int16Scale) * SampleConvert.Int16Scale;
            samples[i] = (short)Math.Clamp(MathF.Round(y), short.MinValue, short.MaxValue);
        }
    }

    /// <summary>A new frame with gain applied (mono or interleaved; channels share one gain).</summary>
    public AudioFrame Process(AudioFrame frame)
    {
        var copy = frame.Samples.ToArray();
        Process(copy);
        return new AudioFrame(frame.Format, copy, frame.Timestamp);
    }

    private float Next(float x)
    {
        // Level estimate, per block.
        _blockPower += (double)x * x;
        if (++_blockFill == _blockLength)
        {
            if (_blockPower > _gateTimesBlock)
            {
                var meanSquare = _blockPower / _blockLength;
                _level = double.IsNaN(_level) ? meanSquare : _level + (_levelAlpha * (meanSquare - _level));
                _targetGain = Math.Clamp((float)(_targetRms / Math.Sqrt(_level)), _minGain, _maxGain);
            }

            _blockPower = 0;
            _blockFill = 0;
        }

        // Gain smoothing, per sample.
        _gain += (_targetGain - _gain) * (_targetGain < _gain ? _attack : _release);

        // Peak limiter.
        var y = x * _gain;
        var magnitude = MathF.Abs(y);
        if (magnitude > _ceiling)
        {
            _gain = _ceiling / MathF.Abs(x);
            y = MathF.CopySign(_ceiling, x);
            LimitedSamples++;
        }

        return y;
    }

    // One-pole smoothing coefficient for a time constant of `samples`.
    private static float Coefficient(double samples) => samples <= 1 ? 1f : (float)(1 - Math.Exp(-1 / samples));
}
