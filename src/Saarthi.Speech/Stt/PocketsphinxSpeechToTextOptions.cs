using Saarthi.Native.Interop.Pocketsphinx;

namespace Saarthi.Speech.Stt;

/// <summary>Settings of <see cref="PocketsphinxSpeechToText"/>.</summary>
public sealed record PocketsphinxSpeechToTextOptions
{
    /// <summary>The model, dictionary and decoder options (US English from <c>pocketsphinx-en-us</c> by default).</summary>
    public PocketsphinxConfig Decoder { get; init; } = PocketsphinxConfig.English() with { ExtraOptions = TunedSearchOptions };

    /// <summary>
    /// Decoder options measured on the seed round trip (telephone-band espeak-ng questions): beams wider than
    /// pocketsphinx's defaults (1e-48/1e-48/7e-29) took the hit rate from 59 % to 88 %, the language weight 10 (default
    /// 6.5) added one or two more; the grammar pass stays around RTF 0.1. Batch CMN without noise subtraction keeps
    /// earlier utterances out of the features (live CMN and the noise estimate carried over, so the same question was
    /// heard as different words depending on what came before); the round trip went from 92.9 % to 94.0 % with it.
    /// The silence detector stays on (without it silence decodes as words); its noise tracking still moves scores slightly.
    /// </summary>
    public static IReadOnlyDictionary<string, string> TunedSearchOptions { get; } = new Dictionary<string, string>
    {
        ["-beam"] = "1e-80",
        ["-pbeam"] = "1e-80",
        ["-wbeam"] = "1e-60",
        ["-lw"] = "10",
        ["-cmn"] = "batch",
        ["-remove_noise"] = "no",
    };

    /// <summary>Decode again with the general US English language model when the grammar's result scores below <see cref="FallbackBelowConfidence"/>.</summary>
    public bool LanguageModelFallback { get; init; } = true;

    /// <summary>The grammar confidence under which the open-vocabulary pass runs.</summary>
    public double FallbackBelowConfidence { get; init; } = 0.3;

    /// <summary>
    /// How much better (per 10 ms frame, pocketsphinx log units) the open-vocabulary pass must fit the audio than the
    /// grammar for its words to replace the grammar's. Measured on telephone-band espeak-ng speech: sentences the grammar
    /// does not cover fit 18–31 better freely; covered questions the grammar got right mostly 5–20, but up to 26 for
    /// some "helpline number of …" questions. So the language model only answers for speech far outside the grammar.
    /// </summary>
    public double FallbackAcousticMargin { get; init; } = 28;

    /// <summary>Silence added before and after the utterance: pocketsphinx needs some to settle its noise and CMN estimates.</summary>
    public TimeSpan Padding { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Level (RMS dBFS) of the noise laid above the input's Nyquist frequency when narrowband audio (8 kHz telephone)
    /// is upsampled for the 16 kHz model; <see langword="null"/> turns it off. An empty 4–8 kHz band drives the top
    /// mel filters to −∞ and the grammar search then fails outright; a faint noise floor there is what a wideband
    /// recording of a quiet room has.
    /// </summary>
    public double? BandwidthFillDbfs { get; init; } = -40;

    /// <summary>
    /// Level (RMS dBFS) of a seeded white-noise floor added to all audio; <see langword="null"/> turns it off. Digital
    /// silence (exact zeros: synthetic speech, a muted modem, the padding) makes pocketsphinx 0.8's silence model
    /// outscore speech: the grammar search then stays in &lt;sil&gt; through whole words and fails ("Final result does
    /// not match the grammar"). A floor like the hiss of any real line removes that failure; −45 dBFS measured best.
    /// </summary>
    public double? NoiseFloorDbfs { get; init; } = -45;

    /// <summary>
    /// Audio whose loudest 10 ms stays below this level (dBFS) is silence: nothing is decoded and the transcript is
    /// empty with no-speech probability 1. pocketsphinx's silence detector carries its noise estimate from one utterance
    /// to the next, so digital silence plus the noise floor was sometimes heard as "no" after loud speech.
    /// </summary>
    public double SilenceBelowDbfs { get; init; } = -50;

    /// <summary>Measures <see cref="Transcript.Elapsed"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
