using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.Pocketsphinx;

/// <summary>One word of a decoded hypothesis.</summary>
/// <param name="Word">The dictionary word without an alternate-pronunciation suffix (<c>kisan(2)</c> → <c>kisan</c>).</param>
/// <param name="Pronunciation">The dictionary entry that matched, with the suffix (<c>kisan(2)</c>).</param>
/// <param name="StartFrame">First 10 ms frame.</param>
/// <param name="EndFrame">Last 10 ms frame (inclusive).</param>
/// <param name="AcousticScore">Acoustic log-likelihood (logmath units, log base 1.0001, scaled by pocketsphinx).</param>
/// <param name="LanguageScore">Grammar / language model score (same units).</param>
/// <param name="Posterior">Word posterior 0…1 from the lattice (1 when pocketsphinx does not compute one).</param>
public readonly record struct PocketsphinxWord(
    string Word, string Pronunciation, int StartFrame, int EndFrame, int AcousticScore, int LanguageScore, double Posterior)
{
    /// <summary>Silence and noise tokens (<c>&lt;sil&gt;</c>, <c>&lt;s&gt;</c>, <c>[NOISE]</c>…), not words.</summary>
    public bool IsFiller => Word.Length > 0 && (Word[0] == '<' || Word[0] == '[' || Word == "(NULL)");

    public int FrameCount => EndFrame - StartFrame + 1;
}

/// <summary>The result of one utterance.</summary>
/// <param name="Search">The search (grammar or language model) that decoded it.</param>
/// <param name="Hypothesis">The words, space-separated, or <see langword="null"/> when the search found no complete path.</param>
/// <param name="PathScore">Total path score (acoustic + language, logmath units).</param>
/// <param name="Posterior">Posterior probability of the hypothesis from <c>ps_get_prob</c> (0…1; 1 when not computed).</param>
/// <param name="Frames">10 ms feature frames decoded.</param>
/// <param name="Words">The best path, word by word, fillers included.</param>
public sealed record PocketsphinxResult(
    string Search, string? Hypothesis, int PathScore, double Posterior, int Frames, IReadOnlyList<PocketsphinxWord> Words);

