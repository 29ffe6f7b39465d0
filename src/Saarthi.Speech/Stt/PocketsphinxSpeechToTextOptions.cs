using Saarthi.Native.Interop.Pocketsphinx;

namespace Saarthi.Speech.Stt;

/// <summary>Settings of <see cref="PocketsphinxSpeechToText"/>.</summary>
public sealed record PocketsphinxSpeechToTextOptions
{
    /// <summary>The model, dictionary and decoder options (US English from <c>pocketsphinx-en-us</c> by default).</summary>
    public PocketsphinxConfig Decoder { get; init; } = PocketsphinxConfig.English();

    /// <summary>Decode again with the general US English language model when the grammar's result scores below <see cref="FallbackBelowConfidence"/>.</summary>
    public bool LanguageModelFallback { get; init; } = true;

    /// <summary>The grammar confidence under which the open-vocabulary pass runs (and wins, if it heard anything).</summary>
    public double FallbackBelowConfidence { get; init; } = 0.5;

    /// <summary>Silence added before and after the utterance: pocketsphinx needs some to settle its noise and CMN estimates.</summary>
    public TimeSpan Padding { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Level (RMS dBFS) of the noise laid above the input's Nyquist frequency when narrowband audio (8 kHz telephone)
    /// is upsampled for the 16 kHz model; <see langword="null"/> turns it off. An empty 4–8 kHz band drives the top
    /// mel filters to −∞ and the grammar search then fails outright; a faint noise floor there is what a wideband
    /// recording of a quiet room has.
    /// </summary>
    public double? BandwidthFillDbfs { get; init; } = -55;

    /// <summary>
    /// Gain (dB) of the mirrored copy of the narrowband spectrum placed above the input's Nyquist frequency (spectral
    /// folding, the simplest bandwidth extension); <see langword="null"/> turns it off.
    /// </summary>
    public double? SpectralFoldingDb { get; init; }

    /// <summary>
    /// Level (RMS dBFS) of a seeded white-noise floor added to all audio; <see langword="null"/> turns it off. Digital
    /// silence (exact zeros: synthetic speech, a muted modem, the padding) makes pocketsphinx 0.8's silence model
    /// outscore speech: the grammar search then stays in &lt;sil&gt; through whole words and fails ("Final result does
    /// not match the grammar"). A floor at −60 dBFS, the hiss of any real line, removes that failure.
    /// </summary>
    public double? NoiseFloorDbfs { get; init; } = -60;

    /// <summary>How much audio goes to pocketsphinx per call; cancellation is checked between chunks.</summary>
    public TimeSpan Chunk { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Measures <see cref="Transcript.Elapsed"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
