using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>
/// One <c>whisper_state</c>: the decoder's working memory for one transcription at a time. Not for concurrent use
/// (a second call while one runs throws <see cref="InvalidOperationException"/>); make one session per worker.
/// Cancellation reaches whisper through its <c>abort_callback</c> (checked after every encoder pass and decoder step)
/// and <c>encoder_begin_callback</c> (before every 30 s window).
/// </summary>
/// <remarks>
/// What cancellation cannot interrupt: the log-mel spectrogram of the whole input (computed once up front, about
/// 2 ms per second of audio per thread on x64) and one encoder pass (tens of milliseconds for the test model, about
/// a second for a base model on a Pi-class board; <see cref="WhisperDecodeOptions.AudioContext"/> shortens it).
/// Decoder steps are short, so a cancelled decode stops within one of them.
/// </remarks>
public sealed unsafe class WhisperSession : IDisposable
{
    /// <summary>whisper needs at least one 10 ms mel frame to identify a language.</summary>
    private const int MinimumDetectionSamples = WhisperNative.WHISPER_SAMPLE_RATE / 100;

    /// <summary>whisper_full skips input under 100 ms.</summary>
    private const int MinimumSamples = WhisperNative.WHISPER_SAMPLE_RATE / 10;

    private readonly WhisperModel model;
    private SafeWhisperStateHandle state;
    private int busy;
    private volatile bool disposed;

    internal WhisperSession(WhisperModel model)
    {
        this.model = model;
        state = SafeWhisperStateHandle.Create(model.Handle);
    }

    /// <summary>The model this session decodes with.</summary>
    public WhisperModel Model => model;

    /// <summary>Whether a call is running (for tests that must act while whisper is decoding).</summary>
    internal bool IsBusy => Volatile.Read(ref busy) != 0;

    /// <summary>
    /// Transcribes 16 kHz mono PCM in [-1, 1]. Blocks the calling thread (run it on a long-running task).
    /// Input under 100 ms (empty included) gives an empty result without calling whisper, as whisper would decode nothing.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; whisper stopped.</exception>
    /// <exception cref="WhisperException">whisper failed (the message has its return code and log lines).</exception>
    /// <exception cref="ArgumentException">An option is out of range or the language is unknown to whisper.</exception>
    /// <exception cref="InvalidOperationException">Another call on this session is running.</exception>
    public WhisperResult Transcribe(ReadOnlySpan<float> samples, WhisperDecodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WhisperDecodeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BeamSize, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.BeamSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.AudioContext, nameof(options));
        var language = ResolveLanguage(options.Language);
        var candidates = language is null ? ResolveCandidates(options.CandidateLanguages) : null;
        cancellationToken.ThrowIfCancellationRequested();
        if (samples.Length < MinimumSamples)
        {
            // whisper decodes nothing under 100 ms (it returns no segments); skip it, and its language detection.
            return new WhisperResult(string.Empty, language ?? string.Empty, [], TimeSpan.Zero);
        }

        using var entry = Enter();
        var clock = Stopwatch.StartNew();
        float? languageProbability = null;
        if (language is null)
        {
            // Identify the language ourselves, among the model's (or the caller's candidate) languages, then decode in
            // it: whisper's own detection also scores ids the model has no token for and may pick one of those.
            var best = DetectCore(samples, options.Threads, candidates!, cancellationToken)[0];
            (language, languageProbability) = (best.Key, best.Value);
        }

        if (options.BeamSize >= 2)
        {
            // whisper.cpp draws beam candidates from per-decoder RNGs and never re-seeds decoder 0's after the state is
            // made, so a reused state decodes the same audio differently each time. A fresh state keeps beams reproducible
            // (its cost is small next to a beam decode).
            RenewState();
        }

        var parameters = WhisperNative.whisper_full_default_params(
            options.BeamSize >= 2 ? WhisperNative.WHISPER_SAMPLING_BEAM_SEARCH : WhisperNative.WHISPER_SAMPLING_GREEDY);
        parameters.n_threads = options.Threads;
        parameters.no_context = 1;
        parameters.no_timestamps = options.NoTimestamps ? (byte)1 : (byte)0;
        parameters.print_special = 0;
        parameters.print_progress = 0;
        parameters.print_realtime = 0;
        parameters.print_timestamps = 0;
        parameters.translate = options.Translate ? (byte)1 : (byte)0;
        parameters.suppress_nst = options.SuppressNonSpeech ? (byte)1 : (byte)0;
        parameters.temperature_inc = Math.Max(0, options.TemperatureIncrement);
        parameters.no_speech_thold = options.NoSpeechThreshold;
        parameters.audio_ctx = options.AudioContext;
        if (options.BeamSize >= 2)
        {
            parameters.beam_search_beam_size = options.BeamSize;
        }

