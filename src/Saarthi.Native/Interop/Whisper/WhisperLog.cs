using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>Severity of a whisper/ggml log line.</summary>
public enum WhisperLogLevel
{
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
}

/// <summary>
/// whisper.cpp prints to stderr unless told otherwise. Once any whisper model is loaded, its log (and ggml's: 
/// <c>whisper_log_set</c> also calls <c>ggml_log_set</c>) goes to <see cref="SetSink"/>'s handler, or nowhere.
/// Warnings and errors printed while a wrapper call runs on the calling thread are also captured and put into the
/// <see cref="WhisperException"/> that call throws, so a failed load says why in whisper's own words.
/// </summary>
/// <remarks>
/// The callback is process-global and arrives on whichever thread logs (ggml worker threads too). It never throws
/// back into native code. Another library that calls <c>ggml_log_set</c> later (llama.cpp's <c>llama_log_set</c>) takes
/// ggml's lines over; whisper's own lines stay here.
/// </remarks>
public static unsafe class WhisperLog
{
    private static readonly Lock Gate = new();
    private static volatile Action<WhisperLogLevel, string>? sink;
    private static bool installed;

    [ThreadStatic]
    private static LogCapture? capture;

    [ThreadStatic]
    private static int lastLevel;

    /// <summary>
    /// Sends every whisper/ggml log line (without its trailing newline) to <paramref name="handler"/>, which must be
    /// thread-safe and quick; <see langword="null"/> (the default) drops them. Lines for which the handler throws are lost.
    /// </summary>
    public static void SetSink(Action<WhisperLogLevel, string>? handler) => sink = handler;

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

            // GGML_LOG_LEVEL_CONT continues the previous line at its level.
            var effective = level == WhisperNative.GGML_LOG_LEVEL_CONT ? lastLevel : level;
            lastLevel = effective;
            var line = Marshal.PtrToStringUTF8((nint)text)?.TrimEnd('\n', '\r');
            if (string.IsNullOrEmpty(line))
            {
                return;
            }

            var mapped = effective switch
            {
                WhisperNative.GGML_LOG_LEVEL_ERROR => WhisperLogLevel.Error,
                WhisperNative.GGML_LOG_LEVEL_WARN => WhisperLogLevel.Warning,
                WhisperNative.GGML_LOG_LEVEL_INFO => WhisperLogLevel.Info,
                _ => WhisperLogLevel.Debug,
            };
            if (mapped >= WhisperLogLevel.Warning)
            {
                capture?.Add(mapped, line);
            }

            sink?.Invoke(mapped, line);
        }
        catch (Exception)
        {
            // Never let an exception cross into native code; the line is lost.
        }
    }

    /// <summary>Warning and error lines logged on one thread during one wrapper call.</summary>
    internal sealed class LogCapture : IDisposable
    {
        private const int MaxLines = 20;
        private readonly LogCapture? outer;
        private readonly List<(WhisperLogLevel Level, string Line)> lines = [];

        internal LogCapture(LogCapture? outer) => this.outer = outer;

        public IReadOnlyList<(WhisperLogLevel Level, string Line)> Lines => lines;

        public void Add(WhisperLogLevel level, string line)
        {
            if (lines.Count < MaxLines)
            {
                lines.Add((level, line));
            }

            outer?.Add(level, line);
        }

        /// <summary>" (whisper said: …)" with the captured error lines (warnings when there are none), or "".</summary>
        public string Describe()
        {
            var chosen = lines.Where(l => l.Level == WhisperLogLevel.Error).Select(l => l.Line).ToList();
            if (chosen.Count == 0)
            {
                chosen = [.. lines.Select(l => l.Line)];
            }

            if (chosen.Count == 0)
            {
                return string.Empty;
            }

            var text = new StringBuilder(" (whisper said: ");
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
