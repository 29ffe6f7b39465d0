using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Tts;

/// <summary>Text-to-speech that streams: the first sentence plays while the next is still being synthesised.</summary>
public interface ITextToSpeech : IDisposable
{
    /// <summary>Engine and voice, for logs.</summary>
    string Engine { get; }

    bool Supports(string language);

    /// <summary>
    /// Speaks <paramref name="text"/> (already normalised for speech, see the text normaliser) in
    /// <paramref name="language"/>, yielding audio sentence by sentence in the engine's own format.
    /// </summary>
    IAsyncEnumerable<AudioFrame> SynthesizeAsync(string text, string language, CancellationToken cancellationToken = default);
}
