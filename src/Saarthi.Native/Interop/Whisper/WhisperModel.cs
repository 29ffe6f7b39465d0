using System.Diagnostics;
using System.Runtime.InteropServices;
using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>How a whisper model is loaded.</summary>
public sealed record WhisperModelOptions
{
    /// <summary>Check the whole file in managed code first (<see cref="WhisperModelFile.Inspect"/>). On by default.</summary>
    public bool Validate { get; init; } = true;

    /// <summary>Use a GPU backend when one is registered (none on the board; off by default).</summary>
    public bool UseGpu { get; init; }

    /// <summary>Flash attention in the decoder (whisper.cpp's <c>flash_attn</c>).</summary>
    public bool FlashAttention { get; init; }
}

/// <summary>
/// A loaded whisper model (<c>whisper_context</c>: the weights, read-only after load). Load once, then make one
/// <see cref="WhisperSession"/> per concurrent transcriber; sessions keep the model alive until they are disposed.
/// </summary>
public sealed unsafe class WhisperModel : IDisposable
{
    private static readonly Lazy<IReadOnlyList<string>> AllLanguageCodes = new(ListLanguages);
    private readonly SafeWhisperContextHandle handle;
    private volatile bool disposed;

    private WhisperModel(SafeWhisperContextHandle handle, string path, WhisperModelInfo? info, TimeSpan loadTime)
    {
        this.handle = handle;
        Path = path;
        Info = info;
        LoadTime = loadTime;
        IsMultilingual = WhisperNative.whisper_is_multilingual(handle) != 0;
        VocabularySize = WhisperNative.whisper_n_vocab(handle);
        EndOfTextToken = WhisperNative.whisper_token_eot(handle);
        SizeClass = Marshal.PtrToStringUTF8((nint)WhisperNative.whisper_model_type_readable(handle)) ?? "unknown";
        // Multilingual vocabularies hold one token per language after start-of-transcript: 99 (51865) or 100 (large-v3).
        var languageCount = IsMultilingual ? Math.Clamp(VocabularySize - 51765 - 1, 1, AllLanguages.Count) : 1;
        Languages = IsMultilingual ? [.. AllLanguages.Take(languageCount)] : ["en"];
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>Header facts read by <see cref="WhisperModelFile.Inspect"/> (null when validation was turned off).</summary>
    public WhisperModelInfo? Info { get; }

    /// <summary>Wall time of <see cref="Load"/> (validation and whisper's own load).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Whether the model identifies and transcribes languages other than English.</summary>
    public bool IsMultilingual { get; }

    public int VocabularySize { get; }

    /// <summary>whisper's name for the model size: tiny, base, small, medium, large (or unknown).</summary>
    public string SizeClass { get; }

    /// <summary>Language codes this model transcribes, in whisper's id order ("en" only for English-only models; 99 for multilingual ones, 100 for large-v3).</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <summary>Every language code whisper.cpp knows, in id order ("en", "zh", "de", …, "hi" is id 17; "yue", id 99, only in large-v3).</summary>
    public static IReadOnlyList<string> AllLanguages => AllLanguageCodes.Value;

    /// <summary>whisper.cpp's version string.</summary>
    public static string Version => Marshal.PtrToStringUTF8((nint)WhisperNative.whisper_version()) ?? string.Empty;

    /// <summary>The CPU features whisper/ggml use here (e.g. "AVX2 = 1 | NEON = 0 …"); registers the ggml backends first.</summary>
    public static string SystemInfo
    {
        get
        {
            GgmlBackends.EnsureLoaded();
            WhisperLog.EnsureInstalled();
            return Marshal.PtrToStringUTF8((nint)WhisperNative.whisper_print_system_info())?.Trim() ?? string.Empty;
        }
    }

    internal SafeWhisperContextHandle Handle => handle;

    /// <summary>Token ids below this are text; at and above it are special (end of text, language, timestamps).</summary>
    internal int EndOfTextToken { get; }

    /// <summary>
    /// Loads the legacy-ggml whisper model at <paramref name="path"/> (<c>ggml-base-q5_1.bin</c> and friends). Registers
    /// the ggml CPU backends first and routes whisper's log to <see cref="WhisperLog"/>.
    /// </summary>
    /// <exception cref="WhisperModelException">The file is missing, of another kind, truncated, damaged, or refused.</exception>
    /// <exception cref="NativeLibraryMissingException">libwhisper or libggml is not installed.</exception>
    public static WhisperModel Load(string path, WhisperModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new WhisperModelOptions();
        var clock = Stopwatch.StartNew();
        var full = System.IO.Path.GetFullPath(path);
        WhisperModelInfo? info = null;
        if (options.Validate)
        {
            info = WhisperModelFile.Inspect(full);
        }
        else if (!File.Exists(full))
        {
            throw new WhisperModelException(full, WhisperModelProblem.Missing, "no such file");
        }

        WhisperLog.EnsureInstalled();
        GgmlBackends.EnsureLoaded();

        var parameters = WhisperNative.whisper_context_default_params();
        parameters.use_gpu = options.UseGpu ? (byte)1 : (byte)0;
        parameters.flash_attn = options.FlashAttention ? (byte)1 : (byte)0;

        using var capture = WhisperLog.Capture();
        var context = WhisperNative.whisper_init_from_file_with_params_no_state(full, parameters);
        if (context.IsInvalid)
        {
            context.Dispose();
            throw new WhisperModelException(full, WhisperModelProblem.Rejected, "whisper_init_from_file_with_params_no_state returned NULL" + capture.Describe());
        }

        return new WhisperModel(context, full, info, clock.Elapsed);
    }

    /// <summary>Allocates a decoding state (<c>whisper_init_state</c>) that holds a reference on this model.</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="WhisperException">whisper could not allocate the state.</exception>
    public WhisperSession CreateSession()
    {
        ObjectDisposedException.ThrowIf(disposed || handle.IsClosed, this);
        return new WhisperSession(this);
    }

    /// <summary>whisper's id for a language code or English name ("hi", "hindi"); null when whisper does not know it.</summary>
    public static int? LanguageId(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        WhisperLog.EnsureInstalled(); // whisper logs unknown codes as errors; keep them off stderr
        var id = WhisperNative.whisper_lang_id(language.Trim().ToLowerInvariant());
        return id < 0 ? null : id;
    }

    /// <summary>The code of a whisper language id ("hi"); null when out of range.</summary>
    public static string? LanguageCode(int id) =>
        id < 0 || id > WhisperNative.whisper_lang_max_id() ? null : Marshal.PtrToStringUTF8((nint)WhisperNative.whisper_lang_str(id));

    /// <summary>Frees the weights once no session uses them any more.</summary>
    public void Dispose()
    {
        disposed = true;
        handle.Dispose();
    }

    private static string[] ListLanguages()
    {
        WhisperLog.EnsureInstalled();
        var max = WhisperNative.whisper_lang_max_id();
        var codes = new string[max + 1];
        for (var i = 0; i <= max; i++)
        {
            codes[i] = Marshal.PtrToStringUTF8((nint)WhisperNative.whisper_lang_str(i)) ?? string.Empty;
        }

        return codes;
    }
}
