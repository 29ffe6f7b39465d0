namespace Saarthi.Speech.Dtmf;

/// <summary>
/// Thresholds for <see cref="DtmfDetector"/>. Defaults follow ITU-T Q.24 / the usual North-American limits:
/// tones of 40 ms or more are accepted and tones under 23 ms rejected, frequency errors of ±1.5 % accepted and
/// ±3.5 % rejected, normal twist up to 8 dB and reverse twist up to 4 dB.
/// </summary>
public sealed record DtmfDetectorOptions
{
    /// <summary>Quietest tone accepted, per tone, RMS dBFS (−42 dBFS is about −36 dBm0 through G.711).</summary>
    public float MinToneLevelDbfs { get; init; } = -42f;

    /// <summary>How much louder the low (row) tone may be than the high (column) tone.</summary>
    public float MaxNormalTwistDb { get; init; } = 8f;

    /// <summary>How much louder the high (column) tone may be than the low (row) tone.</summary>
    public float MaxReverseTwistDb { get; init; } = 4f;

    /// <summary>How far the strongest row (and column) must stand above the other rows (columns).</summary>
    public float MinRelativePeakDb { get; init; } = 6f;

    /// <summary>Share of the window's energy the two tones must hold: rejects speech and noise (talk-off).</summary>
    public float MinToneEnergyRatio { get; init; } = 0.8f;

    /// <summary>How far below each tone its second harmonic must be (speech is rich in harmonics; DTMF is not).</summary>
    public float MinSecondHarmonicRejectionDb { get; init; } = 12f;

    /// <summary>Largest difference between the quietest and loudest quarter of a window: tones are steady.</summary>
    public float MaxEnvelopeVariationDb { get; init; } = 6f;

    /// <summary>
    /// Largest accepted relative frequency error of either tone, measured from the phase advance between blocks
    /// (±0.2 % accuracy at 10 dB SNR). Set below the 2.5 % midpoint of Q.24's 1.5 %/3.5 % because speech that gets
    /// this far typically has one harmonic 2.5–3.5 % off.
    /// </summary>
    public double MaxFrequencyDeviation { get; init; } = 0.022;

    /// <summary>Consecutive matching analysis windows (4 ms apart) needed to report a key.</summary>
    public int HitsToConfirm { get; init; } = 4;

    /// <summary>
    /// Consecutive non-matching windows that end a key press (so the next press of the same key counts), provided
    /// one of them shows a held tone gone (below −20 dB of its level). Short interruptions, which only dent the
    /// tone, are bridged.
    /// </summary>
    public int MissesToRelease { get; init; } = 3;

    /// <summary>Consecutive non-matching windows that end a key press whatever they contain (40 ms).</summary>
    public int MissesToForceRelease { get; init; } = 10;

    /// <summary>Analysis window length (Hann-windowed Goertzel).</summary>
    public TimeSpan WindowDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Step between analysis windows.</summary>
    public TimeSpan HopDuration { get; init; } = TimeSpan.FromMilliseconds(4);
}
