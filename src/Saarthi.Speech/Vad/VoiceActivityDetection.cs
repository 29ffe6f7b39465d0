using Saarthi.Native;
using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Speech.Vad;

/// <summary>Picks the voice activity detector this box can run.</summary>
public static class VoiceActivityDetection
{
    /// <summary>
    /// Silero (sherpa-onnx + <c>silero_vad.onnx</c>) when the library and the model load, else the energy detector.
    /// Says which, and why, through <paramref name="log"/>.
    /// </summary>
    /// <param name="sampleRate">Rate of the frames the detector will get.</param>
    /// <param name="log">Receives one line naming the detector chosen (and why Silero was not, if it was not).</param>
    /// <param name="sileroModelPath">The model file; by default the one setup put in <c>native/models/</c>.</param>
    public static IVoiceActivityDetector CreateDefault(int sampleRate = 8000, Action<string>? log = null, string? sileroModelPath = null)
    {
        try
        {
            var settings = sileroModelPath is null ? null : new SileroVadSettings { ModelPath = sileroModelPath };
            var silero = new SileroVoiceActivityDetector(sampleRate, settings);
            log?.Invoke($"voice activity: {silero.Name}, model {silero.ModelPath}");
            return silero;
        }
        catch (Exception ex) when (ex is NativeLibraryMissingException or SherpaOnnxException or FileNotFoundException or DllNotFoundException or EntryPointNotFoundException)
        {
            log?.Invoke($"voice activity: energy (Silero unavailable: {FirstLine(ex.Message)})");
            return new EnergyVoiceActivityDetector(sampleRate);
        }
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].TrimEnd();
    }
}