/// <summary>
/// A pocketsphinx 0.8 decoder: the small public wrapper over <see cref="PsDecoderHandle"/>. Holds named searches (JSGF
/// grammars, N-gram models) over one acoustic model and dictionary and decodes whole utterances of 16-bit PCM with
/// one of them. Not thread-safe natively, so every call is serialized on an instance lock. Creating one costs
/// ≈0.2–0.5 s; reuse it.
/// </summary>
public sealed unsafe class PocketsphinxDecoder : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PsDecoderHandle _decoder;
    private readonly CmdLnHandle _config;
    private readonly HashSet<string> _searches = new(StringComparer.Ordinal);
    private bool _disposed;

    private PocketsphinxDecoder(PocketsphinxConfig config, CmdLnHandle cmdLn, PsDecoderHandle decoder)
    {
        Config = config;
        _config = cmdLn;
        _decoder = decoder;
    }

    public PocketsphinxConfig Config { get; }

    /// <summary>The searches added so far.</summary>
    public IReadOnlyCollection<string> Searches
    {
        get
        {
            lock (_gate)
            {
                return [.. _searches];
            }
        }
    }

    /// <summary>Parses <paramref name="config"/> (<c>cmd_ln_parse_r</c>) and loads the model (<c>ps_init</c>).</summary>
    /// <exception cref="FileNotFoundException">The model or dictionary is missing.</exception>
    /// <exception cref="PocketsphinxException">pocketsphinx rejected an option or could not load the model.</exception>
    /// <exception cref="NativeLibraryMissingException"><c>libpocketsphinx3</c> is not installed.</exception>
    public static PocketsphinxDecoder Create(PocketsphinxConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureFilesExist();
        var args = config.ToArguments();
        var cmdLn = ParseArguments(args, config);
        try
        {
            var decoder = PsDecoderHandle.Create(cmdLn);
            if (decoder.IsInvalid)
            {
                decoder.Dispose();
                PocketsphinxException.ThrowIfNull(0, "ps_init", $"could not load the model {config.AcousticModelDirectory} with {config.DictionaryPath}", config.LogFile);
            }

            return new PocketsphinxDecoder(config, cmdLn, decoder);
        }
        catch
        {
            cmdLn.Dispose();
            throw;
        }
    }

    /// <summary>The phones of <paramref name="word"/> in the loaded dictionary (<c>"K IH Z AH N"</c>), or <see langword="null"/>.</summary>
    public string? LookupWord(string word)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(word);
        lock (_gate)
        {
            var ps = Handle();
            var phones = PocketsphinxNative.ps_lookup_word(ps, word);
            if (phones is null)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8((nint)phones);
            }
            finally
            {
                PocketsphinxNative.ckd_free(phones);
            }
        }
    }

    /// <summary>
    /// Adds words to the dictionary. A name ending in <c>(n)</c> (<c>kisan(2)</c>) adds an alternate pronunciation of
    /// an existing word. Searches are rebuilt once, after the last word. Words already present are skipped.
    /// </summary>
    /// <returns>How many entries were added.</returns>
    public int AddWords(IEnumerable<KeyValuePair<string, string>> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var list = words.ToList();
        lock (_gate)
        {
            var ps = Handle();
            var added = 0;
            var pending = new List<KeyValuePair<string, string>>();
            foreach (var entry in list)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(entry.Key, nameof(words));
                ArgumentException.ThrowIfNullOrWhiteSpace(entry.Value, nameof(words));
                var existing = PocketsphinxNative.ps_lookup_word(ps, entry.Key);
                if (existing is null)
                {
                    pending.Add(entry);
                }
                else
                {
                    PocketsphinxNative.ckd_free(existing);
                }
            }

            for (var i = 0; i < pending.Count; i++)
            {
                var (word, phones) = (pending[i].Key, pending[i].Value);
                var rc = PocketsphinxNative.ps_add_word(ps, word, phones, i == pending.Count - 1 ? 1 : 0);
                ThrowIfError(rc, $"ps_add_word(\"{word}\", \"{phones}\")", "unknown phone, or an alternate (n) whose base word is missing");
                added++;
            }

            return added;
        }
    }

    /// <summary>Registers a JSGF grammar as search <paramref name="name"/> (replacing one of that name). Every word must be in the dictionary.</summary>
    public void AddGrammar(string name, string jsgf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(jsgf);
        lock (_gate)
        {
            var rc = PocketsphinxNative.ps_set_jsgf_string(Handle(), name, jsgf);
            ThrowIfError(rc, $"ps_set_jsgf_string(\"{name}\")", "JSGF syntax error or a word missing from the dictionary");
            _searches.Add(name);
        }
    }

    /// <summary>Loads an N-gram model file as search <paramref name="name"/>.</summary>
    public void AddLanguageModel(string name, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No language model at {path}.", path);
        }

        lock (_gate)
        {
            var rc = PocketsphinxNative.ps_set_lm_file(Handle(), name, path);
            ThrowIfError(rc, $"ps_set_lm_file(\"{name}\", \"{path}\")", "not a language model file pocketsphinx can read");
            _searches.Add(name);
        }
    }

    /// <summary>
    /// Removes search <paramref name="name"/> (e.g. a grammar replaced under a new name). When it is the active one,
    /// another search is made active first, so the decoder never points at a freed search.
    /// </summary>
    /// <returns>Whether a search of that name existed.</returns>
    public bool RemoveSearch(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            var ps = Handle();
            if (!_searches.Contains(name))
            {
                return false;
            }

            var active = Marshal.PtrToStringUTF8((nint)PocketsphinxNative.ps_get_search(ps));
            if (active == name)
            {
                var other = _searches.FirstOrDefault(s => s != name)
                    ?? throw new InvalidOperationException($"Search '{name}' is the only one; add its replacement first.");
                ThrowIfError(PocketsphinxNative.ps_set_search(ps, other), $"ps_set_search(\"{other}\")", null);
            }

            ThrowIfError(PocketsphinxNative.ps_unset_search(ps, name), $"ps_unset_search(\"{name}\")", null);
            _searches.Remove(name);
            return true;
        }
    }

    /// <summary>
    /// Decodes one utterance of 16-bit mono PCM at <see cref="PocketsphinxConfig.SampleRate"/> with search
    /// <paramref name="search"/>, feeding it in <paramref name="chunkSamples"/> pieces and checking
    /// <paramref name="cancellationToken"/> between them (an utterance is cut short and closed when it fires).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled between chunks.</exception>
    /// <exception cref="PocketsphinxException">The search is unknown or decoding failed.</exception>
    public PocketsphinxResult Decode(string search, ReadOnlySpan<short> samples, int chunkSamples = 1600, CancellationToken cancellationToken = default) =>
        Decode(search, samples, chunkSamples, fullUtterance: false, cancellationToken);

    private PocketsphinxResult Decode(string search, ReadOnlySpan<short> samples, int chunkSamples, bool fullUtterance, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(search);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSamples, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var ps = Handle();
            if (!_searches.Contains(search))
            {
                PocketsphinxException.ThrowIfError(-1, $"ps_set_search(\"{search}\")", $"no such search; known: {string.Join(", ", _searches)}", null);
            }

            ThrowIfError(PocketsphinxNative.ps_set_search(ps, search), $"ps_set_search(\"{search}\")", null);
            ThrowIfError(PocketsphinxNative.ps_start_utt(ps), "ps_start_utt", null);
            var ended = false;
            try
            {
                fixed (short* data = samples)
                {
                    for (var offset = 0; offset < samples.Length; offset += chunkSamples)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var n = Math.Min(chunkSamples, samples.Length - offset);
                        ThrowIfError(PocketsphinxNative.ps_process_raw(ps, data + offset, (nuint)n, 0, fullUtterance ? 1 : 0), "ps_process_raw", null);
                    }
                }

                ended = true;
                ThrowIfError(PocketsphinxNative.ps_end_utt(ps), "ps_end_utt", null);
                return ReadResult(ps, search);
            }
            finally
            {
                if (!ended)
                {
                    _ = PocketsphinxNative.ps_end_utt(ps); // leave the decoder ready for the next utterance
                }
            }
        }
    }

    /// <summary>
    /// Decodes one whole utterance in a single call with pocketsphinx's full-utterance flag: cepstral mean normalisation
    /// is then computed over this utterance alone (batch CMN), so the result does not depend on what the decoder heard
    /// before — the chunked <see cref="Decode"/> uses live CMN, which starts from the previous utterance's mean.
    /// Cancellation is checked before decoding only (a 15 s utterance decodes in about 1.5 s).
    /// </summary>
    /// <exception cref="OperationCanceledException">Already cancelled.</exception>
    /// <exception cref="PocketsphinxException">The search is unknown or decoding failed.</exception>
    public PocketsphinxResult DecodeUtterance(string search, ReadOnlySpan<short> samples, CancellationToken cancellationToken = default) =>
        Decode(search, samples, Math.Max(1, samples.Length), fullUtterance: true, cancellationToken);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _decoder.Dispose();
            _config.Dispose();
        }
    }

    private static PocketsphinxResult ReadResult(nint ps, string search)
    {
        int score;
        var hyp = PocketsphinxNative.ps_get_hyp(ps, &score);
        var text = hyp is null ? null : Marshal.PtrToStringUTF8((nint)hyp);
        var frames = PocketsphinxNative.ps_get_n_frames(ps);
        if (text is null)
        {
            return new PocketsphinxResult(search, null, 0, 0, frames, []);
        }

        var lmath = PocketsphinxNative.ps_get_logmath(ps);
        var posterior = Math.Clamp(PocketsphinxNative.logmath_exp(lmath, PocketsphinxNative.ps_get_prob(ps)), 0, 1);
        var words = new List<PocketsphinxWord>();
        for (var seg = PocketsphinxNative.ps_seg_iter(ps); seg != 0; seg = PocketsphinxNative.ps_seg_next(seg))
        {
            var raw = Marshal.PtrToStringUTF8((nint)PocketsphinxNative.ps_seg_word(seg)) ?? string.Empty;
            int sf, ef, ascr, lscr, lback;
            PocketsphinxNative.ps_seg_frames(seg, &sf, &ef);
            var prob = PocketsphinxNative.ps_seg_prob(seg, &ascr, &lscr, &lback);
            words.Add(new PocketsphinxWord(BaseWord(raw), raw, sf, ef, ascr, lscr, Math.Clamp(PocketsphinxNative.logmath_exp(lmath, prob), 0, 1)));
        }

        return new PocketsphinxResult(search, text, score, posterior, frames, words);
    }

    /// <summary><c>kisan(2)</c> → <c>kisan</c>.</summary>
    internal static string BaseWord(string word)
    {
        var open = word.LastIndexOf('(');
        return open > 0 && word.EndsWith(')') ? word[..open] : word;
    }

    private static CmdLnHandle ParseArguments(IReadOnlyList<string> args, PocketsphinxConfig config)
    {
        var encoded = args.Select(a => Encoding.UTF8.GetBytes(a + "\0")).ToArray();
        var pins = encoded.Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
        try
        {
            var argv = stackalloc byte*[encoded.Length];
            for (var i = 0; i < encoded.Length; i++)
            {
                argv[i] = (byte*)pins[i].AddrOfPinnedObject();
            }

            var cmdLn = PocketsphinxNative.cmd_ln_parse_r(0, PocketsphinxNative.ps_args(), encoded.Length, argv, 1);
            PocketsphinxException.ThrowIfNull(cmdLn, "cmd_ln_parse_r", "an option is unknown or its value is malformed: " + string.Join(' ', args), config.LogFile);
            return new CmdLnHandle(cmdLn);
        }
        finally
        {
            foreach (var pin in pins)
            {
                pin.Free();
            }
        }
    }

    private nint Handle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _decoder.DangerousGetHandle();
    }

    private void ThrowIfError(int rc, string operation, string? hint) =>
        PocketsphinxException.ThrowIfError(rc, operation, hint ?? "the call failed", Config.LogFile);
}
