using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>
/// Raw imports from <c>libsherpa-onnx-c-api.so</c> 1.13.4 (npm <c>sherpa-onnx-linux-*</c>), voice activity detection
/// only. Declarations written from <c>sherpa-onnx/c-api/c-api.h</c> at tag <c>v1.13.4</c>; C names on purpose.
/// <para>
/// The library ends the process (<c>exit(-1)</c>) instead of failing for some bad configurations — a Silero model at a
/// sample rate other than 16000, a v5 model with a window other than 512, an unreadable model file — and C++
/// exceptions from ONNX Runtime are not caught at the C boundary. The wrapper validates all of those before calling.
/// </para>
/// </summary>
internal static unsafe partial class SherpaOnnxNative
{
    /// <summary>Static version string, e.g. <c>1.13.4</c>.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial byte* SherpaOnnxGetVersionStr();

    /// <summary>Static short git SHA-1 of the build.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial byte* SherpaOnnxGetGitSha1();

    /// <summary>NULL when the configuration does not validate (missing model file, threshold outside (0.01, 1), …).</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial nint SherpaOnnxCreateVoiceActivityDetector(SherpaOnnxVadModelConfig* config, float buffer_size_in_seconds);

    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxDestroyVoiceActivityDetector(nint p);

    /// <summary>Feeds mono float samples in [-1, 1] at the configured rate; any count (the detector keeps the remainder).</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxVoiceActivityDetectorAcceptWaveform(nint p, float* samples, int n);

    /// <summary>1 when no completed speech segment is queued.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial int SherpaOnnxVoiceActivityDetectorEmpty(nint p);

    /// <summary>1 while the detector is inside speech.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial int SherpaOnnxVoiceActivityDetectorDetected(nint p);

    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxVoiceActivityDetectorPop(nint p);

    /// <summary>Drops every queued segment.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxVoiceActivityDetectorClear(nint p);

    /// <summary>A copy of the first queued segment (free with <see cref="SherpaOnnxDestroySpeechSegment"/>), or NULL.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial SherpaOnnxSpeechSegment* SherpaOnnxVoiceActivityDetectorFront(nint p);

    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxDestroySpeechSegment(SherpaOnnxSpeechSegment* p);

    /// <summary>Forgets all audio and model state.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxVoiceActivityDetectorReset(nint p);

    /// <summary>Closes an open segment (queues it) and releases its buffered samples; the model state is kept.</summary>
    [LibraryImport(NativeLibraryNames.SherpaOnnx)]
    internal static partial void SherpaOnnxVoiceActivityDetectorFlush(nint p);
}

/// <summary>Mirror of <c>SherpaOnnxSileroVadModelConfig</c> (32 bytes on LP64: pointer, four 4-byte fields, padding).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxSileroVadModelConfig
{
    public byte* model;
    public float threshold;
    public float min_silence_duration;
    public float min_speech_duration;
    public int window_size;
    public float max_speech_duration;
}

/// <summary>Mirror of <c>SherpaOnnxTenVadModelConfig</c> (same layout as the Silero one).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxTenVadModelConfig
{
    public byte* model;
    public float threshold;
    public float min_silence_duration;
    public float min_speech_duration;
    public int window_size;
    public float max_speech_duration;
}

/// <summary>Mirror of <c>SherpaOnnxVadModelConfig</c> (88 bytes on LP64; <c>ten_vad</c> at offset 56).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxVadModelConfig
{
    public SherpaOnnxSileroVadModelConfig silero_vad;
    public int sample_rate;
    public int num_threads;
    public byte* provider;
    public int debug;
    public SherpaOnnxTenVadModelConfig ten_vad;
}

/// <summary>Mirror of <c>SherpaOnnxSpeechSegment</c> (24 bytes on LP64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SherpaOnnxSpeechSegment
{
    public int start;
    public float* samples;
    public int n;
}
