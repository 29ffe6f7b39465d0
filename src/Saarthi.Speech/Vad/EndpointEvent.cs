using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Vad;

/// <summary>Why an utterance ended.</summary>
public enum UtteranceEndReason
{
    /// <summary><see cref="EndpointerOptions.EndSilence"/> of silence followed the speech.</summary>
    Silence,

    /// <summary>The caller talked for <see cref="EndpointerOptions.MaxUtterance"/>; what follows starts a new utterance.</summary>
    MaxLength,

    /// <summary>The stream ended (<see cref="Endpointer.Flush"/>) during speech.</summary>
    EndOfStream,
}

/// <summary>Something the endpointer noticed. <see cref="DetectedAt"/> is the stream time at which it could tell.</summary>
public abstract record EndpointEvent(TimeSpan DetectedAt);

/// <summary>
/// The caller started speaking at <paramref name="SpeechStart"/> (stream time of the first speech frame), known at
/// <paramref name="DetectedAt"/>, after <see cref="EndpointerOptions.MinSpeech"/>: the barge-in signal while the kiosk talks.
/// </summary>
public sealed record SpeechStarted(TimeSpan SpeechStart, TimeSpan DetectedAt) : EndpointEvent(DetectedAt);

/// <summary>
/// An utterance is complete. <paramref name="Audio"/> runs from <see cref="EndpointerOptions.PreRoll"/> before
/// <paramref name="SpeechStart"/> to <see cref="EndpointerOptions.PostRoll"/> after <paramref name="SpeechEnd"/> (the
/// end of the last speech frame); <c>DetectedAt − SpeechEnd</c> is the endpointing delay.
/// </summary>
public sealed record UtteranceEnded(AudioFrame Audio, TimeSpan SpeechStart, TimeSpan SpeechEnd, TimeSpan DetectedAt, UtteranceEndReason Reason)
    : EndpointEvent(DetectedAt)
{
    /// <summary>How long the caller spoke.</summary>
    public TimeSpan SpeechDuration => SpeechEnd - SpeechStart;
}
