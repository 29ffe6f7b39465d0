using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Libc;

/// <summary>Owns one POSIX file descriptor (closed with <c>close</c>). Readers <c>DangerousAddRef</c> it while in <c>poll</c>/<c>read</c>.</summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    public SafeFileDescriptor()
        : base(-1, ownsHandle: true)
    {
    }

    internal SafeFileDescriptor(int fd)
        : this() => SetHandle(fd);

    public override bool IsInvalid => handle < 0;

    /// <summary>The descriptor number; only valid while a reference is held.</summary>
    internal int Fd => (int)handle;

    protected override bool ReleaseHandle() => LibcNative.close((int)handle) == 0;
}
