using Saarthi.Dialogue;
using Saarthi.Knowledge.Callers;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Tts;
using Saarthi.Speech.Vad;

namespace Saarthi.Appliance.Call;

/// <summary>The engines a call uses; built once by the host and shared by every call (one call at a time).</summary>
public sealed class CallServices : IDisposable
{
    public required DialogueEngine Dialogue { get; init; }

    public required ISpeechToText SpeechToText { get; init; }

    public required ITextToSpeech TextToSpeech { get; init; }

    /// <summary>
    /// Says whether the caller is speaking (Silero when its model loads, else energy). One detector serves the calls in
    /// turn: each call wraps it in a fresh <see cref="Endpointer"/> and resets it, so nothing carries over.
    /// </summary>
    public required IVoiceActivityDetector VoiceActivity { get; init; }

    /// <summary>Minimum speech, end silence (700 ms), maximum utterance, pre/post-roll.</summary>
    public EndpointerOptions Endpointing { get; init; } = new();

    public PromptCache? Prompts { get; init; }

    public CallerIdHasher? CallerIds { get; init; }

    public CallerContextStore? CallerContexts { get; init; }

    /// <summary>Where "call me back" requests go (sent to the NGO by sync); null keeps none.</summary>
    public ICallbackRequests? Callbacks { get; init; }

    /// <summary>Releases the native engines this object owns (recogniser, voice activity model, caller store).</summary>
    public void Dispose()
    {
        SpeechToText.Dispose();
        VoiceActivity.Dispose();
        CallerContexts?.Dispose();
    }
}

/// <summary>Callback requests for the NGO: the one place a caller's number is kept, because they asked to be called.</summary>
public interface ICallbackRequests
{
    /// <param name="schemeId">The scheme the caller was asking about when they asked for a person, if any: the NGO
    /// worker who calls back knows where to start.</param>
    void Request(string number, string language, string? schemeId, DateTimeOffset at);
}
