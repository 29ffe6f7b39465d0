using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>
/// Raw imports from <c>libsherpa-onnx-c-api.so</c> 1.13.4 for offline (non-streaming) text to speech. Declarations
/// written from <c>sherpa-onnx/c-api/c-api.h</c> at tag <c>v1.13.4</c>; C names on purpose.
/// <para>
/// Like the VAD, this part of the library ends the process (<c>_Exit(-1)</c>) or aborts (an uncaught C++ exception
/// from ONNX Runtime or piper-phonemize) instead of failing for: an unreadable or non-ONNX model file, a model without
/// the metadata keys <c>sample_rate</c>, <c>n_speakers</c>, <c>language</c> and <c>comment</c>, a malformed
/// <c>tokens.txt</c>, an espeak-ng-data folder its bundled espeak-ng refuses, an espeak voice it cannot set, and a
/// graph ONNX Runtime will not load.
/// <see cref="VitsVoice.Create"/> checks all of those first.
/// </para>
/// </summary>
internal static unsafe partial class SherpaOnnxNative
{
    /// <summary>NULL when the configuration does not validate (missing model, tokens or espeak-ng-data files).</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial nint SherpaOnnxCreateOfflineTts(SherpaOnnxOfflineTtsConfig* config);

    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxDestroyOfflineTts(nint tts);

    /// <summary>The model's output rate (its <c>sample_rate</c> metadata).</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial int SherpaOnnxOfflineTtsSampleRate(nint tts);

    /// <summary>The model's <c>n_speakers</c> metadata (0 or 1 for a single-speaker voice).</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial int SherpaOnnxOfflineTtsNumSpeakers(nint tts);

    /// <summary>
    /// Speaks UTF-8 <paramref name="text"/>. The callback (may be NULL) gets each batch of samples and can stop the rest
    /// by returning 0. NULL when nothing could be made (no phoneme known, speed not positive). Free with
    /// <see cref="SherpaOnnxDestroyOfflineTtsGeneratedAudio"/>.
    /// </summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial SherpaOnnxGeneratedAudio* SherpaOnnxOfflineTtsGenerateWithConfig(
        nint tts,
        byte* text,
        SherpaOnnxGenerationConfig* config,
        delegate* unmanaged<float*, int, float, void*, int> callback,
        void* arg);

    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxDestroyOfflineTtsGeneratedAudio(SherpaOnnxGeneratedAudio* audio);
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsVitsModelConfig</c> (56 bytes on LP64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsVitsModelConfig
{
    public byte* model;
    public byte* lexicon;
    public byte* tokens;
    public byte* data_dir;
    public float noise_scale;
    public float noise_scale_w;
    public float length_scale;
    public byte* dict_dir;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsMatchaModelConfig</c>; unused here, present for the layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsMatchaModelConfig
{
    public byte* acoustic_model;
    public byte* vocoder;
    public byte* lexicon;
    public byte* tokens;
    public byte* data_dir;
    public float noise_scale;
    public float length_scale;
    public byte* dict_dir;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsKokoroModelConfig</c>; unused here, present for the layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsKokoroModelConfig
{
    public byte* model;
    public byte* voices;
    public byte* tokens;
    public byte* data_dir;
    public float length_scale;
    public byte* dict_dir;
    public byte* lexicon;
    public byte* lang;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsKittenModelConfig</c>; unused here, present for the layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsKittenModelConfig
{
    public byte* model;
    public byte* voices;
    public byte* tokens;
    public byte* data_dir;
    public float length_scale;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsZipvoiceModelConfig</c>; unused here, present for the layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsZipvoiceModelConfig
{
    public byte* tokens;
    public byte* encoder;
    public byte* decoder;
    public byte* vocoder;
    public byte* data_dir;
    public byte* lexicon;
    public float feat_scale;
    public float t_shift;
    public float target_rms;
    public float guidance_scale;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsPocketModelConfig</c>; unused here, present for the layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsPocketModelConfig
{
    public byte* lm_flow;
    public byte* lm_main;
    public byte* encoder;
    public byte* decoder;
    public byte* text_conditioner;
    public byte* vocab_json;
    public byte* token_scores_json;
    public int voice_embedding_cache_capacity;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsSupertonicModelConfig</c>; unused here, present for the layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsSupertonicModelConfig
{
    public byte* duration_predictor;
    public byte* text_encoder;
    public byte* vector_estimator;
    public byte* vocoder;
    public byte* tts_json;
    public byte* unicode_indexer;
    public byte* voice_style;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsModelConfig</c> (416 bytes on LP64): one family set, the others zero.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsModelConfig
{
    public SherpaOnnxOfflineTtsVitsModelConfig vits;
    public int num_threads;
    public int debug;
    public byte* provider;
    public SherpaOnnxOfflineTtsMatchaModelConfig matcha;
    public SherpaOnnxOfflineTtsKokoroModelConfig kokoro;
    public SherpaOnnxOfflineTtsKittenModelConfig kitten;
    public SherpaOnnxOfflineTtsZipvoiceModelConfig zipvoice;
    public SherpaOnnxOfflineTtsPocketModelConfig pocket;
    public SherpaOnnxOfflineTtsSupertonicModelConfig supertonic;
}

/// <summary>Mirror of <c>SherpaOnnxOfflineTtsConfig</c> (448 bytes on LP64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxOfflineTtsConfig
{
    public SherpaOnnxOfflineTtsModelConfig model;
    public byte* rule_fsts;
    public int max_num_sentences;
    public byte* rule_fars;
    public float silence_scale;
}

/// <summary>Mirror of <c>SherpaOnnxGeneratedAudio</c> (16 bytes on LP64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxGeneratedAudio
{
    public float* samples;
    public int n;
    public int sample_rate;
}

/// <summary>Mirror of <c>SherpaOnnxGenerationConfig</c>: for a VITS voice only <c>sid</c>, <c>speed</c> and <c>silence_scale</c> matter.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxGenerationConfig
{
    public float silence_scale;
    public float speed;
    public int sid;
    public float* reference_audio;
    public int reference_audio_len;
    public int reference_sample_rate;
    public byte* reference_text;
    public int num_steps;
    public byte* extra;
}
