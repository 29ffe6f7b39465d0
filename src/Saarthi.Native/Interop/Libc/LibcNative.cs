using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Libc;

/// <summary>
/// Raw imports from glibc (<c>libc.so.6</c>, glibc ≥ 2.34 so <c>openpty</c> is in libc itself). C names on purpose.
/// Constants and layouts are the Linux generic ABI, identical on x86_64 and aarch64; the ABI test compiles a C
/// program against the system headers and compares (see <see cref="LibcAbi"/>).
/// </summary>
internal static unsafe partial class LibcNative
{
    // fcntl.h
    internal const int O_RDWR = 0x2;
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    // errno.h
    internal const int EINTR = 4;
    internal const int ENOENT = 2;
    internal const int EIO = 5;
    internal const int ENXIO = 6;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int ENODEV = 19;
    internal const int ENOTTY = 25;
    internal const int EPERM = 1;

    // poll.h
    internal const short POLLIN = 0x1;
    internal const short POLLOUT = 0x4;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    // sys/file.h
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;

    // termios.h
    internal const int TCSANOW = 0;
    internal const int TCIOFLUSH = 2;
    internal const uint CREAD = 0x80;
    internal const uint CLOCAL = 0x800;
    internal const uint CRTSCTS = 0x80000000;
    internal const int VTIME = 5;
    internal const int VMIN = 6;
    internal const int NCCS = 32;

    // asm-generic/ioctls.h
    internal const nuint TIOCEXCL = 0x540C;
    internal const nuint TIOCNXCL = 0x540D;
    internal const nuint FIONBIO = 0x5421;
    internal const nuint FIOCLEX = 0x5451;

    // sys/eventfd.h
    internal const int EFD_CLOEXEC = O_CLOEXEC;
    internal const int EFD_NONBLOCK = O_NONBLOCK;

    [LibraryImport(NativeLibraryNames.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int poll(pollfd* fds, nuint nfds, int timeout);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int flock(int fd, int operation);

    /// <summary>The three-argument form of the variadic <c>ioctl</c> (integer/pointer argument; fine on x86_64 and aarch64 Linux).</summary>
    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int ioctl(int fd, nuint request, nint argument);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int tcgetattr(int fd, termios* termios_p);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int tcsetattr(int fd, int optional_actions, termios* termios_p);

    [LibraryImport(NativeLibraryNames.Libc)]
    internal static partial void cfmakeraw(termios* termios_p);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int cfsetspeed(termios* termios_p, uint speed);

    [LibraryImport(NativeLibraryNames.Libc)]
    internal static partial uint cfgetospeed(termios* termios_p);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int tcflush(int fd, int queue_selector);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int eventfd(uint initval, int flags);

    /// <summary><c>openpty(&amp;master, &amp;slave, NULL, termp, NULL)</c>: the name buffer is never passed (it has no length).</summary>
    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int openpty(int* amaster, int* aslave, byte* name, termios* termp, void* winp);

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int ptsname_r(int fd, byte* buf, nuint buflen);

    /// <summary>Baud rate → glibc <c>speed_t</c> constant (<c>B115200</c> …); <see langword="null"/> when the rate has none.</summary>
    internal static uint? SpeedConstant(int baudRate) => baudRate switch
    {
        1200 => 0x9, // B1200 (0000011)
        2400 => 0xB,
        4800 => 0xC,
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        500000 => 0x1005,
        576000 => 0x1006,
        921600 => 0x1007,
        1000000 => 0x1008,
        1152000 => 0x1009,
        1500000 => 0x100A,
        2000000 => 0x100B,
        2500000 => 0x100C,
        3000000 => 0x100D,
        3500000 => 0x100E,
        4000000 => 0x100F,
        _ => null,
    };
}

#pragma warning disable CS8981 // C names on purpose (as in the headers)

/// <summary>glibc's user-space <c>struct termios</c> (60 bytes on x86_64 and aarch64; not the kernel's).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct termios
{
    public uint c_iflag;
    public uint c_oflag;
    public uint c_cflag;
    public uint c_lflag;
    public byte c_line;
    public fixed byte c_cc[LibcNative.NCCS];
    public uint c_ispeed;
    public uint c_ospeed;
}

/// <summary><c>struct pollfd</c> (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct pollfd
{
    public int fd;
    public short events;
    public short revents;
}
#pragma warning restore CS8981
