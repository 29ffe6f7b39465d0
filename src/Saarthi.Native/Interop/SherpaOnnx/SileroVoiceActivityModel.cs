using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>How the Silero VAD inside sherpa-onnx is set up.</summary>
public sealed record SileroVadSettings
{
    /// <summary>The model file (<c>silero_vad.onnx</c>, v5); see <see cref="NativePaths.FindModel"/>.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Speech probability above which a window counts as speech (sherpa-onnx leaves speech again below threshold − 0.15).</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Silence that closes a segment inside sherpa-onnx. Kept short: the appliance's endpointer owns the real hang-over.</summary>
    public float MinSilenceSeconds { get; init; } = 0.05f;

    /// <summary>Speech needed before sherpa-onnx reports it. Kept to about one window: the endpointer owns click rejection.</summary>
    public float MinSpeechSeconds { get; init; } = 0.03f;

    /// <summary>Above this segment length sherpa-onnx raises its threshold to force a split.</summary>
    public float MaxSpeechSeconds { get; init; } = 60f;

    /// <summary>ONNX Runtime intra-op threads.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Initial capacity of sherpa-onnx's sample buffer (it grows, with a line on stderr, when exceeded).</summary>
    public float BufferSeconds { get; init; } = 30f;
}

/// <summary>A speech segment sherpa-onnx closed: its first sample (at 16 kHz, from the last reset) and its samples.</summary>
public sealed record SileroSpeechSegment(long StartSample, float[] Samples);

/// <summary>
/// Silero VAD v5 through sherpa-onnx's C API: the small public wrapper over <see cref="SherpaOnnxVadHandle"/>.
/// Audio goes in as 16 kHz mono floats in any chunking; <see cref="IsSpeechDetected"/> says whether the detector is
/// inside speech after the last 32 ms window (512 samples, plus 64 samples of context). Serialized on an instance lock.
/// </summary>
public sealed unsafe class SileroVoiceActivityModel : IDisposable
{
    /// <summary>The only rate sherpa-onnx's Silero accepts (any other makes it call <c>exit</c>).</summary>
    public const int SampleRate = 16000;

    /// <summary>Samples per Silero v5 window at 16 kHz (any other makes sherpa-onnx call <c>exit</c>).</summary>
    public const int WindowSize = 512;

    private readonly Lock _gate = new();
    private readonly SherpaOnnxVadHandle _handle;
    private bool _disposed;

    private SileroVoiceActivityModel(SileroVadSettings settings, SherpaOnnxVadHandle handle)
    {
        Settings = settings;
        _handle = handle;
    }

    public SileroVadSettings Settings { get; }

    /// <summary>sherpa-onnx's version and git hash, e.g. <c>1.13.4 (634265c9)</c>.</summary>
    public static string LibraryVersion
    {
        get
        {
            var version = Marshal.PtrToStringUTF8((nint)SherpaOnnxNative.SherpaOnnxGetVersionStr()) ?? "?";
            var sha = Marshal.PtrToStringUTF8((nint)SherpaOnnxNative.SherpaOnnxGetGitSha1()) ?? "?";
            return $"{version} ({sha})";
        }
    }

    /// <summary>Whether the detector was inside speech after the last samples fed.</summary>
    public bool IsSpeechDetected
    {
        get
        {
            lock (_gate)
            {
                return SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorDetected(Handle()) != 0;
            }
        }
    }

    /// <summary>Whether a closed segment is waiting (see <see cref="DequeueSegment"/>).</summary>
    public bool HasSegments
    {
        get
        {
            lock (_gate)
            {
                return SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorEmpty(Handle()) == 0;
            }
        }
    }

