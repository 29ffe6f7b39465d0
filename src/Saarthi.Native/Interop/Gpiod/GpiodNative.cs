using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Gpiod;

/// <summary>
/// Raw imports from Debian's <c>libgpiod.so.2</c> (libgpiod 1.6.3, the v1 API: chips, lines, line requests, events).
/// C names on purpose. Functions report failure by -1 or NULL with <c>errno</c> set.
/// Lines belong to their chip (<c>gpiod_chip_close</c> frees them); only a request is released on its own.
/// </summary>
internal static unsafe partial class GpiodNative
{
    // request flags (GPIOD_LINE_REQUEST_FLAG_*)
    internal const int GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW = 1 << 2;
    internal const int GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN = 1 << 4;
    internal const int GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP = 1 << 5;

    // event types
    internal const int GPIOD_LINE_EVENT_RISING_EDGE = 1;
    internal const int GPIOD_LINE_EVENT_FALLING_EDGE = 2;

    /// <summary><c>struct timespec</c> on LP64 Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary><c>struct gpiod_line_event { struct timespec ts; int event_type; }</c> (24 bytes with padding).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LineEvent
    {
        public Timespec Timestamp;
        public int EventType;
    }

    [LibraryImport(NativeLibraryNames.Gpiod)]
    internal static partial byte* gpiod_version_string();

    /// <summary>Opens a chip by name ("gpiochip0"), path, label or number; NULL with errno on failure.</summary>
    [LibraryImport(NativeLibraryNames.Gpiod, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeGpioChipHandle gpiod_chip_open_lookup(string description);

    [LibraryImport(NativeLibraryNames.Gpiod)]
    internal static partial void gpiod_chip_close(nint chip);

    [LibraryImport(NativeLibraryNames.Gpiod)]
    internal static partial byte* gpiod_chip_name(SafeGpioChipHandle chip);

    [LibraryImport(NativeLibraryNames.Gpiod)]
    internal static partial byte* gpiod_chip_label(SafeGpioChipHandle chip);

    [LibraryImport(NativeLibraryNames.Gpiod)]
    internal static partial uint gpiod_chip_num_lines(SafeGpioChipHandle chip);

    /// <summary><c>struct gpiod_line *gpiod_chip_get_line(chip, offset)</c>; NULL with errno (EINVAL: no such offset).</summary>
    [LibraryImport(NativeLibraryNames.Gpiod, SetLastError = true)]
    internal static partial nint gpiod_chip_get_line(SafeGpioChipHandle chip, uint offset);

    [LibraryImport(NativeLibraryNames.Gpiod, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int gpiod_line_request_both_edges_events_flags(nint line, string consumer, int flags);

    [LibraryImport(NativeLibraryNames.Gpiod)]
    internal static partial void gpiod_line_release(nint line);

    [LibraryImport(NativeLibraryNames.Gpiod, SetLastError = true)]
    internal static partial int gpiod_line_get_value(SafeGpioLineRequestHandle line);

    /// <summary>0: timed out, 1: an event is pending, -1: error.</summary>
    [LibraryImport(NativeLibraryNames.Gpiod, SetLastError = true)]
    internal static partial int gpiod_line_event_wait(SafeGpioLineRequestHandle line, Timespec* timeout);

    [LibraryImport(NativeLibraryNames.Gpiod, SetLastError = true)]
    internal static partial int gpiod_line_event_read(SafeGpioLineRequestHandle line, LineEvent* lineEvent);
}
