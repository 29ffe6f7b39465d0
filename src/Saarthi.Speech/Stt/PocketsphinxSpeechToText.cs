using Saarthi.Native.Interop.Pocketsphinx;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt.Grammar;

namespace Saarthi.Speech.Stt;

/// <summary>One decoding pass over an utterance.</summary>
/// <param name="Search">"grammar…" or "lm".</param>
/// <param name="Text">The words heard (fillers removed); empty when the search found no complete path.</param>
/// <param name="Confidence">0…1, see <see cref="PocketsphinxSpeechToText"/> for how it is computed.</param>
/// <param name="Posterior">pocketsphinx's posterior of the hypothesis (<c>ps_get_prob</c>).</param>
/// <param name="AcousticPerFrame">Mean acoustic log-likelihood per 10 ms frame of the words (pocketsphinx units; closer to 0 is better).</param>
/// <param name="Frames">Frames decoded.</param>
/// <param name="Elapsed">Time this pass took.</param>
/// <param name="Words">The best path, fillers included.</param>
public sealed record PocketsphinxPass(
    string Search, string Text, double Confidence, double Posterior, double AcousticPerFrame, int Frames, TimeSpan Elapsed,
    IReadOnlyList<PocketsphinxWord> Words);

/// <summary>What the kiosk expects the caller to say next: it picks the grammar.</summary>
public enum ExpectedSpeech
{
    /// <summary>A question about a scheme, a group, or a short answer (the question grammar).</summary>
    Question,

    /// <summary>A reply to a question the kiosk asked: yes/no or a number (the reply grammar).</summary>
    Reply,
}

/// <summary>What <see cref="PocketsphinxSpeechToText.RecognizeAsync"/> found: the transcript and both passes behind it.</summary>
public sealed record PocketsphinxRecognition(Transcript Transcript, PocketsphinxPass Grammar, PocketsphinxPass? LanguageModel);

/// <summary>
/// Speech-to-text with pocketsphinx 0.8 (Debian <c>libpocketsphinx3</c> + <c>pocketsphinx-en-us</c>), the embedded
/// default recogniser. Audio of any rate is made mono 16 kHz with <see cref="Resampler"/>; narrowband input gets a faint
/// noise floor above its Nyquist frequency (see <see cref="PocketsphinxSpeechToTextOptions.BandwidthFillDbfs"/>) and
/// silence padding. It is decoded first with the kiosk grammar (<see cref="SpeechGrammar"/>, built by
/// <see cref="JsgfGrammarBuilder"/>); when that scores poorly, again with the general US English language model.
/// <para>
/// Confidence. pocketsphinx 0.8's posterior (<c>ps_get_prob</c>) is always 1 for a grammar search here, so the grammar
/// pass is scored from (a) whether it reached the grammar's end at all (no path → 0), (b) its acoustic log-likelihood
/// per 10 ms frame mapped through a logistic (midpoint −57, width 3: questions it got right score around −47,
/// out-of-grammar English and Hindi sentences −59…−78), times (c) the share of non-silence frames explained by words
/// rather than noise fillers. Below <see cref="PocketsphinxSpeechToTextOptions.FallbackBelowConfidence"/> the
/// open-vocabulary pass runs; its words replace the grammar's when it fits the audio clearly better
/// (<see cref="PocketsphinxSpeechToTextOptions.FallbackAcousticMargin"/>), and its confidence is the mean word posterior
/// of its lattice. Both are rough: the call asks again below 0.6.
/// </para>
/// One decoder per instance; calls are serialized (pocketsphinx is not thread-safe).
/// </summary>
public sealed class PocketsphinxSpeechToText : ISpeechToText
{
    /// <summary>The search name of the general language model.</summary>
    public const string LanguageModelSearch = "lm";

    private const int ModelRate = 16000;

    private readonly PocketsphinxDecoder _decoder;
    private readonly PocketsphinxSpeechToTextOptions _options;
    private readonly Lock _grammarGate = new();
    private bool _hasLanguageModel;
    private int _grammarVersion;
    private string _grammarSearch = string.Empty;
    private string? _replySearch;
    private SpeechGrammar _grammar;

    private PocketsphinxSpeechToText(PocketsphinxDecoder decoder, PocketsphinxSpeechToTextOptions options, SpeechGrammar grammar)
    {
        _decoder = decoder;
        _options = options;
        _grammar = grammar;
    }

