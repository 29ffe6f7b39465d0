using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Vad;

/// <summary>
/// Says, frame by frame, whether the caller is speaking. Stateful (it follows one stream): feed consecutive frames of
/// one call, <see cref="Reset"/> between calls. Timing logic (minimum speech, hang-over, maximum length) is the
/// <see cref="Endpointer"/>'s, not the detector's.
/// </summary>
public interface IVoiceActivityDetector : IDisposable
{
    /// <summary>For logs: "silero-v5 (sherpa-onnx 1.13.4 …)", "energy".</summary>
    string Name { get; }

    /// <summary>The sample rate of the frames it accepts (mono, 16-bit).</summary>
    int SampleRate { get; }

    /// <summary>Whether speech is detected at the end of <paramref name="frame"/> (mono, <see cref="SampleRate"/>).</summary>
    bool IsSpeech(AudioFrame frame);

    /// <summary>Forgets the stream (model state, noise floor).</summary>
    void Reset();
}
