using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.Llama;

/// <summary>Severity of a llama/ggml log line.</summary>
public enum LlamaLogLevel
{
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
}

/// <summary>
/// llama.cpp prints to stderr unless told otherwise. Once any llama model is loaded, its log goes to
/// <see cref="SetSink"/>'s handler (or nowhere), and warning/error lines logged on the calling thread while a wrapper
/// call runs are captured into the exception that call throws, so a refused model says why in llama's own words.
/// </summary>
/// <remarks>
/// <para>
/// ggml has one process-global log callback, shared by everything linked against libggml-base: <c>llama_log_set</c>
/// sets it as well as llama's own, and so does <c>whisper_log_set</c>. This class does not fight over it: when it
/// installs itself it remembers the ggml callback in place (whisper's, when a whisper model was loaded first) and
/// routes each line to exactly one place — lines logged on a thread inside a llama wrapper call stay here, every other
/// line goes on to the remembered callback (or to this sink when there was none). If whisper installs itself after
/// llama, ggml's lines go to whisper's handler and llama's own lines still come here.
/// </para>
/// <para>The callback arrives on whichever thread logs (ggml workers too) and never throws back into native code.</para>
/// </remarks>
public static unsafe class LlamaLog
{
    private static readonly Lock Gate = new();
    private static volatile Action<LlamaLogLevel, string>? sink;
    private static bool installed;
    private static nint previousCallback;
    private static nint previousUserData;

    [ThreadStatic]
    private static LogCapture? capture;

    [ThreadStatic]
    private static int lastLevel;

    /// <summary>
    /// Sends llama's log lines (without the trailing newline) to <paramref name="handler"/>, which must be thread-safe and
    /// quick; <see langword="null"/> (the default) drops them.
    /// </summary>
    public static void SetSink(Action<LlamaLogLevel, string>? handler) => sink = handler;

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

    /// <summary>Starts capturing the lines logged on this thread (warnings and errors kept) until the capture is disposed.</summary>
    internal static LogCapture Capture()
    {
        var started = new LogCapture(capture);
        capture = started;
        return started;
    }

    [UnmanagedCallersOnly]
    private static void OnLog(int level, byte* text, void* userData)
    {
        try
        {
            if (text is null)
            {
                return;
            }

            var active = capture;
            var forward = previousCallback;
            if (active is null && forward != IntPtr.Zero)
            {
                // Not ours: where it went before llama took ggml's log over.
                ((delegate* unmanaged<int, byte*, void*, void>)forward)(level, text, (void*)previousUserData);
                return;
            }

            // GGML_LOG_LEVEL_CONT continues the previous line at its level.
            var effective = level == LlamaNative.GGML_LOG_LEVEL_CONT ? lastLevel : level;
            lastLevel = effective;
            var line = Marshal.PtrToStringUTF8((nint)text)?.TrimEnd('\n', '\r');
            if (string.IsNullOrEmpty(line))
            {
                return;
            }

            var mapped = effective switch
            {
                LlamaNative.GGML_LOG_LEVEL_ERROR => LlamaLogLevel.Error,
                LlamaNative.GGML_LOG_LEVEL_WARN => LlamaLogLevel.Warning,
                LlamaNative.GGML_LOG_LEVEL_INFO => LlamaLogLevel.Info,
                _ => LlamaLogLevel.Debug,
            };
            active?.Add(mapped, line);
            sink?.Invoke(mapped, line);
        }
        catch (Exception)
        {
            // Never let an exception cross into native code; the line is lost.
        }
    }

    /// <summary>Lines logged on one thread during one wrapper call (warnings and errors are kept for error messages).</summary>
    internal sealed class LogCapture : IDisposable
    {
        private const int MaxLines = 20;
        private readonly LogCapture? outer;
        private readonly List<(LlamaLogLevel Level, string Line)> lines = [];

        internal LogCapture(LogCapture? outer) => this.outer = outer;

        public IReadOnlyList<(LlamaLogLevel Level, string Line)> Lines => lines;

        public void Add(LlamaLogLevel level, string line)
        {
            if (level >= LlamaLogLevel.Warning && lines.Count < MaxLines)
            {
                lines.Add((level, line));
            }

            outer?.Add(level, line);
        }

        /// <summary>" (llama said: …)" with the captured error lines (warnings when there are none), or "".</summary>
        public string Describe()
        {
            var chosen = lines.Where(l => l.Level == LlamaLogLevel.Error).Select(l => l.Line).ToList();
            if (chosen.Count == 0)
            {
                chosen = [.. lines.Select(l => l.Line)];
            }

            if (chosen.Count == 0)
            {
                return string.Empty;
            }

            var text = new StringBuilder(" (llama said: ");
            text.AppendJoin(" | ", chosen.Select(l => l.Trim()));
            return text.Append(')').ToString();
        }

        public void Dispose()
        {
            if (capture == this)
            {
                capture = outer;
            }
        }
    }
}
