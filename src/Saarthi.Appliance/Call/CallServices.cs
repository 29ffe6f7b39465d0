using Saarthi.Dialogue;
using Saarthi.Knowledge.Callers;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Tts;

namespace Saarthi.Appliance.Call;

/// <summary>The engines a call uses; built once by the host and shared by every call (one call at a time).</summary>
public sealed class CallServices
{
    public required DialogueEngine Dialogue { get; init; }

    public required ISpeechToText SpeechToText { get; init; }

    public required ITextToSpeech TextToSpeech { get; init; }

    /// <summary>A fresh endpointer per call.</summary>
    public required Func<IUtteranceDetector> NewUtteranceDetector { get; init; }

    public PromptCache? Prompts { get; init; }

    public CallerIdHasher? CallerIds { get; init; }

    public CallerContextStore? CallerContexts { get; init; }

    /// <summary>Where "call me back" requests go (sent to the NGO by sync); null keeps none.</summary>
    public ICallbackRequests? Callbacks { get; init; }
}

/// <summary>Callback requests for the NGO: the one place a caller's number is kept, because they asked to be called.</summary>
public interface ICallbackRequests
{
    void Request(string number, string language, DateTimeOffset at);
}
