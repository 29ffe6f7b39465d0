using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>Speech made by a <see cref="VitsVoice"/>: mono float samples in [-1, 1] at <paramref name="SampleRate"/>.</summary>
public sealed record VitsAudio(float[] Samples, int SampleRate)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / (double)SampleRate);
}

/// <summary>
/// A Piper/VITS voice through sherpa-onnx's offline TTS C API: the small public wrapper over
/// <see cref="SherpaOnnxOfflineTtsHandle"/>. Text goes through sherpa-onnx's bundled espeak-ng (phonemes) and the
/// model (waveform). Generation is serialized on an instance lock; sherpa-onnx's espeak-ng is separate from the
/// Debian one <c>EspeakEngine</c> drives (its symbols are internal to the library).
/// </summary>
public sealed unsafe class VitsVoice : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SherpaOnnxOfflineTtsHandle _handle;
    private bool _disposed;

    private VitsVoice(VitsVoiceSettings settings, VitsVoiceInfo info, SherpaOnnxOfflineTtsHandle handle)
    {
        Settings = settings;
        Info = info;
        _handle = handle;
        SampleRate = SherpaOnnxNative.SherpaOnnxOfflineTtsSampleRate(handle.DangerousGetHandle());
        Speakers = SherpaOnnxNative.SherpaOnnxOfflineTtsNumSpeakers(handle.DangerousGetHandle());
    }

    public VitsVoiceSettings Settings { get; }

    /// <summary>What the model's metadata says (language, espeak voice, kind).</summary>
    public VitsVoiceInfo Info { get; }

    /// <summary>The output rate sherpa-onnx reports (the model's <c>sample_rate</c>).</summary>
    public int SampleRate { get; }

    /// <summary>The speaker count sherpa-onnx reports (0 or 1: one voice).</summary>
    public int Speakers { get; }

    /// <summary>
    /// Checks the voice's files (see <see cref="VitsVoiceCheck"/>) and loads it. Whatever sherpa-onnx would answer by
    /// ending the process is refused first with a <see cref="SherpaOnnxException"/> of code −2; a configuration it
    /// rejects itself gives code −1.
    /// </summary>
    /// <exception cref="NativeLibraryMissingException"><c>libsherpa-onnx-c-api.so</c> (or <c>libonnxruntime.so</c>) is missing.</exception>
    public static VitsVoice Create(VitsVoiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const string Operation = "SherpaOnnxCreateOfflineTts";
        var info = VitsVoiceCheck.Check(settings, Operation);
        var model = Utf8(Path.GetFullPath(settings.ModelPath));
        var tokens = Utf8(Path.GetFullPath(settings.TokensPath));
        var data = Utf8(Path.GetFullPath(settings.DataDirectory));
        var provider = Utf8("cpu");
        fixed (byte* modelPtr = model)
        fixed (byte* tokensPtr = tokens)
        fixed (byte* dataPtr = data)
        fixed (byte* providerPtr = provider)
        {
            var config = new SherpaOnnxOfflineTtsConfig
            {
                model = new SherpaOnnxOfflineTtsModelConfig
                {
                    vits = new SherpaOnnxOfflineTtsVitsModelConfig
                    {
                        model = modelPtr,
                        tokens = tokensPtr,
                        data_dir = dataPtr,
                        noise_scale = settings.NoiseScale,
                        noise_scale_w = settings.NoiseScaleW,
                        length_scale = settings.LengthScale,
                    },
                    num_threads = settings.Threads,
                    provider = providerPtr,
                },

                // One espeak-ng sentence per batch: the progress callback runs after each, so a cancelled call stops
                // at the next sentence boundary instead of finishing a long text.
                max_num_sentences = 1,
            };
            var p = SherpaOnnxNative.SherpaOnnxCreateOfflineTts(&config);
            SherpaOnnxException.ThrowIfNull(p, Operation, $"sherpa-onnx rejected the voice {settings.ModelPath}");
            return new VitsVoice(settings, info, new SherpaOnnxOfflineTtsHandle(p));
        }
    }

    /// <summary>
    /// Speaks <paramref name="text"/> with speaker <paramref name="speakerId"/> at <paramref name="speed"/> (1 = the
    /// model's pace, 2 = twice as fast). Text without a phoneme the voice knows gives empty audio. Blocks; the token is
    /// checked before and after, and after each sentence inside sherpa-onnx (its progress callback stops the rest).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Speaker outside the model's range, or speed not in (0, 10].</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public VitsAudio Generate(string text, int speakerId = 0, float speed = 1f, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(speakerId);
        if (speakerId >= Math.Max(1, Speakers))
        {
            throw new ArgumentOutOfRangeException(nameof(speakerId), speakerId, $"the voice has {Math.Max(1, Speakers)} speaker(s)");
        }

        if (!(speed > 0 && speed <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be in (0, 10]");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new VitsAudio([], SampleRate);
        }

        var utf8 = Utf8(text);
        var signal = new CancelSignal(cancellationToken);
        var gc = GCHandle.Alloc(signal);
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var config = new SherpaOnnxGenerationConfig { sid = speakerId, speed = speed, silence_scale = 1f };
                SherpaOnnxGeneratedAudio* audio;
                fixed (byte* textPtr = utf8)
                {
                    audio = SherpaOnnxNative.SherpaOnnxOfflineTtsGenerateWithConfig(
                        _handle.DangerousGetHandle(), textPtr, &config, &OnProgress, (void*)GCHandle.ToIntPtr(gc));
                }

                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (audio is null || audio->n <= 0 || audio->samples is null)
                    {
                        return new VitsAudio([], SampleRate);
                    }

                    return new VitsAudio(new ReadOnlySpan<float>(audio->samples, audio->n).ToArray(), audio->sample_rate);
                }
                finally
                {
                    if (audio is not null)
                    {
                        SherpaOnnxNative.SherpaOnnxDestroyOfflineTtsGeneratedAudio(audio);
                    }
                }
            }
        }
        finally
        {
            gc.Free();
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

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text + "\0");

    /// <summary>sherpa-onnx's progress callback: 0 stops generation. No exception may cross back into native code.</summary>
    [UnmanagedCallersOnly]
    private static int OnProgress(float* samples, int n, float progress, void* arg)
    {
        try
        {
            return GCHandle.FromIntPtr((nint)arg).Target is CancelSignal { Token.IsCancellationRequested: true } ? 0 : 1;
        }
        catch
        {
            return 0;
        }
    }

    private sealed record CancelSignal(CancellationToken Token);
}
