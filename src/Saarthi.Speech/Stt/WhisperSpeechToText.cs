using System.Diagnostics;
using Saarthi.Native.Interop.Whisper;
using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Stt;

/// <summary>How <see cref="WhisperSpeechToText"/> loads and decodes.</summary>
public sealed record WhisperSpeechToTextOptions
{
    /// <summary>A legacy-ggml whisper model (<c>ggml-base-q5_1.bin</c> …; see <c>models/manifest.json</c>).</summary>
    public required string ModelPath { get; init; }

    /// <summary>
    /// The languages callers may speak: what <see cref="WhisperSpeechToText.Languages"/> reports, what a language hint
    /// must be one of, and what automatic identification chooses among. Null: every language of the model. A kiosk
    /// should list its own (e.g. hi, en, mr): identification among 99 languages on an 8 kHz line goes wrong often.
    /// </summary>
    public IReadOnlyCollection<string>? Languages { get; init; }

    /// <summary>CPU threads for whisper (2 suits a Pi-class board; tests use 1).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>0: greedy decoding (default, fastest, deterministic). 2…8: beam search with this many beams.</summary>
    public int BeamSize { get; init; }

    /// <summary>whisper's temperature fallback step (0 = off, the default: bounded time; the call asks again on low confidence).</summary>
    public float TemperatureIncrement { get; init; }

    /// <summary>Text to condition the decoder on, e.g. the scheme names callers say, to bias their spelling.</summary>
    public string? InitialPrompt { get; init; }

    /// <summary>whisper's flash attention (whisper.cpp defaults it on; off here: no faster on x64 CPUs for small models — measure on the board).</summary>
    public bool FlashAttention { get; init; }
}

/// <summary>
/// Speech to text with whisper.cpp (a multilingual ggml model, quantized for the board). One model and one decoding
/// state per instance: calls are queued and run one at a time on a long-running worker.
/// </summary>
/// <remarks>
/// <para>Input: mono or multi-channel 16-bit audio at any rate; channels are averaged and the audio is resampled to
/// 16 kHz with <see cref="Resampler"/> (8 kHz telephone audio included). Empty audio, or under 100 ms, gives an empty
/// transcript with confidence 0 without running whisper.</para>
/// <para><see cref="Transcript.Confidence"/> is the mean probability whisper gave the text tokens it chose (special,
/// language and timestamp tokens left out), over all segments: 1 when every token was certain, near 0 for noise.
/// It is a per-token decoding confidence, not a calibrated word accuracy; the call asks again below 0.6.</para>
/// <para><see cref="Transcript.NoSpeechProbability"/> is whisper's no-speech probability (the &lt;|nospeech|&gt; token
/// at the first decoding step of each 30 s window), the lowest over the segments; null when whisper kept no segment.</para>
/// <para>Cancellation stops whisper inside its decoding loop (abort callback); see <see cref="WhisperSession"/> for
/// the stretches it cannot interrupt.</para>
/// </remarks>
public sealed class WhisperSpeechToText : ISpeechToText
{
    private const int WhisperRate = 16000;

    private readonly WhisperSpeechToTextOptions options;
    private readonly WhisperModel model;
    private readonly WhisperSession session;
    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly CancellationTokenSource disposal = new();
    private readonly string[] languages;
    private int disposed;

    /// <summary>Loads the model (eagerly, so a bad file fails at start-up, not on the first caller).</summary>
    /// <exception cref="WhisperModelException">The model file is missing, of another kind, truncated or damaged.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or a language the model does not know is listed.</exception>
    /// <exception cref="Saarthi.Native.NativeLibraryMissingException">libwhisper or libggml is not installed (run ./saarthi setup).</exception>
    public WhisperSpeechToText(WhisperSpeechToTextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelPath, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.BeamSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BeamSize, 8, nameof(options));
        this.options = options;
        model = WhisperModel.Load(options.ModelPath, new WhisperModelOptions { FlashAttention = options.FlashAttention });
        try
        {
            languages = options.Languages is { Count: > 0 } wanted ? [.. wanted.Select(Known).Distinct(StringComparer.Ordinal)] : [.. model.Languages];
            session = model.CreateSession();
        }
        catch
        {
            model.Dispose();
            throw;
        }

