using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.Libc;

/// <summary>
/// A pty pair made with <c>openpty</c>, in raw mode: the master side as a <see cref="Stream"/> (<see cref="Master"/>) and the
/// slave's device path (<see cref="SlavePath"/>, e.g. <c>/dev/pts/3</c>) for another component to open as a serial port.
/// The pair keeps its own slave descriptor open so the master never sees a hang-up while the slave's user reopens it.
/// </summary>
public sealed unsafe class PseudoTerminal : IDisposable
{
    private readonly SafeFileDescriptor _slave;

    private PseudoTerminal(SerialPortStream master, SafeFileDescriptor slave, string slavePath)
    {
        Master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    /// <summary>The master side: what is written here is read from <see cref="SlavePath"/> and the other way round.</summary>
    public SerialPortStream Master { get; }

    /// <summary>The slave device, e.g. <c>/dev/pts/3</c>.</summary>
    public string SlavePath { get; }

    /// <summary>Creates a raw-mode pty pair.</summary>
    /// <exception cref="SerialPortException"><c>openpty</c> failed (no <c>/dev/ptmx</c>, out of ptys).</exception>
    public static PseudoTerminal Open()
    {
        termios t = default;
        SerialPortStream.ConfigureRaw(&t, LibcNative.SpeedConstant(115200)!.Value, hardwareFlowControl: false, "/dev/ptmx");
        int master, slave;
        SerialPortException.ThrowIfError(LibcNative.openpty(&master, &slave, null, &t, null), "openpty", "/dev/ptmx");
        var masterFd = new SafeFileDescriptor(master);
        var slaveFd = new SafeFileDescriptor(slave);
        try
        {
            _ = LibcNative.ioctl(slave, LibcNative.FIOCLEX, 0);
            var name = stackalloc byte[128];
            SerialPortException.ThrowIfError(LibcNative.ptsname_r(master, name, 128) == 0 ? 0 : -1, "ptsname_r", "/dev/ptmx");
            var slavePath = Marshal.PtrToStringUTF8((nint)name) ?? throw new SerialPortException("ptsname_r returned no name");
            return new PseudoTerminal(SerialPortStream.FromDescriptor(masterFd, "pty master of " + slavePath), slaveFd, slavePath);
        }
        catch
        {
            masterFd.Dispose();
            slaveFd.Dispose();
            throw;
        }
    }

    public override string ToString() => new StringBuilder("pty ").Append(SlavePath).ToString();

    public void Dispose()
    {
        Master.Dispose();
        _slave.Dispose();
    }
}
