using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Llama;

/// <summary>Owns one <c>llama_model</c> (weights and vocabulary); released with <c>llama_model_free</c>.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandle
{
    public SafeLlamaModelHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }
}

/// <summary>
/// Base of the handles that borrow from a model (vocabulary, context, grammar sampler): creation
/// <c>DangerousAddRef</c>s the <see cref="SafeLlamaModelHandle"/>, release gives the reference back after the child is
/// freed, so disposing the model first is safe.
/// </summary>
internal abstract class SafeLlamaChildHandle : SafeHandle
{
    private SafeLlamaModelHandle? parent;

    protected SafeLlamaChildHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes a reference on <paramref name="model"/> (kept until release); call before the native create.</summary>
    protected void Adopt(SafeLlamaModelHandle model)
    {
        var added = false;
        model.DangerousAddRef(ref added); // throws ObjectDisposedException when the model is closed
        parent = added ? model : null;
    }

    /// <summary>Gives the model reference back (after the child is freed, or when creating it failed).</summary>
    protected void ReleaseParent() => Interlocked.Exchange(ref parent, null)?.DangerousRelease();

    protected void Own(nint raw) => SetHandle(raw);
}

/// <summary>
/// A model's <c>llama_vocab</c>. The vocabulary belongs to the model (nothing to free); the handle exists so calls
/// taking it keep the model alive while they run.
/// </summary>
internal sealed class SafeLlamaVocabHandle : SafeLlamaChildHandle
{
    public static SafeLlamaVocabHandle Create(SafeLlamaModelHandle model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var vocab = new SafeLlamaVocabHandle();
        vocab.Adopt(model);
        var raw = LlamaNative.llama_model_get_vocab(model);
        if (raw == IntPtr.Zero)
        {
            vocab.ReleaseParent();
            vocab.SetHandleAsInvalid();
            throw new LlamaException("llama_model_get_vocab", -1, "the model has no vocabulary");
        }

        vocab.Own(raw);
        return vocab;
    }

    protected override bool ReleaseHandle()
    {
        ReleaseParent();
        return true;
    }
}

/// <summary>
/// Owns one <c>llama_context</c> (KV cache, compute buffers) and the <see cref="GCHandle"/> its abort callback reads;
/// holds a reference on its model.
/// </summary>
internal sealed class SafeLlamaContextHandle : SafeLlamaChildHandle
{
    private GCHandle userData;

    /// <summary>
    /// <c>llama_init_from_model</c> with <paramref name="parameters"/>; <paramref name="abortState"/> is pinned by a
    /// GCHandle for the context's whole life and passed as the abort callback's data.
    /// </summary>
    public static unsafe SafeLlamaContextHandle Create(SafeLlamaModelHandle model, LlamaContextParams parameters, object abortState)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(abortState);
        var context = new SafeLlamaContextHandle();
        context.Adopt(model);
        var gc = GCHandle.Alloc(abortState);
        nint raw;
        try
        {
            parameters.abort_callback_data = (void*)GCHandle.ToIntPtr(gc);
            raw = LlamaNative.llama_init_from_model(model, parameters);
        }
        catch
        {
            gc.Free();
            context.ReleaseParent();
            throw;
        }

        if (raw == IntPtr.Zero)
        {
            gc.Free();
            context.ReleaseParent();
            context.SetHandleAsInvalid();
            return context;
        }

        context.userData = gc;
        context.Own(raw);
        return context;
    }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_free(handle);
        if (userData.IsAllocated)
        {
            userData.Free(); // after llama_free: nothing can call the abort callback any more
        }

        ReleaseParent();
        return true;
    }
}

/// <summary>
/// Owns one <c>llama_sampler</c> chain (and every sampler added to it). A chain with a grammar sampler points at the
/// model's vocabulary, so it holds a reference on the model.
/// </summary>
internal sealed class SafeLlamaSamplerHandle : SafeLlamaChildHandle
{
    public static SafeLlamaSamplerHandle CreateChain(SafeLlamaModelHandle model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var chain = new SafeLlamaSamplerHandle();
        chain.Adopt(model);
        var parameters = LlamaNative.llama_sampler_chain_default_params();
        parameters.no_perf = 1;
        var raw = LlamaNative.llama_sampler_chain_init(parameters);
        if (raw == IntPtr.Zero)
        {
            chain.ReleaseParent();
            chain.SetHandleAsInvalid();
            throw new LlamaException("llama_sampler_chain_init", -1, "could not allocate a sampler chain");
        }

        chain.Own(raw);
        return chain;
    }

    /// <summary>Takes ownership of a sampler that is not in a chain (a grammar kept apart); null (invalid handle) when <paramref name="raw"/> is NULL.</summary>
    public static SafeLlamaSamplerHandle FromRaw(SafeLlamaModelHandle model, nint raw)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sampler = new SafeLlamaSamplerHandle();
        if (raw == IntPtr.Zero)
        {
            sampler.SetHandleAsInvalid();
            return sampler;
        }

        try
        {
            sampler.Adopt(model);
        }
        catch
        {
            LlamaNative.llama_sampler_free(raw);
            throw;
        }

        sampler.Own(raw);
        return sampler;
    }

    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_sampler_free(handle);
        ReleaseParent();
        return true;
    }
}

/// <summary>
/// Owns one <c>llama_batch</c>: the struct lives in native memory (so the handle is one pointer) and its arrays come
/// from <c>llama_batch_init</c>; release calls <c>llama_batch_free</c> and frees the struct.
/// </summary>
internal sealed unsafe class SafeLlamaBatchHandle : SafeHandle
{
    public SafeLlamaBatchHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The batch struct (valid while the handle is open).</summary>
    public LlamaBatch* Batch => (LlamaBatch*)handle;

    /// <summary>Room for <paramref name="capacity"/> tokens of one sequence each.</summary>
    public static SafeLlamaBatchHandle Create(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var batch = new SafeLlamaBatchHandle();
        var memory = (LlamaBatch*)NativeMemory.AllocZeroed((nuint)sizeof(LlamaBatch));
        *memory = LlamaNative.llama_batch_init(capacity, 0, 1);
        if (memory->token is null || memory->pos is null || memory->seq_id is null)
        {
            LlamaNative.llama_batch_free(*memory);
            NativeMemory.Free(memory);
            batch.SetHandleAsInvalid();
            throw new LlamaException("llama_batch_init", -1, $"could not allocate a batch of {capacity} tokens");
        }

        batch.SetHandle((nint)memory);
        return batch;
    }

    protected override bool ReleaseHandle()
    {
        var memory = (LlamaBatch*)handle;
        LlamaNative.llama_batch_free(*memory);
        NativeMemory.Free(memory);
        return true;
    }
}
