using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Whisper;

// Mirrors of whisper.h (1.9.3-dev) structs. Field names are the C names so the ABI test
// (tests/Saarthi.Native.Tests/Abi) can compare every offset with gcc's. C bool is byte; nested anonymous
// structs are flattened as <outer>_<inner>. Layout is the same on linux-x64 and linux-arm64 (LP64).

/// <summary><c>struct whisper_context_params</c>: 48 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WhisperContextParams
{
    public byte use_gpu;
    public byte flash_attn;
    public int gpu_device;
    public byte dtw_token_timestamps;

    /// <summary><c>enum whisper_alignment_heads_preset</c>.</summary>
    public int dtw_aheads_preset;
    public int dtw_n_top;

    /// <summary><c>dtw_aheads.n_heads</c> (<c>size_t</c>).</summary>
    public nuint dtw_aheads_n_heads;

    /// <summary><c>dtw_aheads.heads</c> (<c>const whisper_ahead *</c>).</summary>
    public nint dtw_aheads_heads;
    public nuint dtw_mem_size;
}

/// <summary><c>struct whisper_vad_params</c> (<c>whisper_vad_params</c>): 24 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WhisperVadParams
{
    public float threshold;
    public int min_speech_duration_ms;
    public int min_silence_duration_ms;
    public float max_speech_duration_s;
    public int speech_pad_ms;
    public float samples_overlap;
}

/// <summary><c>struct whisper_full_params</c>: 304 bytes. Passed to <c>whisper_full_with_state</c> by value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WhisperFullParams
{
    /// <summary><c>enum whisper_sampling_strategy</c>.</summary>
    public int strategy;
    public int n_threads;
    public int n_max_text_ctx;
    public int offset_ms;
    public int duration_ms;

    public byte translate;
    public byte no_context;
    public byte no_timestamps;
    public byte single_segment;
    public byte print_special;
    public byte print_progress;
    public byte print_realtime;
    public byte print_timestamps;

    public byte token_timestamps;
    public float thold_pt;
    public float thold_ptsum;
    public int max_len;
    public byte split_on_word;
    public int max_tokens;

    public byte debug_mode;
    public int audio_ctx;

    public byte tdrz_enable;

    /// <summary><c>const char *</c>.</summary>
    public byte* suppress_regex;

    /// <summary><c>const char *</c>.</summary>
    public byte* initial_prompt;
    public byte carry_initial_prompt;

    /// <summary><c>const whisper_token *</c>.</summary>
    public int* prompt_tokens;
    public int prompt_n_tokens;

    /// <summary><c>const char *</c>: a language code, or null/""/"auto" for detection.</summary>
    public byte* language;
    public byte detect_language;

    public byte suppress_blank;
    public byte suppress_nst;

    public float temperature;
    public float max_initial_ts;
    public float length_penalty;

    public float temperature_inc;
    public float entropy_thold;
    public float logprob_thold;
    public float no_speech_thold;

    /// <summary><c>greedy.best_of</c>.</summary>
    public int greedy_best_of;

    /// <summary><c>beam_search.beam_size</c>.</summary>
    public int beam_search_beam_size;

    /// <summary><c>beam_search.patience</c>.</summary>
    public float beam_search_patience;

    /// <summary><c>void (*)(whisper_context *, whisper_state *, int n_new, void *)</c>.</summary>
    public nint new_segment_callback;
    public void* new_segment_callback_user_data;

    /// <summary><c>void (*)(whisper_context *, whisper_state *, int progress, void *)</c>.</summary>
    public nint progress_callback;
    public void* progress_callback_user_data;

    /// <summary><c>bool (*)(whisper_context *, whisper_state *, void *)</c>: return false to stop before an encoder pass.</summary>
    public delegate* unmanaged<nint, nint, void*, byte> encoder_begin_callback;
    public void* encoder_begin_callback_user_data;

    /// <summary><c>ggml_abort_callback</c> = <c>bool (*)(void *)</c>: return true to abort the computation.</summary>
    public delegate* unmanaged<void*, byte> abort_callback;
    public void* abort_callback_user_data;

    /// <summary><c>void (*)(whisper_context *, whisper_state *, const whisper_token_data *, int, float *, void *)</c>.</summary>
    public nint logits_filter_callback;
    public void* logits_filter_callback_user_data;

    /// <summary><c>const whisper_grammar_element **</c>.</summary>
    public nint grammar_rules;
    public nuint n_grammar_rules;
    public nuint i_start_rule;
    public float grammar_penalty;

    public byte vad;

    /// <summary><c>const char *</c>.</summary>
    public byte* vad_model_path;

    public WhisperVadParams vad_params;
}