        Engine = "whisper:" + Path.GetFileNameWithoutExtension(options.ModelPath);
    }

    /// <summary>"whisper:" and the model file name without extension, e.g. <c>whisper:ggml-base-q5_1</c>.</summary>
    public string Engine { get; }

    /// <summary>The configured languages, or every language of the model.</summary>
    public IReadOnlyCollection<string> Languages => languages;

    /// <summary>Time whisper took to load the model.</summary>
    public TimeSpan LoadTime => model.LoadTime;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The hint is not one of <see cref="Languages"/>, or the frame has no format.</exception>
    /// <exception cref="WhisperException">whisper failed.</exception>
    /// <exception cref="ObjectDisposedException">This engine was disposed.</exception>
    public Task<Transcript> TranscribeAsync(AudioFrame utterance, string? languageHint, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (utterance.Format.SampleRate == 0)
        {
            throw new ArgumentException("The utterance has no audio format (default AudioFrame).", nameof(utterance));
        }

        var language = string.IsNullOrWhiteSpace(languageHint) ? null : Hinted(languageHint);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Transcript>(cancellationToken);
        }

        return TranscribeCoreAsync(utterance, language, cancellationToken);
    }

    /// <summary>Cancels a running transcription and frees the model once whisper has returned.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        disposal.Cancel();
        session.Dispose(); // SafeHandles: freed when the native call in progress (if any) returns
        model.Dispose();
        disposal.Dispose();
    }

    private async Task<Transcript> TranscribeCoreAsync(AudioFrame utterance, string? language, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposal.Token);
        var token = linked.Token;
        await turn.WaitAsync(token).ConfigureAwait(false);
        try
        {
            var decode = new WhisperDecodeOptions
            {
                Language = language,
                CandidateLanguages = languages,
                Threads = options.Threads,
                BeamSize = options.BeamSize,
                TemperatureIncrement = options.TemperatureIncrement,
                InitialPrompt = options.InitialPrompt,
            };
            var result = await Task.Factory.StartNew(
                () => session.Transcribe(To16kMono(utterance), decode, token),
                token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);

            var noSpeech = result.Segments.Count == 0 ? (double?)null : result.Segments.Min(s => (double)s.NoSpeechProbability);
            return new Transcript(
                result.Text,
                result.MeanTextTokenProbability,
                result.Language.Length > 0 ? result.Language : language ?? string.Empty,
                Engine,
                utterance.Duration,
                clock.Elapsed,
                noSpeech);
        }
        catch (OperationCanceledException) when (disposal.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(WhisperSpeechToText), "The whisper engine was disposed during the transcription.");
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>Mono float PCM at 16 kHz: channels averaged, resampled with the polyphase <see cref="Resampler"/> when needed.</summary>
    private static float[] To16kMono(AudioFrame utterance)
    {
        var mono = utterance.ToMono();
        var samples = mono.ToFloat();
        return mono.Format.SampleRate == WhisperRate ? samples : Resampler.Resample(samples, mono.Format.SampleRate, WhisperRate);
    }

    private string Hinted(string hint)
    {
        var code = Known(hint);
        if (!languages.Contains(code, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"{Engine} is not set up for '{hint}'. Languages: {string.Join(", ", languages.Order(StringComparer.Ordinal))}.", nameof(hint));
        }

        return code;
    }

    /// <summary>The whisper code for a language tag ("hi-IN" → "hi"), if this model transcribes it.</summary>
    private string Known(string language)
    {
        var primary = language.Trim().Split('-', '_')[0].ToLowerInvariant();
        var id = WhisperModel.LanguageId(primary);
        var code = id is null ? null : WhisperModel.LanguageCode(id.Value);
        if (code is null || !model.Languages.Contains(code, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"{Path.GetFileName(options.ModelPath)} does not transcribe '{language}' (whisper has no Odia, for one).", nameof(language));
        }

        return code;
    }
}
