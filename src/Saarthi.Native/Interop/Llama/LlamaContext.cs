using System.Runtime.InteropServices;
using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Llama;

/// <summary>How a context is created.</summary>
public sealed record LlamaContextOptions
{
    /// <summary>Tokens the context holds (prompt + generation); llama.cpp rounds it up to a multiple of 256.</summary>
    public int ContextSize { get; init; } = 2048;

    /// <summary>Most tokens decoded per <c>llama_decode</c> call (longer prompts go in several).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Threads for generation (one token at a time). 2 suits a Pi-class board; tests use 1.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Threads for prompt processing (many tokens at once); default <see cref="Threads"/>.</summary>
    public int? BatchThreads { get; init; }
}

/// <summary>
/// One <c>llama_context</c>: the KV cache of one token sequence and the compute buffers. Not for concurrent use (a second
/// call while one runs throws <see cref="InvalidOperationException"/>); make one per worker. Cancellation reaches
/// llama.cpp through the context's abort callback, which ggml's CPU backend checks between graph nodes, so even a long
/// prompt stops within one node's work.
/// </summary>
public sealed unsafe class LlamaContext : IDisposable
{
    private readonly LlamaModel model;
    private readonly SafeLlamaContextHandle handle;
    private readonly SafeLlamaBatchHandle batch;
    private readonly GgmlAbortSignal abort = new();
    private LlamaTokenData[] candidates = [];
    private int busy;
    private volatile bool disposed;

