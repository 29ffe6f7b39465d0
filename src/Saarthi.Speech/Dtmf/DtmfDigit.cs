namespace Saarthi.Speech.Dtmf;

/// <summary>A detected key press, reported once per press as soon as it is confirmed.</summary>
/// <param name="Key">0-9, *, #, A-D.</param>
/// <param name="Timestamp">Estimated stream time at which the tone began.</param>
/// <param name="LowFrequencyHz">Measured low-group frequency (averaged over the confirmation windows).</param>
/// <param name="HighFrequencyHz">Measured high-group frequency.</param>
/// <param name="LowLevelDbfs">RMS level of the low tone, dBFS.</param>
/// <param name="HighLevelDbfs">RMS level of the high tone, dBFS.</param>
public readonly record struct DtmfDigit(
    char Key,
    TimeSpan Timestamp,
    float LowFrequencyHz,
    float HighFrequencyHz,
    float LowLevelDbfs,
    float HighLevelDbfs)
{
    /// <summary>Low minus high level: positive is normal twist, negative reverse twist.</summary>
    public float TwistDb => LowLevelDbfs - HighLevelDbfs;
}
