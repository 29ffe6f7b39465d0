using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Gpiod;

/// <summary>An edge seen on a line: its logical level afterwards (active-low already applied) and the kernel's timestamp.</summary>
/// <param name="Active">The line's logical level after the edge.</param>
/// <param name="Timestamp">When the kernel saw it (CLOCK_MONOTONIC on current kernels), as time since boot.</param>
public readonly record struct GpioEdgeEvent(bool Active, TimeSpan Timestamp);

/// <summary>One GPIO chip opened through libgpiod 1.6 (v1 API).</summary>
public sealed class GpioChip : IDisposable
{
    private readonly SafeGpioChipHandle _chip;

    private GpioChip(SafeGpioChipHandle chip, string description)
    {
        _chip = chip;
        Description = description;
    }

    /// <summary>What it was opened by ("gpiochip0", a path, a label or a number).</summary>
    public string Description { get; }

    /// <summary>The kernel's name for it ("gpiochip0").</summary>
    public unsafe string Name => Marshal.PtrToStringUTF8((nint)GpiodNative.gpiod_chip_name(_chip)) ?? Description;

    /// <summary>The driver's label ("pinctrl-rp1").</summary>
    public unsafe string Label => Marshal.PtrToStringUTF8((nint)GpiodNative.gpiod_chip_label(_chip)) ?? string.Empty;

    public int LineCount => (int)GpiodNative.gpiod_chip_num_lines(_chip);

    /// <summary>The libgpiod version ("1.6.3").</summary>
    public static unsafe string LibraryVersion => Marshal.PtrToStringUTF8((nint)GpiodNative.gpiod_version_string()) ?? "unknown";

    /// <summary>Opens a chip by name, path, label or number.</summary>
    /// <exception cref="GpiodException">No such chip, or no access to it; the message names it.</exception>
    public static GpioChip Open(string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        var chip = GpiodNative.gpiod_chip_open_lookup(description);
        if (chip.IsInvalid)
        {
            var error = GpiodException.FromErrno($"open GPIO chip '{description}'");
            chip.Dispose();
            throw error;
        }

        return new GpioChip(chip, description);
    }

    /// <summary>Requests <paramref name="offset"/> as an input reporting both edges, under the consumer name <paramref name="consumer"/>.</summary>
    /// <exception cref="GpiodException">No such line, or it is held by another program.</exception>
    public GpioEdgeLine RequestEdges(int offset, string consumer, bool activeLow = false, bool pullUp = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        var what = $"line {offset} of GPIO chip '{Description}'";
        var line = GpiodNative.gpiod_chip_get_line(_chip, (uint)offset);
        if (line == 0)
        {
            throw GpiodException.FromErrno("get " + what);
        }

        var flags = (activeLow ? GpiodNative.GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0) | (pullUp ? GpiodNative.GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP : 0);
        GpiodException.ThrowIfError(GpiodNative.gpiod_line_request_both_edges_events_flags(line, consumer, flags), "request edge events on " + what);
        return new GpioEdgeLine(new SafeGpioLineRequestHandle(_chip, line), offset, what);
    }

    public void Dispose() => _chip.Dispose();
}

/// <summary>A line requested for edge events: read its level, wait for its edges. Keeps its chip open while it lives.</summary>
public sealed class GpioEdgeLine : IDisposable
{
    private readonly SafeGpioLineRequestHandle _line;
    private readonly string _what;

    internal GpioEdgeLine(SafeGpioLineRequestHandle line, int offset, string what)
    {
        _line = line;
        Offset = offset;
        _what = what;
    }

    public int Offset { get; }

    /// <summary>The logical level now.</summary>
    public bool Read()
    {
        var value = GpiodNative.gpiod_line_get_value(_line);
        GpiodException.ThrowIfError(value, "read " + _what);
        return value == 1;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for an edge; null when none came.</summary>
    public unsafe GpioEdgeEvent? WaitForEdge(TimeSpan timeout)
    {
        var ts = new GpiodNative.Timespec { Seconds = (long)timeout.TotalSeconds, Nanoseconds = (timeout.Ticks % TimeSpan.TicksPerSecond) * 100 };
        var rc = GpiodNative.gpiod_line_event_wait(_line, &ts);
        GpiodException.ThrowIfError(rc, "wait for an edge on " + _what);
        if (rc == 0)
        {
            return null;
        }

        GpiodNative.LineEvent e;
        GpiodException.ThrowIfError(GpiodNative.gpiod_line_event_read(_line, &e), "read an edge of " + _what);
        var at = TimeSpan.FromTicks((e.Timestamp.Seconds * TimeSpan.TicksPerSecond) + (e.Timestamp.Nanoseconds / 100));
        return new GpioEdgeEvent(e.EventType == GpiodNative.GPIOD_LINE_EVENT_RISING_EDGE, at);
    }

    public void Dispose() => _line.Dispose();
}
