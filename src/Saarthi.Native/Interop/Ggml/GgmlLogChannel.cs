using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.Ggml;

/// <summary>Severity of a ggml-family (llama.cpp, whisper.cpp) log line.</summary>
public enum GgmlLogLevel
{
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
}

/// <summary>
/// Where one ggml-based library's log lines go: a sink for people (or nowhere), and — while a wrapper call runs on a
/// thread — a capture of that thread's warnings and errors for the exception the call throws, so a refused model says
/// why in the library's own words. llama.cpp and whisper.cpp each install their own native callback (they share
/// ggml's) and hand every line to their channel.
/// </summary>
/// <remarks>Lines arrive on whichever thread logs (ggml workers too); nothing here may throw into native code.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One channel per library for the life of the process, like the native callback it serves.")]
internal sealed unsafe class GgmlLogChannel(string library)
{
    // ggml_log_level of ggml.h.
    private const int LevelInfo = 2;
    private const int LevelWarn = 3;
    private const int LevelError = 4;
    private const int LevelContinue = 5;

    private readonly ThreadLocal<GgmlLogCapture?> _capture = new();
    private readonly ThreadLocal<int> _lastLevel = new();
    private volatile Action<GgmlLogLevel, string>? _sink;

    /// <summary>The library's name as error messages quote it ("llama said: …").</summary>
    public string Library { get; } = library;

    /// <summary>The capture running on this thread, if any.</summary>
    public GgmlLogCapture? Current => _capture.Value;

    /// <summary>Sends lines (without trailing newline) to a thread-safe, quick <paramref name="handler"/>; null drops them.</summary>
    public void SetSink(Action<GgmlLogLevel, string>? handler) => _sink = handler;

    /// <summary>Starts capturing this thread's warning and error lines until the capture is disposed (captures nest).</summary>
    public GgmlLogCapture Capture()
    {
        var started = new GgmlLogCapture(this, _capture.Value);
        _capture.Value = started;
        return started;
    }

    /// <summary>Takes one native log line: maps its level (a continuation keeps the previous line's), captures it, sinks it.</summary>
    public void Deliver(int level, byte* text)
    {
        try
        {
            if (text is null)
            {
                return;
            }

            var effective = level == LevelContinue ? _lastLevel.Value : level;
            _lastLevel.Value = effective;
            var line = Marshal.PtrToStringUTF8((nint)text)?.TrimEnd('\n', '\r');
            if (string.IsNullOrEmpty(line))
            {
                return;
            }

            var mapped = effective switch
            {
                LevelError => GgmlLogLevel.Error,
                LevelWarn => GgmlLogLevel.Warning,
                LevelInfo => GgmlLogLevel.Info,
                _ => GgmlLogLevel.Debug,
            };
            if (mapped >= GgmlLogLevel.Warning)
            {
                _capture.Value?.Add(mapped, line);
            }

            _sink?.Invoke(mapped, line);
        }
        catch (Exception)
        {
            // Never let an exception cross into native code; the line is lost.
        }
    }

    internal void Restore(GgmlLogCapture ended, GgmlLogCapture? outer)
    {
        if (_capture.Value == ended)
        {
            _capture.Value = outer;
        }
    }
}

/// <summary>Warning and error lines logged on one thread during one wrapper call.</summary>
internal sealed class GgmlLogCapture : IDisposable
{
    private const int MaxLines = 20;
    private readonly GgmlLogChannel _channel;
    private readonly GgmlLogCapture? _outer;
    private readonly List<(GgmlLogLevel Level, string Line)> _lines = [];

    internal GgmlLogCapture(GgmlLogChannel channel, GgmlLogCapture? outer)
    {
        _channel = channel;
        _outer = outer;
    }

    public IReadOnlyList<(GgmlLogLevel Level, string Line)> Lines => _lines;

    public void Add(GgmlLogLevel level, string line)
    {
        if (_lines.Count < MaxLines)
        {
            _lines.Add((level, line));
        }

        _outer?.Add(level, line);
    }

    /// <summary>" (llama said: …)" with the captured error lines (warnings when there are none), or "".</summary>
    public string Describe()
    {
        var chosen = _lines.Where(l => l.Level == GgmlLogLevel.Error).Select(l => l.Line).ToList();
        if (chosen.Count == 0)
        {
            chosen = [.. _lines.Select(l => l.Line)];
        }

        if (chosen.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder(" (").Append(_channel.Library).Append(" said: ");
        text.AppendJoin(" | ", chosen.Select(l => l.Trim()));
        return text.Append(')').ToString();
    }

    public void Dispose() => _channel.Restore(this, _outer);
}
