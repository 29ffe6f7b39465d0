using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Llama;

// Mirrors of llama.h (llama.cpp v0.5.0, as shipped in native/include) structs. Field names are the C names so the ABI
// test (tests/Saarthi.Native.Tests/Abi/LlamaAbi.cs) can compare every offset and size with gcc's. C bool is byte.
// Layouts are the same on linux-x64 and linux-arm64 (LP64).

/// <summary><c>struct llama_model_params</c>: 80 bytes. Passed to <c>llama_model_load_from_file</c> by value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaModelParams
{
    /// <summary><c>ggml_backend_dev_t *</c>: NULL-terminated device list (NULL = all).</summary>
    public nint devices;

    /// <summary><c>const struct llama_model_tensor_buft_override *</c>.</summary>
    public nint tensor_buft_overrides;

    public int n_gpu_layers;

    /// <summary><c>enum llama_split_mode</c>.</summary>
    public int split_mode;

    /// <summary><c>enum llama_load_mode</c> (−1 auto, 0 none, 1 mmap, …).</summary>
    public int load_mode;

    /// <summary><c>enum llama_lazy_mode</c>.</summary>
    public int lazy_mode;

    public int main_gpu;

    /// <summary><c>const float *</c>.</summary>
    public nint tensor_split;

    /// <summary><c>bool (*)(float progress, void *)</c>: false aborts the load.</summary>
    public delegate* unmanaged<float, void*, byte> progress_callback;
    public void* progress_callback_user_data;

    /// <summary><c>const struct llama_model_kv_override *</c>.</summary>
    public nint kv_overrides;

    public byte vocab_only;
    public byte check_tensors;
    public byte use_extra_bufts;
    public byte no_host;
    public byte no_alloc;
    public byte load_mtp;
}

/// <summary><c>struct llama_context_params</c>: 160 bytes. Passed to <c>llama_init_from_model</c> by value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaContextParams
{
    public uint n_ctx;
    public uint n_batch;
    public uint n_ubatch;
    public uint n_seq_max;
    public uint n_rs_seq;
    public uint n_outputs_max;
    public uint n_outputs_max_per_seq;
    public int n_threads;
    public int n_threads_batch;

    /// <summary><c>enum llama_context_type</c>.</summary>
    public int ctx_type;

    /// <summary><c>enum llama_rope_scaling_type</c>.</summary>
    public int rope_scaling_type;

    /// <summary><c>enum llama_pooling_type</c>.</summary>
    public int pooling_type;

    /// <summary><c>enum llama_attention_type</c>.</summary>
    public int attention_type;

    /// <summary><c>enum llama_flash_attn_type</c> (−1 auto, 0 off, 1 on).</summary>
    public int flash_attn_type;

    public float rope_freq_base;
    public float rope_freq_scale;
    public float yarn_ext_factor;
    public float yarn_attn_factor;
    public float yarn_beta_fast;
    public float yarn_beta_slow;
    public uint yarn_orig_ctx;
    public float defrag_thold;

    /// <summary><c>ggml_backend_sched_eval_callback</c>.</summary>
    public nint cb_eval;
    public void* cb_eval_user_data;

    /// <summary><c>enum ggml_type</c> of the K cache.</summary>
    public int type_k;

    /// <summary><c>enum ggml_type</c> of the V cache.</summary>
    public int type_v;

    /// <summary><c>ggml_abort_callback</c> = <c>bool (*)(void *)</c>: true aborts <c>llama_decode</c> (CPU backend).</summary>
    public delegate* unmanaged<void*, byte> abort_callback;
    public void* abort_callback_data;

    public byte embeddings;
    public byte offload_kqv;
    public byte no_perf;
    public byte op_offload;
    public byte swa_full;
    public byte kv_unified;

    /// <summary><c>struct llama_sampler_seq_config *</c> (experimental backend sampling; unused).</summary>
    public nint samplers;
    public nuint n_samplers;

    /// <summary><c>struct llama_context *</c>.</summary>
    public nint ctx_other;
}

/// <summary>
/// <c>struct llama_batch</c>: 56 bytes. Allocated by <c>llama_batch_init</c> (the arrays) and owned by
/// <see cref="SafeLlamaBatchHandle"/>; passed to <c>llama_decode</c> by value.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    public int n_tokens;

    /// <summary><c>llama_token *</c>.</summary>
    public int* token;

    /// <summary><c>float *</c> (embeddings input; null for token input).</summary>
    public float* embd;

    /// <summary><c>llama_pos *</c>.</summary>
    public int* pos;

    /// <summary><c>int32_t *</c>.</summary>
    public int* n_seq_id;

    /// <summary><c>llama_seq_id **</c>.</summary>
    public int** seq_id;

    /// <summary><c>int8_t *</c>: non-zero = output logits for this token.</summary>
    public sbyte* logits;
}

/// <summary><c>struct llama_sampler_chain_params</c>: 1 byte.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public byte no_perf;
}

/// <summary><c>struct llama_chat_message</c>: 16 bytes (two UTF-8 strings).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    public byte* role;
    public byte* content;
}

/// <summary><c>struct llama_token_data</c>: 12 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    public int id;
    public float logit;
    public float p;
}

/// <summary>
/// <c>struct llama_token_data_array</c>: 32 bytes. Samplers may point <see cref="data"/> at their own buffer and set
/// <see cref="selected"/> (an index into <see cref="data"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    public LlamaTokenData* data;
    public nuint size;
    public long selected;
    public byte sorted;
}