    /// <summary>
    /// Loads the model. Everything sherpa-onnx would answer by ending the process is checked first and refused with a
    /// <see cref="SherpaOnnxException"/> (code −2); a configuration it rejects itself gives code −1.
    /// </summary>
    /// <exception cref="NativeLibraryMissingException"><c>libsherpa-onnx-c-api.so</c> (or its <c>libonnxruntime.so</c>) is missing.</exception>
    public static SileroVoiceActivityModel Create(SileroVadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string Operation = "SherpaOnnxCreateVoiceActivityDetector";
        Validate(settings, Operation);
        var model = Encoding.UTF8.GetBytes(Path.GetFullPath(settings.ModelPath) + "\0");
        var provider = "cpu\0"u8.ToArray();
        fixed (byte* modelPtr = model)
        fixed (byte* providerPtr = provider)
        {
            var config = new SherpaOnnxVadModelConfig
            {
                silero_vad = new SherpaOnnxSileroVadModelConfig
                {
                    model = modelPtr,
                    threshold = settings.Threshold,
                    min_silence_duration = settings.MinSilenceSeconds,
                    min_speech_duration = settings.MinSpeechSeconds,
                    window_size = WindowSize,
                    max_speech_duration = settings.MaxSpeechSeconds,
                },
                sample_rate = SampleRate,
                num_threads = settings.Threads,
                provider = providerPtr,
                debug = 0,
            };
            var p = SherpaOnnxNative.SherpaOnnxCreateVoiceActivityDetector(&config, settings.BufferSeconds);
            SherpaOnnxException.ThrowIfNull(p, Operation, $"sherpa-onnx rejected the configuration for {settings.ModelPath}");
            return new SileroVoiceActivityModel(settings, new SherpaOnnxVadHandle(p));
        }
    }

    /// <summary>Feeds 16 kHz mono samples in [-1, 1].</summary>
    public void AcceptWaveform(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            var p = Handle();
            fixed (float* data = samples)
            {
                SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorAcceptWaveform(p, data, samples.Length);
            }
        }
    }

    /// <summary>Removes and returns the oldest closed segment, or <see langword="null"/> when none is queued.</summary>
    public SileroSpeechSegment? DequeueSegment()
    {
        lock (_gate)
        {
            var p = Handle();
            if (SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorEmpty(p) != 0)
            {
                return null;
            }

            var segment = SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorFront(p);
            try
            {
                if (segment is null)
                {
                    return null;
                }

                var samples = segment->n > 0 && segment->samples is not null ? new ReadOnlySpan<float>(segment->samples, segment->n).ToArray() : [];
                return new SileroSpeechSegment(segment->start, samples);
            }
            finally
            {
                if (segment is not null)
                {
                    SherpaOnnxNative.SherpaOnnxDestroySpeechSegment(segment);
                }

                SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorPop(p);
            }
        }
    }

    /// <summary>Drops queued segments (callers that only read <see cref="IsSpeechDetected"/> call this to bound memory).</summary>
    public void ClearSegments()
    {
        lock (_gate)
        {
            SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorClear(Handle());
        }
    }

    /// <summary>Closes an open segment and releases its buffered samples; the model's state carries on.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorFlush(Handle());
        }
    }

    /// <summary>Forgets all audio and the model's recurrent state.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            SherpaOnnxNative.SherpaOnnxVoiceActivityDetectorReset(Handle());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _handle.Dispose();
            }
        }
    }

    private nint Handle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _handle.DangerousGetHandle();
    }

    private static void Validate(SileroVadSettings settings, string operation)
    {
        if (string.IsNullOrWhiteSpace(settings.ModelPath) || !File.Exists(settings.ModelPath))
        {
            throw SherpaOnnxException.Refused(operation, $"no Silero VAD model at '{settings.ModelPath}' (run ./saarthi once: scripts/setup-native.sh puts it in native/models/)");
        }

        // sherpa-onnx hands the file to ONNX Runtime, whose parse error is an uncaught C++ exception (process abort):
        // insist on something shaped like an ONNX ModelProto (field 1, ir_version, varint: tag byte 0x08).
        using (var file = File.OpenRead(settings.ModelPath))
        {
            if (file.Length < 1024 || file.ReadByte() != 0x08)
            {
                throw SherpaOnnxException.Refused(operation, $"'{settings.ModelPath}' is not an ONNX model");
            }
        }

        // A whole file can still hold a graph ONNX Runtime refuses (damaged weights, unknown operators): ask it first.
        if (OnnxRuntimeCheck.TryLoad(settings.ModelPath) is { } error)
        {
            throw SherpaOnnxException.Refused(operation, $"ONNX Runtime cannot load '{settings.ModelPath}': {error}");
        }

        if (settings.Threshold is < 0.01f or >= 1f or float.NaN)
        {
            throw SherpaOnnxException.Refused(operation, $"threshold {settings.Threshold} is outside [0.01, 1)");
        }

        if (!(settings.MinSilenceSeconds > 0 && settings.MinSpeechSeconds > 0 && settings.MaxSpeechSeconds > 0 && settings.BufferSeconds > 0))
        {
            throw SherpaOnnxException.Refused(operation, "durations must be positive");
        }

        if (settings.Threads is < 1 or > 64)
        {
            throw SherpaOnnxException.Refused(operation, $"thread count {settings.Threads} is outside 1..64");
        }
    }
}
