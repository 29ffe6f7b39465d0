using System.Runtime.InteropServices;
using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Llama;

/// <summary>
/// llama.cpp prints to stderr unless told otherwise. Once any llama model is loaded, its log goes to
/// <see cref="SetSink"/>'s handler (or nowhere), and warning/error lines logged on the calling thread while a wrapper
/// call runs are captured into the exception that call throws, so a refused model says why in llama's own words.
/// </summary>
/// <remarks>
/// ggml has one process-global log callback, shared by everything linked against libggml-base: <c>llama_log_set</c>
/// sets it as well as llama's own, and so does <c>whisper_log_set</c>. This class does not fight over it: when it
/// installs itself it remembers the ggml callback in place (whisper's, when a whisper model was loaded first) and
/// routes each line to exactly one place — lines logged on a thread inside a llama wrapper call stay here, every other
/// line goes on to the remembered callback (or to this sink when there was none). If whisper installs itself after
/// llama, ggml's lines go to whisper's handler and llama's own lines still come here.
/// </remarks>
public static unsafe class LlamaLog
{
    private static readonly Lock Gate = new();
    private static readonly GgmlLogChannel Channel = new("llama");
    private static bool installed;
    private static nint previousCallback;
    private static nint previousUserData;

    /// <summary>
    /// Sends llama's log lines (without the trailing newline) to <paramref name="handler"/>, which must be thread-safe and
    /// quick; <see langword="null"/> (the default) drops them.
    /// </summary>
    public static void SetSink(Action<GgmlLogLevel, string>? handler) => Channel.SetSink(handler);

    /// <summary>Whether ggml lines logged outside llama calls are passed on to a handler installed before this one.</summary>
    public static bool ForwardsToPreviousHandler => previousCallback != IntPtr.Zero;

    /// <summary>Installs the log callback (once per process). Loads libllama.</summary>
    internal static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (installed)
            {
                return;
            }

            // Who has ggml's log now, and what is ggml's own default (to tell "nobody" from "whisper")?
            nint current;
            void* currentData;
            LlamaNative.ggml_log_get(&current, &currentData);
            LlamaNative.ggml_log_set(IntPtr.Zero, null);
            nint fallback;
            void* fallbackData;
            LlamaNative.ggml_log_get(&fallback, &fallbackData);
            if (current != fallback && current != IntPtr.Zero)
            {
                previousCallback = current;
                previousUserData = (nint)currentData;
            }

            LlamaNative.llama_log_set(&OnLog, null);
            installed = true;
        }
    }

    /// <summary>Starts capturing the warnings and errors logged on this thread until the capture is disposed.</summary>
    internal static GgmlLogCapture Capture() => Channel.Capture();

    [UnmanagedCallersOnly]
    private static void OnLog(int level, byte* text, void* userData)
    {
        var forward = previousCallback;
        if (forward != IntPtr.Zero && Channel.Current is null && text is not null)
        {
            // Not ours: where it went before llama took ggml's log over.
            ((delegate* unmanaged<int, byte*, void*, void>)forward)(level, text, (void*)previousUserData);
            return;
        }

        Channel.Deliver(level, text);
    }
}
