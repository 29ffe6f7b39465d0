using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Call;

/// <summary>What the endpointer makes of the caller's audio.</summary>
public abstract record VoiceEvent
{
    /// <summary>The caller started speaking (used for barge-in while the kiosk talks).</summary>
    public sealed record SpeechStarted(TimeSpan At) : VoiceEvent;

    /// <summary>
    /// A whole utterance, ended by silence or cut at the maximum length. <see cref="SpeechEndedAt"/> is when the caller
    /// stopped talking and <see cref="EndedAt"/> when the endpointer was sure of it: the difference is the endpoint delay.
    /// </summary>
    public sealed record UtteranceEnded(AudioFrame Audio, TimeSpan SpeechEndedAt, TimeSpan EndedAt, string Reason) : VoiceEvent;
}

/// <summary>Voice activity + endpointing over the caller's 20 ms frames (Silero VAD when present, energy otherwise).</summary>
public interface IUtteranceDetector
{
    /// <summary>Name of the detector in use, for the log ("silero", "energy").</summary>
    string Name { get; }

    IReadOnlyList<VoiceEvent> Process(AudioFrame frame);

    void Reset();
}
