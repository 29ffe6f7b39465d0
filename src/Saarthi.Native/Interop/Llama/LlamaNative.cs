using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Llama;

/// <summary>
/// Raw imports from <c>libllama.v0.5.0.so</c> (llama.cpp v0.5.0 as shipped by node-llama-cpp 3.22.1). C names on
/// purpose; nothing here is used above <see cref="LlamaModel"/>, <see cref="LlamaContext"/> and
/// <see cref="LlamaSamplerChain"/>. Owned pointers travel as SafeHandles; borrowed ones (a model's vocabulary, a
/// sampler just added to a chain) as <see cref="nint"/>.
/// </summary>
/// <remarks>
/// The ggml CPU backends must be registered (<see cref="Ggml.GgmlBackends.EnsureLoaded"/>) before
/// <c>llama_backend_init</c>; <see cref="LlamaBackend.EnsureInitialized"/> does both, once.
/// </remarks>
internal static unsafe partial class LlamaNative
{
    internal const int LLAMA_TOKEN_NULL = -1;
    internal const uint LLAMA_DEFAULT_SEED = 0xFFFFFFFF;

    // enum llama_load_mode
    internal const int LLAMA_LOAD_MODE_NONE = 0;
    internal const int LLAMA_LOAD_MODE_MMAP = 1;

    // enum llama_flash_attn_type
    internal const int LLAMA_FLASH_ATTN_TYPE_DISABLED = 0;

    // enum llama_vocab_type
    internal const int LLAMA_VOCAB_TYPE_SPM = 1;

    // ---- system, logging ------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_backend_init();

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_print_system_info();

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial long llama_time_us();

    /// <summary>Routes llama's log (and, through <c>ggml_log_set</c>, ggml's) to <paramref name="log_callback"/>. Process-global.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_log_set(delegate* unmanaged<int, byte*, void*, void> log_callback, void* user_data);

    /// <summary>ggml's current log callback (exported by libggml-base; found through libllama's dependency on it).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void ggml_log_get(nint* log_callback, void** user_data);

    /// <summary>Sets ggml's log callback; null restores ggml's default (print to stderr).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void ggml_log_set(nint log_callback, void* user_data);

    /// <summary>Bytes per block of a ggml tensor type (libggml-base).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nuint ggml_type_size(int type);

    /// <summary>Elements per block of a ggml tensor type (libggml-base).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial long ggml_blck_size(int type);

    // ---- parameters -----------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    // ---- model ----------------------------------------------------------------------------------------------