    internal LlamaContext(LlamaModel model, LlamaContextOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ContextSize, 16, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options));
        this.model = model;
        var parameters = LlamaNative.llama_context_default_params();
        parameters.n_ctx = (uint)options.ContextSize;
        parameters.n_batch = (uint)options.BatchSize;
        parameters.n_ubatch = (uint)options.BatchSize;
        parameters.n_seq_max = 1;
        parameters.n_threads = options.Threads;
        parameters.n_threads_batch = options.BatchThreads ?? options.Threads;
        parameters.abort_callback = &GgmlAbortSignal.OnAbort;
        parameters.no_perf = 1;

        using (var capture = LlamaLog.Capture())
        {
            handle = SafeLlamaContextHandle.Create(model.Handle, parameters, abort);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                throw new LlamaException("llama_init_from_model", -1, "could not create the context (out of memory?)" + capture.Describe());
            }
        }

        ContextSize = (int)LlamaNative.llama_n_ctx(handle);
        BatchSize = (int)LlamaNative.llama_n_batch(handle);
        Threads = LlamaNative.llama_n_threads(handle);
        try
        {
            batch = SafeLlamaBatchHandle.Create(BatchSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The model this context runs.</summary>
    public LlamaModel Model => model;

    /// <summary>Tokens the context holds (as llama.cpp rounded it).</summary>
    public int ContextSize { get; }

    /// <summary>Most tokens per <c>llama_decode</c>.</summary>
    public int BatchSize { get; }

    /// <summary>Generation threads.</summary>
    public int Threads { get; }

    /// <summary>Tokens decoded into the context since the last <see cref="Reset"/> (the next token's position).</summary>
    public int Position { get; private set; }

    /// <summary>Whether a call is running (for tests that must act while llama is decoding).</summary>
    internal bool IsBusy => Volatile.Read(ref busy) != 0;

    /// <summary>Forgets every decoded token (clears the KV cache).</summary>
    public void Reset()
    {
        using var entry = Enter();
        LlamaNative.llama_memory_clear(LlamaNative.llama_get_memory(handle), 1);
        Position = 0;
    }

    /// <summary>Keeps the first <paramref name="position"/> decoded tokens and forgets the rest (to reuse a shared prompt prefix).</summary>
    public void Truncate(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        using var entry = Enter();
        if (position >= Position)
        {
            return;
        }

        var memory = LlamaNative.llama_get_memory(handle);
        if (position == 0 || LlamaNative.llama_memory_seq_rm(memory, 0, position, -1) == 0)
        {
            LlamaNative.llama_memory_clear(memory, 1);
            position = 0;
        }

        Position = position;
    }

    /// <summary>
    /// Decodes <paramref name="tokens"/> after the ones already in the context (in chunks of <see cref="BatchSize"/>) and
    /// keeps the logits of the last one for <see cref="Sample"/>. Blocks the calling thread (run it on a long-running task).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; llama stopped, and the tokens of this call are gone again.</exception>
    /// <exception cref="LlamaContextFullException">The tokens do not fit in the context.</exception>
    /// <exception cref="LlamaException">llama failed (the message has its return code and log lines).</exception>
    public void Decode(ReadOnlySpan<int> tokens, CancellationToken cancellationToken = default)
    {
        if (tokens.IsEmpty)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var entry = Enter();
        if (Position + tokens.Length > ContextSize)
        {
            throw new LlamaContextFullException(
                "llama_decode", 1, $"{Position} tokens in the context + {tokens.Length} new ones exceed its {ContextSize}");
        }

        var start = Position;
        var b = batch.Batch;
        try
        {
            for (var offset = 0; offset < tokens.Length; offset += BatchSize)
            {
                var n = Math.Min(BatchSize, tokens.Length - offset);
                for (var i = 0; i < n; i++)
                {
                    b->token[i] = tokens[offset + i];
                    b->pos[i] = Position + i;
                    b->n_seq_id[i] = 1;
                    b->seq_id[i][0] = 0;
                    b->logits[i] = (sbyte)(offset + i == tokens.Length - 1 ? 1 : 0);
                }

                b->n_tokens = n;
                int rc;
                using (var capture = LlamaLog.Capture())
                {
                    abort.Token = cancellationToken;
                    try
                    {
                        rc = LlamaNative.llama_decode(handle, *b);
                    }
                    finally
                    {
                        abort.Token = default;
                    }

                    if (rc == 2 || cancellationToken.IsCancellationRequested)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    LlamaException.ThrowIfError(rc, "llama_decode", capture);
                }

                Position += n;
            }
        }
        catch
        {
            // Aborted or failed: the ubatches already processed stay in the KV cache; take this call's tokens out again.
            LlamaNative.llama_memory_seq_rm(LlamaNative.llama_get_memory(handle), 0, start, -1);
            Position = start;
            throw;
        }
    }

    /// <summary>
    /// Samples the next token from the last decoded token's logits with <paramref name="sampler"/>; the sampler has then
    /// accepted it (its grammar advanced). Decode the token next to continue.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing decoded yet (no logits).</exception>
    public int Sample(LlamaSamplerChain sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        using var entry = Enter();
        if (Position == 0)
        {
            throw new InvalidOperationException("Decode a prompt before sampling.");
        }

        if (sampler.Grammar is not { } grammar)
        {
            return LlamaNative.llama_sampler_sample(sampler.Handle, handle, -1);
        }

        // The grammar apart: choose without it, check the one token, and only if it is rejected filter all candidates
        // and choose again (what llama.cpp's own tools do; the full filter costs ~n_vocab grammar matches per token).
        var logits = LlamaNative.llama_get_logits_ith(handle, -1);
        if (logits is null)
        {
            throw new LlamaException("llama_get_logits_ith", -1, "no logits for the last token");
        }

        var n = model.VocabularySize;
        if (candidates.Length != n)
        {
            candidates = new LlamaTokenData[n];
        }

        fixed (LlamaTokenData* data = candidates)
        {
            var array = Fill(data, logits, n);
            LlamaNative.llama_sampler_apply(sampler.Handle, &array);
            var token = array.data[array.selected].id;

            var single = new LlamaTokenData { id = token, logit = 1f, p = 0f };
            var check = new LlamaTokenDataArray { data = &single, size = 1, selected = -1, sorted = 0 };
            LlamaNative.llama_sampler_apply(grammar, &check);
            if (float.IsNegativeInfinity(single.logit))
            {
                array = Fill(data, logits, n);
                LlamaNative.llama_sampler_apply(grammar, &array);
                LlamaNative.llama_sampler_apply(sampler.Handle, &array);
                token = array.data[array.selected].id;
            }

            LlamaNative.llama_sampler_accept(grammar, token);
            LlamaNative.llama_sampler_accept(sampler.Handle, token);
            return token;
        }
    }

    private static LlamaTokenDataArray Fill(LlamaTokenData* data, float* logits, int n)
    {
        for (var i = 0; i < n; i++)
        {
            data[i] = new LlamaTokenData { id = i, logit = logits[i], p = 0f };
        }

        return new LlamaTokenDataArray { data = data, size = (nuint)n, selected = -1, sorted = 0 };
    }

    /// <summary>The raw logits of the last decoded token (one per vocabulary entry), copied.</summary>
    public float[] Logits()
    {
        using var entry = Enter();
        var logits = LlamaNative.llama_get_logits_ith(handle, -1);
        if (logits is null || Position == 0)
        {
            throw new InvalidOperationException("Decode a prompt before reading logits.");
        }

        return new ReadOnlySpan<float>(logits, model.VocabularySize).ToArray();
    }

    /// <summary>Frees the KV cache and buffers; the model is freed when it and every context are disposed.</summary>
    public void Dispose()
    {
        disposed = true;
        batch.Dispose();
        handle.Dispose();
    }

    private Entry Enter()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (Interlocked.Exchange(ref busy, 1) != 0)
        {
            throw new InvalidOperationException("This llama context is already in use; use one context per concurrent generator.");
        }

        return new Entry(this);
    }

    private readonly struct Entry(LlamaContext context) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref context.busy, 0);
    }
}
