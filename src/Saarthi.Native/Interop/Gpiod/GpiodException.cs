using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Gpiod;

/// <summary>A libgpiod call failed; <see cref="NativeCallException.NativeCode"/> is the <c>errno</c> it left.</summary>
public sealed class GpiodException : NativeCallException
{
    public GpiodException()
    {
    }

    public GpiodException(string message)
        : base(message)
    {
    }

    public GpiodException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GpiodException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.Gpiod, operation, nativeCode, message)
    {
    }

    /// <summary>The libgpiod error funnel: a -1 return becomes a <see cref="GpiodException"/> with the errno text and what it usually means.</summary>
    internal static void ThrowIfError(int rc, string operation)
    {
        if (rc < 0)
        {
            throw FromErrno(operation);
        }
    }

    /// <summary>The exception for the errno the last libgpiod call left (call right after it failed).</summary>
    internal static GpiodException FromErrno(string operation)
    {
        var errno = Marshal.GetLastPInvokeError();
        var hint = errno switch
        {
            2 => " (no such GPIO chip: `ls /dev/gpiochip*` lists them; check gpio_chip in appliance.json)",
            13 => " (permission denied: the service user needs access to /dev/gpiochip*, e.g. the gpio group)",
            16 => " (the line is held by another program: `gpioinfo` shows its consumer)",
            22 => " (no such line on this chip, or the chip refuses the request)",
            _ => string.Empty,
        };
        return new GpiodException(operation, errno, Marshal.GetPInvokeErrorMessage(errno) + hint);
    }
}
