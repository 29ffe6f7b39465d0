using System.Runtime.InteropServices;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Native.Tests.Abi;

/// <summary>
/// The sizes NATIVE.md records, and the defaults llama.cpp returns by value: if a mirror or the calling convention were
/// off, the values read back would be garbage.
/// </summary>
public sealed class LlamaAbiTests
{
    [Fact]
    public void Layout_KnownSizes_AreTheOnesNativeMdRecords()
    {
        Assert.Equal(80, Marshal.SizeOf<LlamaModelParams>());
        Assert.Equal(160, Marshal.SizeOf<LlamaContextParams>());
        Assert.Equal(56, Marshal.SizeOf<LlamaBatch>());
        Assert.Equal(1, Marshal.SizeOf<LlamaSamplerChainParams>());
        Assert.Equal(16, Marshal.SizeOf<LlamaChatMessage>());
        Assert.Equal(12, Marshal.SizeOf<LlamaTokenData>());
        Assert.Equal(32, Marshal.SizeOf<LlamaTokenDataArray>());
    }

    [Fact]
    public void ModelDefaultParams_ByValue_HaveLlamasDefaults()
    {
        LlamaBackend.EnsureInitialized();
        var p = LlamaNative.llama_model_default_params();

        Assert.Equal(0, p.main_gpu);
        Assert.Equal(0, p.vocab_only);
        Assert.Equal(0, p.check_tensors);
        Assert.Equal(0, p.no_alloc);
        Assert.True(p.use_extra_bufts is 0 or 1);
        Assert.Equal(IntPtr.Zero, p.kv_overrides);
    }

    [Fact]
    public unsafe void ContextDefaultParams_ByValue_HaveLlamasDefaults()
    {
        LlamaBackend.EnsureInitialized();
        var p = LlamaNative.llama_context_default_params();

        Assert.Equal(512u, p.n_ctx);
        Assert.Equal(2048u, p.n_batch);
        Assert.Equal(512u, p.n_ubatch);
        Assert.Equal(1u, p.n_seq_max);
        Assert.Equal(-1, p.flash_attn_type);
        Assert.Equal(1, p.offload_kqv);
        Assert.True(p.abort_callback is null);
        Assert.Equal(IntPtr.Zero, p.ctx_other);
        Assert.Equal(1, p.type_k); // GGML_TYPE_F16
    }
}