        var abort = new GgmlAbortSignal { Token = cancellationToken };
        var abortHandle = GCHandle.Alloc(abort);
        try
        {
            parameters.abort_callback = &GgmlAbortSignal.OnAbort;
            parameters.abort_callback_user_data = (void*)GCHandle.ToIntPtr(abortHandle);
            parameters.encoder_begin_callback = &OnEncoderBegin;
            parameters.encoder_begin_callback_user_data = (void*)GCHandle.ToIntPtr(abortHandle);

            var languageBytes = language is null ? null : Utf8(language);
            var promptBytes = string.IsNullOrEmpty(options.InitialPrompt) ? null : Utf8(options.InitialPrompt);
            int rc;
            using var capture = WhisperLog.Capture();
            fixed (float* pcm = samples)
            fixed (byte* lang = languageBytes)
            fixed (byte* prompt = promptBytes)
            {
                parameters.language = lang;
                parameters.initial_prompt = prompt;
                rc = WhisperNative.whisper_full_with_state(model.Handle, state, parameters, pcm, samples.Length);
            }

            if (rc == -7)
            {
                state.MarkFreedByNative(); // whisper freed the state itself on this path; the next call makes a new one
            }

            // Aborted runs return -6/-8/-9 (or 0 when stopped before an encoder pass): report the cancellation, not the code.
            cancellationToken.ThrowIfCancellationRequested();
            WhisperException.ThrowIfError(rc, "whisper_full_with_state", capture);
            return ReadResult(language, languageProbability, clock);
        }
        finally
        {
            abortHandle.Free();
        }
    }

    /// <summary>
    /// Identifies the language of the first 30 s of 16 kHz mono PCM: whisper's probability for each of
    /// <paramref name="candidates"/> (default: all the model's languages), renormalised to sum to 1, highest first.
    /// Multilingual models only. Runs one encoder pass and one decoder step; the token is checked between steps.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is English-only, or another call is running.</exception>
    /// <exception cref="ArgumentException">Under 10 ms of audio, or a candidate whisper does not know.</exception>
    public IReadOnlyList<KeyValuePair<string, float>> DetectLanguage(
        ReadOnlySpan<float> samples, int threads = 2, IReadOnlyCollection<string>? candidates = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (samples.Length < MinimumDetectionSamples)
        {
            throw new ArgumentException("Language identification needs at least 10 ms of audio.", nameof(samples));
        }

        if (!model.IsMultilingual)
        {
            throw new InvalidOperationException($"{System.IO.Path.GetFileName(model.Path)} is an English-only model; it cannot identify languages.");
        }

        var ids = ResolveCandidates(candidates);
        cancellationToken.ThrowIfCancellationRequested();
        using var entry = Enter();
        return DetectCore(samples, threads, ids, cancellationToken);
    }

    private List<KeyValuePair<string, float>> DetectCore(ReadOnlySpan<float> samples, int threads, IReadOnlyList<int> candidates, CancellationToken cancellationToken)
    {
        using var capture = WhisperLog.Capture();
        var probabilities = new float[WhisperNative.whisper_lang_max_id() + 1];
        int rc;
        fixed (float* pcm = samples)
        {
            rc = WhisperNative.whisper_pcm_to_mel_with_state(model.Handle, state, pcm, samples.Length, threads);
        }

        WhisperException.ThrowIfError(rc, "whisper_pcm_to_mel_with_state", capture);
        cancellationToken.ThrowIfCancellationRequested();
        fixed (float* probs = probabilities)
        {
            rc = WhisperNative.whisper_lang_auto_detect_with_state(model.Handle, state, 0, threads, probs);
        }

        WhisperException.ThrowIfError(rc < 0 ? rc : 0, "whisper_lang_auto_detect_with_state", capture);
        cancellationToken.ThrowIfCancellationRequested();

        // whisper scores every language it knows; ids past the model's own languages land on other special tokens
        // (a 99-language model has no "yue"), so only the candidates count, renormalised.
        var total = candidates.Sum(id => (double)probabilities[id]);
        return [.. candidates
            .Select(id => new KeyValuePair<string, float>(model.Languages[id], total > 0 ? (float)(probabilities[id] / total) : 0f))
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)];
    }

    /// <summary>Language ids to identify among: the candidates given (which the model must know), else all the model's.</summary>
    private int[] ResolveCandidates(IReadOnlyCollection<string>? candidates)
    {
        if (candidates is null || candidates.Count == 0)
        {
            return [.. Enumerable.Range(0, model.Languages.Count)];
        }

        var ids = new SortedSet<int>();
        foreach (var candidate in candidates)
        {
            var code = ResolveLanguage(candidate)
                ?? throw new ArgumentException("Candidate languages must be language codes, not \"auto\".", nameof(candidates));
            var id = WhisperModel.LanguageId(code)!.Value;
            if (id >= model.Languages.Count)
            {
                throw new ArgumentException($"{System.IO.Path.GetFileName(model.Path)} has no token for '{candidate}'.", nameof(candidates));
            }

            ids.Add(id);
        }

        return [.. ids];
    }

    /// <summary>Replaces the state with a fresh one (the old one is freed).</summary>
    private void RenewState()
    {
        var fresh = SafeWhisperStateHandle.Create(model.Handle);
        Interlocked.Exchange(ref state, fresh).Dispose();
    }

    /// <summary>Frees the state; the model is freed when it and every session are disposed.</summary>
    public void Dispose()
    {
        disposed = true;
        state.Dispose();
    }

    private string? ResolveLanguage(string? requested)
    {
        if (!model.IsMultilingual)
        {
            if (requested is not null && !string.Equals(requested, "auto", StringComparison.OrdinalIgnoreCase)
                && !requested.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    $"{System.IO.Path.GetFileName(model.Path)} is an English-only model; it cannot transcribe '{requested}'.", nameof(requested));
            }

            return "en";
        }

        if (string.IsNullOrWhiteSpace(requested) || string.Equals(requested, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var primary = requested.Split('-', '_')[0];
        var id = WhisperModel.LanguageId(primary)
            ?? throw new ArgumentException($"whisper does not know the language '{requested}'.", nameof(requested));
        return WhisperModel.LanguageCode(id);
    }

    private WhisperResult ReadResult(string? requestedLanguage, float? languageProbability, Stopwatch clock)
    {
        var eot = model.EndOfTextToken;
        var count = WhisperNative.whisper_full_n_segments_from_state(state);
        var segments = new List<WhisperSegment>(count);
        var allText = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            var bytes = CString(WhisperNative.whisper_full_get_segment_text_from_state(state, i));
            allText.AddRange(bytes);
            var nTokens = WhisperNative.whisper_full_n_tokens_from_state(state, i);
            var tokens = new WhisperToken[nTokens];
            for (var t = 0; t < nTokens; t++)
            {
                var id = WhisperNative.whisper_full_get_token_id_from_state(state, i, t);
                tokens[t] = new WhisperToken(id, WhisperNative.whisper_full_get_token_p_from_state(state, i, t), id < eot);
            }

            segments.Add(new WhisperSegment(
                Encoding.UTF8.GetString(bytes).Trim(),
                TimeSpan.FromMilliseconds(10 * WhisperNative.whisper_full_get_segment_t0_from_state(state, i)),
                TimeSpan.FromMilliseconds(10 * WhisperNative.whisper_full_get_segment_t1_from_state(state, i)),
                WhisperNative.whisper_full_get_segment_no_speech_prob_from_state(state, i),
                tokens));
        }

        var language = requestedLanguage ?? WhisperModel.LanguageCode(WhisperNative.whisper_full_lang_id_from_state(state)) ?? string.Empty;
        return new WhisperResult(Encoding.UTF8.GetString([.. allText]).Trim(), language, segments, clock.Elapsed)
        {
            LanguageProbability = languageProbability,
        };
    }

    private static ReadOnlySpan<byte> CString(byte* text) =>
        text is null ? [] : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text);

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1]; // NUL-terminated
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private Entry Enter()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Interlocked.Exchange(ref busy, 1) != 0)
        {
            throw new InvalidOperationException("This whisper session is already transcribing; use one session per concurrent caller.");
        }

        try
        {
            if (state.IsInvalid || state.IsClosed)
            {
                state = SafeWhisperStateHandle.Create(model.Handle); // after whisper freed it (rc −7)
            }
        }
        catch
        {
            Volatile.Write(ref busy, 0);
            throw;
        }

        return new Entry(this);
    }

    /// <summary>whisper_encoder_begin_callback: false (0) stops before the next 30 s window.</summary>
    [UnmanagedCallersOnly]
    private static byte OnEncoderBegin(nint context, nint whisperState, void* userData)
    {
        return GgmlAbortSignal.IsRequested(userData) ? (byte)0 : (byte)1;
    }

    private readonly struct Entry(WhisperSession session) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref session.busy, 0);
    }
}
