using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>
/// Raw imports from <c>libwhisper.so</c> (whisper.cpp 1.9.3-dev, built by <c>scripts/setup-native.sh</c> against the
/// llama.cpp v0.5.0 ggml). C names on purpose; nothing here is used above <see cref="WhisperModel"/> and
/// <see cref="WhisperSession"/>. Pointers to <c>whisper_context</c>/<c>whisper_state</c> travel as SafeHandles.
/// </summary>
/// <remarks>
/// The ggml CPU backends must be registered (<see cref="Ggml.GgmlBackends.EnsureLoaded"/>) before any
/// <c>whisper_init_*</c>: otherwise whisper finds no device. <see cref="WhisperModel.Load"/> does that.
/// </remarks>
internal static unsafe partial class WhisperNative
{
    /// <summary><c>WHISPER_SAMPLE_RATE</c>: whisper consumes 16 kHz mono float PCM.</summary>
    internal const int WHISPER_SAMPLE_RATE = 16000;

    // enum whisper_sampling_strategy
    internal const int WHISPER_SAMPLING_GREEDY = 0;
    internal const int WHISPER_SAMPLING_BEAM_SEARCH = 1;

    // ---- version, system, logging -------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial byte* whisper_version();

    /// <summary>A static string describing the CPU features ggml was built and loaded with (AVX, NEON, …).</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial byte* whisper_print_system_info();

    /// <summary>
    /// Routes whisper's (and, through <c>ggml_log_set</c>, ggml's) log lines to <paramref name="log_callback"/>;
    /// <see langword="null"/> restores printing to stderr. Process-global.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial void whisper_log_set(delegate* unmanaged<int, byte*, void*, void> log_callback, void* user_data);

    // ---- ggml type facts (exported by libggml-base; found through libwhisper's dependency on it) --------------

    /// <summary>Bytes per block of a ggml tensor type.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial nuint ggml_type_size(int type);

    /// <summary>Elements per block of a ggml tensor type.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial long ggml_blck_size(int type);

    // ---- parameters -----------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial WhisperContextParams whisper_context_default_params();

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial WhisperFullParams whisper_full_default_params(int strategy);

    /// <summary>Heap-allocated defaults; free with <see cref="whisper_free_params"/>.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial WhisperFullParams* whisper_full_default_params_by_ref(int strategy);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial void whisper_free_params(WhisperFullParams* @params);

    // ---- context and state ----------------------------------------------------------------------------------

    /// <summary>Loads a ggml whisper model without its default state; <see langword="null"/> (invalid handle) on failure.</summary>
    [LibraryImport(NativeLibraryNames.Whisper, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeWhisperContextHandle whisper_init_from_file_with_params_no_state(string path_model, WhisperContextParams @params);

    /// <summary>Allocates the mutable decoding state (KV caches, mel buffer, results) for <paramref name="ctx"/>.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial nint whisper_init_state(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial void whisper_free(nint ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial void whisper_free_state(nint state);

    // ---- model facts ----------------------------------------------------------------------------------------

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_is_multilingual(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_n_vocab(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_n_text_ctx(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_n_audio_ctx(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_model_n_audio_state(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_model_n_audio_layer(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_model_n_text_layer(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_model_n_mels(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_model_ftype(SafeWhisperContextHandle ctx);

    /// <summary>"tiny", "base", "small", "medium", "large" or "unknown" (static string).</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial byte* whisper_model_type_readable(SafeWhisperContextHandle ctx);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_token_eot(SafeWhisperContextHandle ctx);

    // ---- languages ------------------------------------------------------------------------------------------

    /// <summary>Largest language id (number of languages − 1).</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_lang_max_id();

    /// <summary>Id of a language code or English name ("hi", "hindi"); −1 when unknown.</summary>
    [LibraryImport(NativeLibraryNames.Whisper, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int whisper_lang_id(string lang);

    /// <summary>Short code of a language id ("hi"); <see langword="null"/> when out of range. Static string.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial byte* whisper_lang_str(int id);

    /// <summary>English name of a language id ("hindi"). Static string.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial byte* whisper_lang_str_full(int id);

    /// <summary>Computes the log-mel spectrogram of 16 kHz PCM into <paramref name="state"/>. 0 on success.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_pcm_to_mel_with_state(
        SafeWhisperContextHandle ctx, SafeWhisperStateHandle state, float* samples, int n_samples, int n_threads);

    /// <summary>
    /// Runs the encoder on the mel at <paramref name="offset_ms"/> and one decoder step; fills
    /// <paramref name="lang_probs"/> (<c>whisper_lang_max_id() + 1</c> floats). Returns the top language id or negative.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_lang_auto_detect_with_state(
        SafeWhisperContextHandle ctx, SafeWhisperStateHandle state, int offset_ms, int n_threads, float* lang_probs);

    // ---- transcription --------------------------------------------------------------------------------------

    /// <summary>
    /// PCM → mel → encoder → decoder → text, into <paramref name="state"/>. 0 on success; −2 mel, −3 language
    /// detection, −4 too many decoders, −5 audio_ctx too large, −6 encode failed or aborted, −7 KV cache allocation
    /// failed (whisper frees the state itself!), −8/−9 decode failed or aborted.
    /// </summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_full_with_state(
        SafeWhisperContextHandle ctx, SafeWhisperStateHandle state, WhisperFullParams @params, float* samples, int n_samples);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_full_n_segments_from_state(SafeWhisperStateHandle state);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_full_lang_id_from_state(SafeWhisperStateHandle state);

    /// <summary>Segment text (UTF-8 bytes owned by the state, valid until the next <c>whisper_full</c>).</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial byte* whisper_full_get_segment_text_from_state(SafeWhisperStateHandle state, int i_segment);

    /// <summary>Segment start in centiseconds (10 ms units).</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial long whisper_full_get_segment_t0_from_state(SafeWhisperStateHandle state, int i_segment);

    /// <summary>Segment end in centiseconds.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial long whisper_full_get_segment_t1_from_state(SafeWhisperStateHandle state, int i_segment);

    /// <summary>Probability of the no-speech token at the first decoder step of the segment's 30 s window.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial float whisper_full_get_segment_no_speech_prob_from_state(SafeWhisperStateHandle state, int i_segment);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_full_n_tokens_from_state(SafeWhisperStateHandle state, int i_segment);

    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial int whisper_full_get_token_id_from_state(SafeWhisperStateHandle state, int i_segment, int i_token);

    /// <summary>Probability the decoder gave the chosen token.</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial float whisper_full_get_token_p_from_state(SafeWhisperStateHandle state, int i_segment, int i_token);

    /// <summary>Token text (bytes of the vocabulary entry; may be part of a UTF-8 sequence).</summary>
    [LibraryImport(NativeLibraryNames.Whisper)]
    internal static partial byte* whisper_full_get_token_text_from_state(
        SafeWhisperContextHandle ctx, SafeWhisperStateHandle state, int i_segment, int i_token);
}
