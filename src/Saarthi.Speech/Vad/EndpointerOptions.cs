namespace Saarthi.Speech.Vad;

/// <summary>Timing of the <see cref="Endpointer"/>.</summary>
public sealed record EndpointerOptions
{
    /// <summary>Speech shorter than this is ignored (clicks, a cough, line pops): ~100 ms.</summary>
    public TimeSpan MinSpeech { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Non-speech frames tolerated inside the <see cref="MinSpeech"/> run that starts an utterance.</summary>
    public TimeSpan StartGapTolerance { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>Silence after speech that ends an utterance: ~700 ms.</summary>
    public TimeSpan EndSilence { get; init; } = TimeSpan.FromMilliseconds(700);

    /// <summary>An utterance is cut at this length even if the caller talks on (the kiosk must answer): 15 s.</summary>
    public TimeSpan MaxUtterance { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Audio kept before the detected start, so the first word is not clipped by the detector's delay.</summary>
    public TimeSpan PreRoll { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Silence kept after the last speech frame in the utterance's audio (recognisers like a little).</summary>
    public TimeSpan PostRoll { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for durations that make no sense together.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSpeech, TimeSpan.Zero, nameof(MinSpeech));
        ArgumentOutOfRangeException.ThrowIfLessThan(StartGapTolerance, TimeSpan.Zero, nameof(StartGapTolerance));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EndSilence, TimeSpan.Zero, nameof(EndSilence));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxUtterance, MinSpeech, nameof(MaxUtterance));
        ArgumentOutOfRangeException.ThrowIfLessThan(PreRoll, TimeSpan.Zero, nameof(PreRoll));
        ArgumentOutOfRangeException.ThrowIfLessThan(PostRoll, TimeSpan.Zero, nameof(PostRoll));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PostRoll, EndSilence, nameof(PostRoll));
    }
}