    /// <summary>"pocketsphinx:en-us+jsgf"; a transcript from the fallback pass says "pocketsphinx:en-us+lm".</summary>
    public string Engine => EngineName("jsgf");

    public IReadOnlyCollection<string> Languages { get; } = ["en"];

    /// <summary>The grammar in use.</summary>
    public SpeechGrammar Grammar
    {
        get
        {
            lock (_grammarGate)
            {
                return _grammar;
            }
        }
    }

    /// <summary>Builds the grammar from <paramref name="inputs"/> (CMUdict of the configured model) and loads everything.</summary>
    public static PocketsphinxSpeechToText Create(GrammarInputs inputs, PocketsphinxSpeechToTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new PocketsphinxSpeechToTextOptions();
        var grammar = new JsgfGrammarBuilder(options.Decoder.DictionaryPath).Build(inputs);
        return Create(grammar, options);
    }

    /// <summary>Loads the model (≈0.3 s), the grammar's pronunciations and the grammar, and the language model when fallback is on.</summary>
    /// <exception cref="PocketsphinxException">pocketsphinx refused the configuration or the grammar.</exception>
    /// <exception cref="Saarthi.Native.NativeLibraryMissingException"><c>libpocketsphinx3</c> is not installed.</exception>
    public static PocketsphinxSpeechToText Create(SpeechGrammar grammar, PocketsphinxSpeechToTextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        options ??= new PocketsphinxSpeechToTextOptions();
        if (options.Decoder.SampleRate != ModelRate)
        {
            throw new ArgumentException($"The en-us model is fed {ModelRate} Hz; the decoder config says {options.Decoder.SampleRate}.", nameof(options));
        }

        var decoder = PocketsphinxDecoder.Create(options.Decoder);
        try
        {
            var stt = new PocketsphinxSpeechToText(decoder, options, grammar);
            stt.LoadGrammar(grammar);
            return stt;
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Replaces the grammar (e.g. after a snapshot update): new words are added, the new grammar takes over, the old
    /// one is removed. pocketsphinx 0.8 also adds every new dictionary word to a loaded N-gram model with unigram
    /// probability 1, which would make the open-vocabulary pass hear scheme words everywhere; so the language model is
    /// unloaded before new words go in and loaded again after (≈0.3 s, only when words were added).
    /// </summary>
    public void LoadGrammar(SpeechGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        lock (_grammarGate)
        {
            var additions = grammar.Lexicon.DictionaryAdditions().Where(e => _decoder.LookupWord(e.Key) is null).ToList();
            var reloadLm = additions.Count > 0 && _hasLanguageModel && _grammarSearch.Length > 0;
            if (reloadLm)
            {
                _decoder.RemoveSearch(LanguageModelSearch);
                _hasLanguageModel = false;
            }

            _decoder.AddWords(additions);
            var version = ++_grammarVersion;
            var name = "grammar" + version;
            _decoder.AddGrammar(name, grammar.Jsgf);
            var reply = grammar.ReplyJsgf is null ? null : "reply" + version;
            if (reply is not null)
            {
                _decoder.AddGrammar(reply, grammar.ReplyJsgf!);
            }

            var (oldGrammar, oldReply) = (_grammarSearch, _replySearch);
            (_grammarSearch, _replySearch) = (name, reply);
            _grammar = grammar;
            if (oldGrammar.Length > 0)
            {
                _decoder.RemoveSearch(oldGrammar);
            }

            if (oldReply is not null)
            {
                _decoder.RemoveSearch(oldReply);
            }

            if (_options.LanguageModelFallback && !_hasLanguageModel && File.Exists(_options.Decoder.LanguageModelPath))
            {
                _decoder.AddLanguageModel(LanguageModelSearch, _options.Decoder.LanguageModelPath);
                _hasLanguageModel = true;
            }
        }
    }

    /// <summary>Transcribes with the question grammar (see <see cref="RecognizeAsync"/> for replies).</summary>
    public async Task<Transcript> TranscribeAsync(AudioFrame utterance, string? languageHint, CancellationToken cancellationToken = default) =>
        (await RecognizeAsync(utterance, ExpectedSpeech.Question, cancellationToken).ConfigureAwait(false)).Transcript;

    /// <summary>
    /// Like <see cref="TranscribeAsync"/>, choosing the grammar by what the kiosk expects, and with the details of each
    /// pass (for logs, evaluation and `hear --json`).
    /// </summary>
    public Task<PocketsphinxRecognition> RecognizeAsync(AudioFrame utterance, ExpectedSpeech expected = ExpectedSpeech.Question, CancellationToken cancellationToken = default)
    {
        if (utterance.Format.BitsPerSample != 16)
        {
            throw new ArgumentException("Expected 16-bit audio.", nameof(utterance));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<PocketsphinxRecognition>(cancellationToken);
        }

        return Task.Factory.StartNew(
            () => Recognize(utterance, expected, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public void Dispose() => _decoder.Dispose();

    /// <summary>
    /// The audio as the model wants it: mono 16 kHz, padded with <see cref="PocketsphinxSpeechToTextOptions.Padding"/>
    /// of silence, and — for input below 16 kHz — a seeded noise floor above the input's Nyquist frequency.
    /// </summary>
    public short[] PrepareAudio(AudioFrame utterance)
    {
        var mono = utterance.ToMono();
        var rate = mono.Format.SampleRate;
        var samples = rate == ModelRate ? mono.Samples.ToArray() : Resampler.Resample(mono.Samples.Span, rate, ModelRate);
        var pad = (int)(ModelRate * _options.Padding.TotalSeconds);
        var padded = new float[samples.Length + (2 * pad)];
        SampleConvert.ToFloat(samples, padded.AsSpan(pad, samples.Length));
        if (rate < ModelRate && _options.BandwidthFillDbfs is { } fill)
        {
            AddHighBandNoise(padded, AudioLevel.FromDbfs((float)fill));
        }

        if (_options.NoiseFloorDbfs is { } floor)
        {
            AddWhiteNoise(padded, AudioLevel.FromDbfs((float)floor));
        }

        return SampleConvert.ToInt16(padded);
    }

    private PocketsphinxRecognition Recognize(AudioFrame utterance, ExpectedSpeech expected, CancellationToken cancellationToken)
    {
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        if (IsSilence(utterance))
        {
            var nothing = new PocketsphinxPass(ExpectedSearchName(expected), string.Empty, 0, 0, double.NegativeInfinity, 0, TimeSpan.Zero, []);
            var empty = new Transcript(string.Empty, 0, "en", Engine, utterance.Duration, time.GetElapsedTime(started), NoSpeechProbability: 1);
            return new PocketsphinxRecognition(empty, nothing, null);
        }

        var audio = PrepareAudio(utterance);
        var search = ExpectedSearchName(expected);

        var grammar = Pass(search, audio, time, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // a pass runs to its end; nobody waits for this result any more
        PocketsphinxPass? lm = null;
        var chosen = grammar;
        var kind = "jsgf";
        bool hasLm;
        lock (_grammarGate)
        {
            hasLm = _hasLanguageModel;
        }

        if (hasLm && grammar.Confidence < _options.FallbackBelowConfidence)
        {
            lm = Pass(LanguageModelSearch, audio, time, cancellationToken);
            var margin = lm.AcousticPerFrame - grammar.AcousticPerFrame;
            if (lm.Text.Length > 0 && (grammar.Text.Length == 0 || margin >= _options.FallbackAcousticMargin))
            {
                chosen = lm;
                kind = "lm";
            }
        }

        var transcript = new Transcript(
            chosen.Text,
            chosen.Confidence,
            "en",
            EngineName(kind),
            utterance.Duration,
            time.GetElapsedTime(started),
            NoSpeechProbability: grammar.Text.Length == 0 && (lm is null || lm.Text.Length == 0) ? 1 : null);
        return new PocketsphinxRecognition(transcript, grammar, lm);
    }

    /// <summary>Whether no 10 ms stretch of <paramref name="utterance"/> reaches <see cref="PocketsphinxSpeechToTextOptions.SilenceBelowDbfs"/>.</summary>
    private bool IsSilence(AudioFrame utterance)
    {
        var mono = utterance.ToMono();
        var frame = Math.Max(1, mono.Format.SampleRate / 100);
        var levels = new float[(mono.Samples.Length + frame - 1) / frame];
        var count = AudioLevel.FrameRmsDbfs(mono.Samples.Span, frame, levels);
        return count == 0 || levels[..count].Max() < _options.SilenceBelowDbfs;
    }

    private string ExpectedSearchName(ExpectedSpeech expected)
    {
        lock (_grammarGate)
        {
            return expected == ExpectedSpeech.Reply && _replySearch is not null ? _replySearch : _grammarSearch;
        }
    }

    private PocketsphinxPass Pass(string search, short[] audio, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = _decoder.DecodeUtterance(search, audio, cancellationToken);
        var words = result.Words.Where(w => !w.IsFiller).ToList();
        var text = string.Join(' ', words.Select(w => w.Word));
        var wordFrames = words.Sum(w => w.FrameCount);
        var isLm = search == LanguageModelSearch;

        // The N-gram search reports segment scores before pocketsphinx's 10-bit senone shift; bring them to the grammar's scale.
        var scale = isLm ? 1024.0 : 1.0;
        var acoustic = wordFrames == 0 ? double.NegativeInfinity : words.Sum(w => (double)w.AcousticScore) / wordFrames / scale;
        var confidence = isLm
            ? LanguageModelConfidence(words)
            : GrammarConfidence(text, acoustic, wordFrames, result.Words);
        return new PocketsphinxPass(search, text, confidence, result.Posterior, acoustic, result.Frames, time.GetElapsedTime(started), result.Words);
    }

    /// <summary>Grammar pass confidence: no path → 0; else a logistic of the acoustic score per frame, times the speech coverage.</summary>
    internal static double GrammarConfidence(string text, double acousticPerFrame, int wordFrames, IReadOnlyList<PocketsphinxWord> path)
    {
        if (text.Length == 0 || wordFrames == 0)
        {
            return 0;
        }

        // Frames not in words are silence/noise fillers: [NOISE] or [SPEECH] inside the utterance means unexplained sound.
        var noiseFrames = path.Where(w => w.IsFiller && w.Word is "[NOISE]" or "[SPEECH]").Sum(w => w.FrameCount);
        var coverage = wordFrames / (double)Math.Max(1, wordFrames + noiseFrames);
        var acoustic = 1 / (1 + Math.Exp(-(acousticPerFrame - AcousticMidpoint) / AcousticScale));
        return Math.Clamp(acoustic * coverage, 0, 1);
    }

    /// <summary>Language-model pass confidence: the mean word posterior of its lattice (pocketsphinx computes those for N-gram search).</summary>
    internal static double LanguageModelConfidence(IReadOnlyList<PocketsphinxWord> words) =>
        words.Count == 0 ? 0 : Math.Clamp(words.Average(w => w.Posterior), 0, 1);

    // Logistic on the grammar pass's acoustic score per frame, fitted on the seed round trip (telephone band): questions
    // it got right score a median of −47, out-of-grammar English and Hindi sentences −59…−78, noise below −90.
    internal const double AcousticMidpoint = -57;
    internal const double AcousticScale = 3;

    private static string EngineName(string kind) => "pocketsphinx:en-us+" + kind;

    /// <summary>Adds seeded Gaussian white noise with RMS <paramref name="rms"/>.</summary>
    private static void AddWhiteNoise(Span<float> samples, float rms)
    {
        var random = new Random(0x0F100);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] += rms * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
    }

    /// <summary>
    /// Adds seeded noise with RMS <paramref name="rms"/> in the band above the input's Nyquist frequency: white noise
    /// at 8 kHz upsampled to 16 kHz occupies 0–3.4 kHz; multiplying by (−1)ⁿ mirrors it to 4.6–8 kHz.
    /// </summary>
    private static void AddHighBandNoise(Span<float> samples, float rms)
    {
        var random = new Random(0x5AA7);
        var low = new float[(samples.Length / 2) + 1];
        for (var i = 0; i < low.Length; i++)
        {
            low[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        var band = Resampler.Resample(low, ModelRate / 2, ModelRate);
        var measured = AudioLevel.Rms(band);
        var gain = measured > 0 ? rms / measured : 0;
        for (var i = 0; i < samples.Length && i < band.Length; i++)
        {
            samples[i] += band[i] * gain * ((i & 1) == 0 ? 1 : -1);
        }
    }
}
