using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Saarthi.Native.Interop.Alsa;

/// <summary>
/// alsa-lib prints its own diagnostics ("Unknown PCM nosuch", "cannot find card '0'") to stderr. This handler keeps the
/// last one per thread instead, so the error funnel can add it to the exception (the log names the failure once, with
/// its context) and the console of a test run or of systemd stays clean.
/// </summary>
internal static unsafe partial class AlsaLibLog
{
    private static int _installed;

    [ThreadStatic]
    private static string? t_last;

    /// <summary>Installs the handler (once per process).</summary>
    internal static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            // It only stores the pointer and cannot fail.
            _ = AlsaNative.snd_lib_error_set_handler(&OnError);
        }
    }

    /// <summary>The last alsa-lib message on this thread since the previous call, if any.</summary>
    internal static string? TakeLast()
    {
        var last = t_last;
        t_last = null;
        return last;
    }

    /// <summary>Forgets a message left over from an earlier call on this thread.</summary>
    internal static void Clear() => t_last = null;

    // The C handler is variadic; the format's arguments cannot be read portably, so the conversions are dropped
    // ("Unknown PCM %s" → "Unknown PCM"): the caller's message already names the device.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(byte* file, int line, byte* function, int err, byte* fmt)
    {
        try
        {
            var text = Conversions().Replace(Marshal.PtrToStringUTF8((nint)fmt) ?? string.Empty, string.Empty).Trim();
            var where = Marshal.PtrToStringUTF8((nint)function);
            t_last = where is null ? text : $"{where}: {text}";
        }
        catch (Exception)
        {
            // Never let an exception cross back into alsa-lib.
        }
    }

    [GeneratedRegex(@"\s*'?%[-+ #0-9.*]*(?:hh|h|ll|l|z)?[sdiuxXcpfg]'?")]
    private static partial Regex Conversions();
}
