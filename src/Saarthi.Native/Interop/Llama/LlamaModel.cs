using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.Llama;

/// <summary>How a GGUF model is loaded.</summary>
public sealed record LlamaModelOptions
{
    /// <summary>Check the whole header and tensor table in managed code first (<see cref="GgufFile.Inspect"/>). On by default.</summary>
    public bool Validate { get; init; } = true;

    /// <summary>Memory-map the weights (the default: pages load on demand and are shared with the page cache).</summary>
    public bool UseMmap { get; init; } = true;
}

/// <summary>One chat turn for <see cref="LlamaModel.ApplyChatTemplate"/>.</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Content">The text.</param>
public sealed record LlamaChatTurn(string Role, string Content);

/// <summary>
/// A loaded GGUF model (<c>llama_model</c>: weights and vocabulary, read-only after load). Load once; make one
/// <see cref="LlamaContext"/> per concurrent generator and one <see cref="LlamaSamplerChain"/> per generation. Contexts and
/// samplers keep the model alive until they are disposed. Tokenization and chat formatting are thread-safe.
/// </summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle handle;
    private readonly SafeLlamaVocabHandle vocab;
    private volatile bool disposed;

    private LlamaModel(SafeLlamaModelHandle handle, string path, GgufInfo? info, TimeSpan loadTime)
    {
        this.handle = handle;
        vocab = SafeLlamaVocabHandle.Create(handle);
        Path = path;
        Info = info;
        LoadTime = loadTime;
        VocabularySize = LlamaNative.llama_vocab_n_tokens(vocab);
        BeginningOfSequence = LlamaNative.llama_vocab_bos(vocab);
        EndOfSequence = LlamaNative.llama_vocab_eos(vocab);
        AddsBeginningOfSequence = LlamaNative.llama_vocab_get_add_bos(vocab) != 0;
        TrainedContextLength = LlamaNative.llama_model_n_ctx_train(handle);
        EmbeddingSize = LlamaNative.llama_model_n_embd(handle);
        Layers = LlamaNative.llama_model_n_layer(handle);
        ParameterCount = LlamaNative.llama_model_n_params(handle);
        SizeBytes = LlamaNative.llama_model_size(handle);
        var buffer = stackalloc byte[256];
        var n = LlamaNative.llama_model_desc(handle, buffer, 256);
        Description = n > 0 ? Encoding.UTF8.GetString(buffer, Math.Min(n, 255)) : string.Empty;
        var template = LlamaNative.llama_model_chat_template(handle, null);
        ChatTemplate = template is null ? null : Marshal.PtrToStringUTF8((nint)template);
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The header read by <see cref="GgufFile.Inspect"/> (null when validation was turned off).</summary>
    public GgufInfo? Info { get; }

    /// <summary>Wall time of <see cref="Load"/> (validation and llama's own load).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>llama's one-line description ("llama ?B Q8_0").</summary>
    public string Description { get; }

    public int VocabularySize { get; }

    public int BeginningOfSequence { get; }

    public int EndOfSequence { get; }

    /// <summary>Whether tokenizing with special tokens prepends BOS.</summary>
    public bool AddsBeginningOfSequence { get; }

    /// <summary>n_ctx_train.</summary>
    public int TrainedContextLength { get; }

    public int EmbeddingSize { get; }

    public int Layers { get; }

    public ulong ParameterCount { get; }

    /// <summary>Bytes of all tensors.</summary>
    public ulong SizeBytes { get; }

    /// <summary>The model's chat template (<c>tokenizer.chat_template</c>), or null when it has none.</summary>
    public string? ChatTemplate { get; }

    internal SafeLlamaModelHandle Handle => handle;

    internal SafeLlamaVocabHandle Vocab => vocab;

    /// <summary>
    /// Loads the GGUF model at <paramref name="path"/>. Initialises the llama backend first (ggml CPU backends, log route).
    /// </summary>
    /// <exception cref="LlamaModelException">The file is missing, not GGUF, truncated, damaged, or refused by llama.cpp.</exception>
    /// <exception cref="NativeLibraryMissingException">libllama or libggml is not installed.</exception>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new LlamaModelOptions();
        var clock = Stopwatch.StartNew();
        var full = System.IO.Path.GetFullPath(path);
        GgufInfo? info = null;
        if (options.Validate)
        {
            info = GgufFile.Inspect(full);
        }
        else if (!File.Exists(full))
        {
            throw new LlamaModelException(full, LlamaModelProblem.Missing, "no such file");
        }

        LlamaBackend.EnsureInitialized();
        var parameters = LlamaNative.llama_model_default_params();
        parameters.n_gpu_layers = 0;
        parameters.load_mode = options.UseMmap ? LlamaNative.LLAMA_LOAD_MODE_MMAP : LlamaNative.LLAMA_LOAD_MODE_NONE;

        using var capture = LlamaLog.Capture();
        var model = LlamaNative.llama_model_load_from_file(full, parameters);
        if (model.IsInvalid)
        {
            model.Dispose();
            throw new LlamaModelException(full, LlamaModelProblem.Rejected, "llama_model_load_from_file returned NULL" + capture.Describe());
        }

        try
        {
            return new LlamaModel(model, full, info, clock.Elapsed);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A GGUF metadata value as a string ("llama.context_length" → "4096"); null when absent.</summary>
    public string? Metadata(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ThrowIfDisposed();
        var size = 256;
        while (true)
        {
            var buffer = new byte[size];
            int n;
            fixed (byte* b = buffer)
            {
                n = LlamaNative.llama_model_meta_val_str(handle, key, b, (nuint)buffer.Length);
            }

            if (n < 0)
            {
                return null;
            }

            if (n < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, n);
            }

            size = n + 1;
        }
    }

    /// <summary>Text → token ids. <paramref name="addSpecial"/> adds BOS when the model wants it; <paramref name="parseSpecial"/> turns "&lt;|im_start|&gt;" into its control token.</summary>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfDisposed();
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + 8];
        while (true)
        {
            int n;
            fixed (byte* t = bytes)
            fixed (int* o = tokens)
            {
                n = LlamaNative.llama_tokenize(vocab, t, bytes.Length, o, tokens.Length, addSpecial ? (byte)1 : (byte)0, parseSpecial ? (byte)1 : (byte)0);
            }

            if (n == int.MinValue)
            {
                throw new LlamaException("llama_tokenize", n, "the text is too long to tokenize");
            }

            if (n >= 0)
            {
                return tokens.AsSpan(0, n).ToArray();
            }

            tokens = new int[-n];
        }
    }

    /// <summary>Token ids → text. <paramref name="renderSpecial"/> writes control tokens ("&lt;/s&gt;") as text.</summary>
    public string Detokenize(ReadOnlySpan<int> tokens, bool removeSpecial = false, bool renderSpecial = false)
    {
        ThrowIfDisposed();
        if (tokens.IsEmpty)
        {
            return string.Empty;
        }

        var buffer = new byte[(tokens.Length * 8) + 16];
        while (true)
        {
            int n;
            fixed (int* t = tokens)
            fixed (byte* o = buffer)
            {
                n = LlamaNative.llama_detokenize(vocab, t, tokens.Length, o, buffer.Length, removeSpecial ? (byte)1 : (byte)0, renderSpecial ? (byte)1 : (byte)0);
            }

            if (n >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, n);
            }

            buffer = new byte[-n];
        }
    }

    /// <summary>
    /// The bytes one token stands for (possibly part of a UTF-8 sequence: byte tokens are single bytes). Control tokens
    /// give nothing unless <paramref name="special"/>. Returns the count written to <paramref name="destination"/>, or
    /// −(count needed) when it is too small.
    /// </summary>
    public int TokenToPiece(int token, Span<byte> destination, bool special = false)
    {
        ThrowIfDisposed();
        fixed (byte* o = destination)
        {
            return LlamaNative.llama_token_to_piece(vocab, token, o, destination.Length, 0, special ? (byte)1 : (byte)0);
        }
    }

    /// <summary>The token's stored vocabulary text ("▁the", "&lt;0x41&gt;", "&lt;/s&gt;").</summary>
    public string TokenText(int token)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(token, VocabularySize);
        return Marshal.PtrToStringUTF8((nint)LlamaNative.llama_vocab_get_text(vocab, token)) ?? string.Empty;
    }

    /// <summary>Whether generation should stop at <paramref name="token"/> (EOS, EOT, &lt;|im_end|&gt;, …).</summary>
    public bool IsEndOfGeneration(int token)
    {
        ThrowIfDisposed();
        return LlamaNative.llama_vocab_is_eog(vocab, token) != 0;
    }

    /// <summary>
    /// Formats <paramref name="turns"/> into a prompt with <paramref name="template"/> (a built-in template name such as
    /// "chatml", or a Jinja template llama.cpp recognises), default the model's own. With <paramref name="addAssistant"/>
    /// the prompt ends where the assistant's answer begins. Returns null when there is no template or llama.cpp does not
    /// support it (the caller then formats the prompt itself).
    /// </summary>
    public string? ApplyChatTemplate(IReadOnlyList<LlamaChatTurn> turns, bool addAssistant = true, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(turns);
        ThrowIfDisposed();
        template ??= ChatTemplate;
        if (template is null)
        {
            return null;
        }

        var strings = new List<GCHandle>();
        try
        {
            byte* Pin(string s)
            {
                var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
                Encoding.UTF8.GetBytes(s, bytes);
                var h = GCHandle.Alloc(bytes, GCHandleType.Pinned);
                strings.Add(h);
                return (byte*)h.AddrOfPinnedObject();
            }

            var messages = new LlamaChatMessage[turns.Count];
            var total = 0;
            for (var i = 0; i < turns.Count; i++)
            {
                messages[i] = new LlamaChatMessage { role = Pin(turns[i].Role), content = Pin(turns[i].Content) };
                total += turns[i].Role.Length + turns[i].Content.Length;
            }

            var tmpl = Pin(template);
            var buffer = new byte[(2 * total) + 256];
            while (true)
            {
                int n;
                fixed (LlamaChatMessage* m = messages)
                fixed (byte* o = buffer)
                {
                    n = LlamaNative.llama_chat_apply_template(tmpl, m, (nuint)messages.Length, addAssistant ? (byte)1 : (byte)0, o, buffer.Length);
                }

                if (n < 0)
                {
                    return null;
                }

                if (n <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, n);
                }

                buffer = new byte[n];
            }
        }
        finally
        {
            foreach (var h in strings)
            {
                h.Free();
            }
        }
    }

    /// <summary>Allocates a context (KV cache and compute buffers) that holds a reference on this model.</summary>
    /// <exception cref="LlamaException">llama could not create it (out of memory, a size it refuses).</exception>
    public LlamaContext CreateContext(LlamaContextOptions? options = null)
    {
        ThrowIfDisposed();
        return new LlamaContext(this, options ?? new LlamaContextOptions());
    }

    /// <summary>Builds a sampler chain (grammar, temperature, top-k/p, seed or greedy) that holds a reference on this model.</summary>
    /// <exception cref="LlamaGrammarException">The grammar does not parse.</exception>
    public LlamaSamplerChain CreateSampler(LlamaSamplerOptions? options = null)
    {
        ThrowIfDisposed();
        return new LlamaSamplerChain(this, options ?? new LlamaSamplerOptions());
    }

    /// <summary>Frees the weights once no context or sampler uses them any more.</summary>
    public void Dispose()
    {
        disposed = true;
        vocab.Dispose();
        handle.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed || handle.IsClosed, this);
}