    /// <summary>Loads a GGUF model; an invalid handle (NULL) on failure, with the reason in the log.</summary>
    [LibraryImport(NativeLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeLlamaModelHandle llama_model_load_from_file(string path_model, LlamaModelParams @params);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_model_free(nint model);

    /// <summary>The model's vocabulary: owned by the model, valid while it lives.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_n_head(SafeLlamaModelHandle model);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial ulong llama_model_size(SafeLlamaModelHandle model);

    /// <summary>A short description ("llama ?B Q8_0"); returns its length.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buf, nuint buf_size);

    /// <summary>A GGUF metadata value as a string; its length, or −1 when the key is absent.</summary>
    [LibraryImport(NativeLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int llama_model_meta_val_str(SafeLlamaModelHandle model, string key, byte* buf, nuint buf_size);

    /// <summary>The model's chat template (<c>tokenizer.chat_template</c>), or NULL. Owned by the model.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_model_chat_template(SafeLlamaModelHandle model, byte* name);

    // ---- vocabulary and tokens ------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_type(SafeLlamaVocabHandle vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_n_tokens(SafeLlamaVocabHandle vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_bos(SafeLlamaVocabHandle vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_eos(SafeLlamaVocabHandle vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_vocab_eot(SafeLlamaVocabHandle vocab);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte llama_vocab_is_eog(SafeLlamaVocabHandle vocab, int token);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte llama_vocab_is_control(SafeLlamaVocabHandle vocab, int token);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte llama_vocab_get_add_bos(SafeLlamaVocabHandle vocab);

    /// <summary>The token's stored text (SPM: "▁word", "&lt;0x41&gt;"). Owned by the vocabulary.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte* llama_vocab_get_text(SafeLlamaVocabHandle vocab, int token);

    /// <summary>Text → tokens: the count, or −(count needed) when <paramref name="n_tokens_max"/> is too small.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_tokenize(
        SafeLlamaVocabHandle vocab, byte* text, int text_len, int* tokens, int n_tokens_max, byte add_special, byte parse_special);

    /// <summary>Token → bytes (no NUL): the length, or −(length needed).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_token_to_piece(SafeLlamaVocabHandle vocab, int token, byte* buf, int length, int lstrip, byte special);

    /// <summary>Tokens → text: the length, or −(length needed).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_detokenize(
        SafeLlamaVocabHandle vocab, int* tokens, int n_tokens, byte* text, int text_len_max, byte remove_special, byte unparse_special);

    /// <summary>
    /// Formats a chat with one of llama.cpp's built-in templates, chosen by name ("chatml") or detected from a Jinja
    /// template's text. Returns the formatted length (retry with a larger buffer when it exceeds
    /// <paramref name="length"/>), or −1 when the template is not supported.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_chat_apply_template(
        byte* tmpl, LlamaChatMessage* chat, nuint n_msg, byte add_ass, byte* buf, int length);

    // ---- context --------------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams @params);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_free(nint ctx);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_n_ctx(SafeLlamaContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial uint llama_n_batch(SafeLlamaContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_n_threads(SafeLlamaContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_set_n_threads(SafeLlamaContextHandle ctx, int n_threads, int n_threads_batch);

    /// <summary>Installs the abort hook: <c>llama_decode</c> checks it between graph nodes (CPU backend) and returns 2.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_set_abort_callback(SafeLlamaContextHandle ctx, delegate* unmanaged<void*, byte> abort_callback, void* abort_callback_data);

    /// <summary>The context's KV memory (owned by the context).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_get_memory(SafeLlamaContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_memory_clear(nint mem, byte data);

    /// <summary>Removes the sequence's tokens at positions [<paramref name="p0"/>, <paramref name="p1"/>) (−1 = open end).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial byte llama_memory_seq_rm(nint mem, int seq_id, int p0, int p1);

    /// <summary>Largest position stored for the sequence, −1 when empty.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_memory_seq_pos_max(nint mem, int seq_id);

    // ---- batches and decoding -------------------------------------------------------------------------------

    /// <summary>Allocates the arrays of a batch for <paramref name="n_tokens"/> tokens (left uninitialised).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial LlamaBatch llama_batch_init(int n_tokens, int embd, int n_seq_max);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_batch_free(LlamaBatch batch);

    /// <summary>
    /// 0 ok; 1 no KV slot (context full); 2 aborted by the abort callback; −1 invalid batch; &lt; −1 fatal.
    /// After 2 or a fatal error the ubatches already processed stay in memory.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_decode(SafeLlamaContextHandle ctx, LlamaBatch batch);

    /// <summary>Logits of the <paramref name="i"/>-th output of the last decode (−1 = last); NULL when invalid.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial float* llama_get_logits_ith(SafeLlamaContextHandle ctx, int i);

    // ---- samplers -------------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_chain_init(LlamaSamplerChainParams @params);

    /// <summary>The chain takes ownership of <paramref name="smpl"/> (frees it with itself).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, nint smpl);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_sampler_chain_n(SafeLlamaSamplerHandle chain);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_free(nint smpl);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_reset(SafeLlamaSamplerHandle smpl);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_init_greedy();

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_init_dist(uint seed);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_init_top_k(int k);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_init_top_p(float p, nuint min_keep);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_init_min_p(float p, nuint min_keep);

    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial nint llama_sampler_init_temp(float t);

    /// <summary>A GBNF grammar sampler; NULL when the grammar does not parse (the reason is logged).</summary>
    [LibraryImport(NativeLibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint llama_sampler_init_grammar(SafeLlamaVocabHandle vocab, string grammar_str, string grammar_root);

    /// <summary>Applies the sampler (a chain applies each of its samplers) to the candidates: filters, re-weights, may select.</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_apply(SafeLlamaSamplerHandle smpl, LlamaTokenDataArray* cur_p);

    /// <summary>Tells the sampler which token was chosen (a grammar advances; a chain tells each of its samplers).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial void llama_sampler_accept(SafeLlamaSamplerHandle smpl, int token);

    /// <summary>Samples from the <paramref name="idx"/>-th output of the last decode and accepts the token (do not accept it again).</summary>
    [LibraryImport(NativeLibraryNames.Llama)]
    internal static partial int llama_sampler_sample(SafeLlamaSamplerHandle smpl, SafeLlamaContextHandle ctx, int idx);
}
