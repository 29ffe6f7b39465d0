using System.Runtime.InteropServices;
using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>
/// whisper.cpp prints to stderr unless told otherwise. Once any whisper model is loaded, its log (and ggml's:
/// <c>whisper_log_set</c> also calls <c>ggml_log_set</c>) goes to <see cref="SetSink"/>'s handler, or nowhere.
/// Warnings and errors printed while a wrapper call runs on the calling thread are also captured and put into the
/// <see cref="WhisperException"/> that call throws, so a failed load says why in whisper's own words.
/// </summary>
/// <remarks>
/// Another library that calls <c>ggml_log_set</c> later (llama.cpp's <c>llama_log_set</c>) takes ggml's lines over and
/// passes the ones logged outside its own calls back here; whisper's own lines stay here.
/// </remarks>
public static unsafe class WhisperLog
{
    private static readonly Lock Gate = new();
    private static readonly GgmlLogChannel Channel = new("whisper");
    private static bool installed;

    /// <summary>
    /// Sends every whisper/ggml log line (without its trailing newline) to <paramref name="handler"/>, which must be
    /// thread-safe and quick; <see langword="null"/> (the default) drops them. Lines for which the handler throws are lost.
    /// </summary>
    public static void SetSink(Action<GgmlLogLevel, string>? handler) => Channel.SetSink(handler);

    /// <summary>Installs the log callback (once per process). Loads libwhisper.</summary>
    internal static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (installed)
            {
                return;
            }

            WhisperNative.whisper_log_set(&OnLog, null);
            installed = true;
        }
    }

    /// <summary>Starts capturing warning and error lines logged on this thread until the capture is disposed.</summary>
    internal static GgmlLogCapture Capture() => Channel.Capture();

    [UnmanagedCallersOnly]
    private static void OnLog(int level, byte* text, void* userData) => Channel.Deliver(level, text);
}
