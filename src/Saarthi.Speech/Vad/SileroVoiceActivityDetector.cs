using Saarthi.Native;
using Saarthi.Native.Interop.SherpaOnnx;
using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Vad;

/// <summary>
/// Silero VAD v5 (the neural detector) through sherpa-onnx's C API. Telephone frames are resampled to the 16 kHz the
/// model runs at (sherpa-onnx accepts nothing else) with <see cref="Resampler"/>; decisions come every 32 ms window,
/// so a 20 ms frame reports the latest one. sherpa-onnx's own hang-over and minimum speech are kept to about a window:
/// the <see cref="Endpointer"/> applies the appliance's. Cost: ~17 ms of CPU per second of audio on one x64 core.
/// </summary>
public sealed class SileroVoiceActivityDetector : IVoiceActivityDetector
{
    /// <summary>The model file setup lays out in <c>native/models/</c>.</summary>
    public const string ModelFileName = "silero_vad.onnx";

    // sherpa-onnx keeps every sample of an open segment: release them now and then during long speech.
    private static readonly TimeSpan ReleaseEvery = TimeSpan.FromSeconds(10);

    private readonly SileroVoiceActivityModel _model;
    private Resampler? _resampler;
    private long _speechSamples;

    /// <param name="sampleRate">Rate of the frames to be given (8000 for the telephone line, or 16000).</param>
    /// <param name="settings">Model path and thresholds; the path defaults to <see cref="NativePaths.FindModel"/>.</param>
    /// <exception cref="FileNotFoundException">No model file.</exception>
    /// <exception cref="SherpaOnnxException">sherpa-onnx refused the model or settings.</exception>
    /// <exception cref="NativeLibraryMissingException">libsherpa-onnx-c-api.so is not where setup puts it.</exception>
    public SileroVoiceActivityDetector(int sampleRate = 8000, SileroVadSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        settings ??= new SileroVadSettings
        {
            ModelPath = NativePaths.FindModel(ModelFileName)
                ?? throw new FileNotFoundException($"{ModelFileName} not found in native/models (run ./saarthi once: scripts/setup-native.sh puts it there).", ModelFileName),
        };
        SampleRate = sampleRate;
        _model = SileroVoiceActivityModel.Create(settings);
        _resampler = sampleRate == SileroVoiceActivityModel.SampleRate ? null : new Resampler(sampleRate, SileroVoiceActivityModel.SampleRate);
        Name = $"silero-v5 (sherpa-onnx {SileroVoiceActivityModel.LibraryVersion})";
    }

    public string Name { get; }

    public int SampleRate { get; }

    public string ModelPath => _model.Settings.ModelPath;

    public bool IsSpeech(AudioFrame frame)
    {
        EnergyVoiceActivityDetector.CheckFormat(frame, SampleRate);
        var input = frame.ToFloat();
        var wide = _resampler is null ? input : _resampler.Process(input);
        _model.AcceptWaveform(wide);
        var speech = _model.IsSpeechDetected;
        _model.ClearSegments();
        _speechSamples = speech ? _speechSamples + wide.Length : 0;
        if (_speechSamples > ReleaseEvery.TotalSeconds * SileroVoiceActivityModel.SampleRate)
        {
            _model.Flush();
            _model.ClearSegments();
            _speechSamples = 0;
        }

        return speech;
    }

    public void Reset()
    {
        _model.Reset();
        _resampler = SampleRate == SileroVoiceActivityModel.SampleRate ? null : new Resampler(SampleRate, SileroVoiceActivityModel.SampleRate);
        _speechSamples = 0;
    }

    public void Dispose() => _model.Dispose();
}
