using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Libc;

/// <summary>What went wrong with a serial device, for callers that react differently (retry later, tell the installer…).</summary>
public enum SerialPortError
{
    /// <summary>Any other failure (the errno is in <see cref="NativeCallException.NativeCode"/>).</summary>
    Other,

    /// <summary>The device node does not exist, or exists without a device behind it (ENOENT, ENXIO, ENODEV).</summary>
    NotFound,

    /// <summary>Another process holds the device (EBUSY, or its exclusive lock).</summary>
    Busy,

    /// <summary>No permission to open it (EACCES, EPERM): the user is not in the <c>dialout</c> group.</summary>
    PermissionDenied,

    /// <summary>The path is not a terminal device (ENOTTY).</summary>
    NotATerminal,

    /// <summary>The baud rate has no termios constant.</summary>
    UnsupportedBaudRate,

    /// <summary>Reading or writing failed after the device was open (EIO: unplugged, modem reset).</summary>
    Io,
}

/// <summary>A serial device could not be opened or used; the message names the device and what to do.</summary>
public sealed class SerialPortException : NativeCallException
{
    public SerialPortException()
    {
        DevicePath = string.Empty;
    }

    public SerialPortException(string message)
        : base(message)
    {
        DevicePath = string.Empty;
    }

    public SerialPortException(string message, Exception innerException)
        : base(message, innerException)
    {
        DevicePath = string.Empty;
    }

    public SerialPortException(string devicePath, SerialPortError error, string operation, int errno, string message)
        : base(NativeLibraryNames.Libc, operation, errno, message)
    {
        DevicePath = devicePath;
        Error = error;
    }

    /// <summary>The device that failed, e.g. <c>/dev/ttyUSB2</c>.</summary>
    public string DevicePath { get; }

    /// <summary>The kind of failure.</summary>
    public SerialPortError Error { get; }

    /// <summary>The libc error funnel for serial devices: <paramref name="rc"/> &lt; 0 becomes a <see cref="SerialPortException"/> built from errno.</summary>
    internal static void ThrowIfError(int rc, string operation, string devicePath)
    {
        if (rc >= 0)
        {
            return;
        }

        throw FromErrno(Marshal.GetLastPInvokeError(), operation, devicePath);
    }

    internal static SerialPortException FromErrno(int errno, string operation, string devicePath)
    {
        var (error, advice) = errno switch
        {
            LibcNative.ENOENT => (SerialPortError.NotFound,
                $"serial device {devicePath} does not exist (is the modem plugged in and its USB serial driver loaded? ls /dev/ttyUSB* /dev/ttyACM*)"),
            LibcNative.ENXIO or LibcNative.ENODEV => (SerialPortError.NotFound,
                $"serial device {devicePath} has no device behind it (unplugged, or the modem is re-enumerating after a reset)"),
            LibcNative.EBUSY or LibcNative.EAGAIN => (SerialPortError.Busy,
                $"serial device {devicePath} is in use by another process (another saarthi, minicom, or ModemManager: systemctl disable --now ModemManager)"),
            LibcNative.EACCES or LibcNative.EPERM => (SerialPortError.PermissionDenied,
                $"no permission to open serial device {devicePath} (add the user to the dialout group: usermod -aG dialout $USER)"),
            LibcNative.ENOTTY => (SerialPortError.NotATerminal,
                $"{devicePath} is not a serial (terminal) device"),
            LibcNative.EIO => (SerialPortError.Io,
                $"I/O error on serial device {devicePath} (unplugged, or the modem reset)"),
            _ => (SerialPortError.Other, $"serial device {devicePath}"),
        };
        return new SerialPortException(devicePath, error, operation, errno, $"{advice}: {ErrnoName(errno)} {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private static string ErrnoName(int errno) => errno switch
    {
        LibcNative.EPERM => "EPERM",
        LibcNative.ENOENT => "ENOENT",
        LibcNative.EINTR => "EINTR",
        LibcNative.EIO => "EIO",
        LibcNative.ENXIO => "ENXIO",
        LibcNative.EAGAIN => "EAGAIN",
        LibcNative.EACCES => "EACCES",
        LibcNative.EBUSY => "EBUSY",
        LibcNative.ENODEV => "ENODEV",
        LibcNative.ENOTTY => "ENOTTY",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
