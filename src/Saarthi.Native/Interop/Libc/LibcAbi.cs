using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Libc;

/// <summary>
/// The managed side of the libc ABI this binding assumes, for the ABI test that compiles a C program against the
/// system headers and compares (<c>sizeof(struct termios)</c>, field offsets and the constants used).
/// </summary>
public static class LibcAbi
{
    /// <summary><c>sizeof(struct termios)</c> as mirrored.</summary>
    public static int TermiosSize => Unsafe.SizeOf<termios>();

    /// <summary><c>offsetof(struct termios, c_cc)</c> as mirrored.</summary>
    public static int TermiosCcOffset => (int)Marshal.OffsetOf<termios>(nameof(termios.c_cc));

    /// <summary><c>offsetof(struct termios, c_ispeed)</c> as mirrored.</summary>
    public static int TermiosIspeedOffset => (int)Marshal.OffsetOf<termios>(nameof(termios.c_ispeed));

    /// <summary><c>sizeof(struct pollfd)</c> as mirrored.</summary>
    public static int PollFdSize => Unsafe.SizeOf<pollfd>();

    /// <summary>Every integer constant this binding passes to libc, by its C name.</summary>
    public static IReadOnlyDictionary<string, long> Constants { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["O_RDONLY"] = LibcNative.O_RDONLY,
        ["O_RDWR"] = LibcNative.O_RDWR,
        ["O_DIRECTORY"] = LibcNative.O_DIRECTORY,
        ["O_NOCTTY"] = LibcNative.O_NOCTTY,
        ["O_NONBLOCK"] = LibcNative.O_NONBLOCK,
        ["O_CLOEXEC"] = LibcNative.O_CLOEXEC,
        ["EINTR"] = LibcNative.EINTR,
        ["ENOENT"] = LibcNative.ENOENT,
        ["EIO"] = LibcNative.EIO,
        ["ENXIO"] = LibcNative.ENXIO,
        ["EAGAIN"] = LibcNative.EAGAIN,
        ["EACCES"] = LibcNative.EACCES,
        ["EBUSY"] = LibcNative.EBUSY,
        ["ENODEV"] = LibcNative.ENODEV,
        ["ENOTTY"] = LibcNative.ENOTTY,
        ["EPERM"] = LibcNative.EPERM,
        ["POLLIN"] = LibcNative.POLLIN,
        ["POLLOUT"] = LibcNative.POLLOUT,
        ["POLLERR"] = LibcNative.POLLERR,
        ["POLLHUP"] = LibcNative.POLLHUP,
        ["POLLNVAL"] = LibcNative.POLLNVAL,
        ["LOCK_EX"] = LibcNative.LOCK_EX,
        ["LOCK_NB"] = LibcNative.LOCK_NB,
        ["TCSANOW"] = LibcNative.TCSANOW,
        ["TCIOFLUSH"] = LibcNative.TCIOFLUSH,
        ["CREAD"] = LibcNative.CREAD,
        ["CLOCAL"] = LibcNative.CLOCAL,
        ["CRTSCTS"] = LibcNative.CRTSCTS,
        ["VTIME"] = LibcNative.VTIME,
        ["VMIN"] = LibcNative.VMIN,
        ["NCCS"] = LibcNative.NCCS,
        ["TIOCEXCL"] = (long)LibcNative.TIOCEXCL,
        ["TIOCNXCL"] = (long)LibcNative.TIOCNXCL,
        ["FIONBIO"] = (long)LibcNative.FIONBIO,
        ["FIOCLEX"] = (long)LibcNative.FIOCLEX,
        ["EFD_CLOEXEC"] = LibcNative.EFD_CLOEXEC,
        ["EFD_NONBLOCK"] = LibcNative.EFD_NONBLOCK,
        ["B9600"] = LibcNative.SpeedConstant(9600)!.Value,
        ["B57600"] = LibcNative.SpeedConstant(57600)!.Value,
        ["B115200"] = LibcNative.SpeedConstant(115200)!.Value,
        ["B460800"] = LibcNative.SpeedConstant(460800)!.Value,
        ["B921600"] = LibcNative.SpeedConstant(921600)!.Value,
        ["B4000000"] = LibcNative.SpeedConstant(4000000)!.Value,
    };
}
