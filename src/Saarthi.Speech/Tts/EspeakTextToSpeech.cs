using System.Runtime.CompilerServices;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Text;

namespace Saarthi.Speech.Tts;

/// <summary>
/// The embedded default voice: espeak-ng for English and 13 Indian languages. Each sentence is normalised for
/// speech (₹6,000 → "छह हज़ार रुपये") and synthesised on its own, so the first sentence can play while the rest is
/// still being made.
/// </summary>
public sealed class EspeakTextToSpeech : ITextToSpeech
{
    private readonly EspeakSynthesizer _synth;
    private readonly int _ratePercent;

    /// <param name="ratePercent">Speaking rate relative to the phone-friendly default (100); "speak slowly" uses about 75.</param>
    public EspeakTextToSpeech(int ratePercent = 100, int wordsPerMinute = 150)
    {
        _synth = new EspeakSynthesizer(wordsPerMinute);
        _ratePercent = ratePercent;
    }

    public string Engine => $"espeak-ng@{_synth.WordsPerMinute}wpm";

    public bool Supports(string language) => EspeakSynthesizer.Supports(language);

    public async IAsyncEnumerable<AudioFrame> SynthesizeAsync(string text, string language, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var format = new AudioFormat(EspeakSynthesizer.SampleRate, 1, 16);
        var at = TimeSpan.Zero;
        foreach (var sentence in SpeechText.Sentences(text))
        {
            var spoken = SpeechText.Normalize(sentence, language);
            if (spoken.Length == 0) continue;
            var speech = await _synth.SynthesizeAsync(spoken, language, _ratePercent, cancellationToken).ConfigureAwait(false);
            if (speech.Samples.Length == 0) continue;
            var frame = new AudioFrame(format, speech.Samples, at);
            at = frame.End;
            yield return frame;
        }
    }

    public void Dispose()
    {
        // espeak-ng is process-global and stays initialised for the next caller.
    }
}
