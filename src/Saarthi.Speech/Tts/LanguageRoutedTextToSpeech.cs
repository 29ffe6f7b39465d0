using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Tts;

/// <summary>
/// One <see cref="ITextToSpeech"/> made of several: a language with its own voice (a provisioned Piper voice) is
/// spoken by it, every other language by the fallback (espeak-ng). Owns and disposes them all.
/// </summary>
public sealed class LanguageRoutedTextToSpeech : ITextToSpeech
{
    private readonly IReadOnlyDictionary<string, ITextToSpeech> _voices;
    private readonly ITextToSpeech _fallback;

    /// <param name="voices">Voice by ISO 639-1 code.</param>
    /// <param name="fallback">The voice for every other language.</param>
    public LanguageRoutedTextToSpeech(IReadOnlyDictionary<string, ITextToSpeech> voices, ITextToSpeech fallback)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentNullException.ThrowIfNull(fallback);
        _voices = new Dictionary<string, ITextToSpeech>(voices, StringComparer.OrdinalIgnoreCase);
        _fallback = fallback;
        Engine = string.Join(", ", _voices.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}: {v.Value.Engine}").Append($"others: {fallback.Engine}"));
    }

    public string Engine { get; }

    /// <summary>The engine that speaks <paramref name="language"/>.</summary>
    public ITextToSpeech For(string language) =>
        !string.IsNullOrWhiteSpace(language) && _voices.TryGetValue(language.Split('-', '_')[0], out var voice) ? voice : _fallback;

    public bool Supports(string language) => For(language).Supports(language);

    public IAsyncEnumerable<AudioFrame> SynthesizeAsync(string text, string language, CancellationToken cancellationToken = default) =>
        For(language).SynthesizeAsync(text, language, cancellationToken);

    public void Dispose()
    {
        foreach (var voice in _voices.Values.Distinct())
        {
            voice.Dispose();
        }

        _fallback.Dispose();
    }
}
