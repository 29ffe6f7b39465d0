using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Libc;

/// <summary>Raw imports for making renames durable: <c>open(dir, O_RDONLY|O_DIRECTORY)</c> + <c>fsync</c>. C names on purpose.</summary>
internal static partial class LibcNative
{
    internal const int O_RDONLY = 0x0;

    /// <summary><c>O_DIRECTORY</c> differs between architectures: 0200000 on x86_64, 040000 on arm and aarch64.</summary>
    internal static int O_DIRECTORY => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    [LibraryImport(NativeLibraryNames.Libc, SetLastError = true)]
    internal static partial int fsync(int fd);
}

/// <summary>
/// Durability for the snapshot swap: after <c>rename(2)</c> the new directory entry is only on disk once the
/// directory itself is fsynced. <see cref="SyncDirectory"/> is what <c>SnapshotStore</c> takes as its
/// <c>syncDirectory</c> hook.
/// </summary>
public static class FileSystemSync
{
    /// <summary>fsyncs the directory <paramref name="directory"/> so renames inside it survive a power loss.</summary>
    /// <exception cref="FileSystemSyncException">open or fsync failed (errno in <see cref="NativeCallException.NativeCode"/>).</exception>
    public static void SyncDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var fd = LibcNative.open(directory, LibcNative.O_RDONLY | LibcNative.O_DIRECTORY | LibcNative.O_CLOEXEC);
        FileSystemSyncException.ThrowIfError(fd, "open(O_DIRECTORY)", directory);
        using var handle = new SafeFileDescriptor(fd);
        FileSystemSyncException.ThrowIfError(LibcNative.fsync(fd), "fsync", directory);
    }

    /// <summary>fsyncs one regular file (its data and metadata).</summary>
    public static void SyncFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = LibcNative.open(path, LibcNative.O_RDONLY | LibcNative.O_CLOEXEC);
        FileSystemSyncException.ThrowIfError(fd, "open", path);
        using var handle = new SafeFileDescriptor(fd);
        FileSystemSyncException.ThrowIfError(LibcNative.fsync(fd), "fsync", path);
    }
}

/// <summary>Making a file or directory durable failed.</summary>
public sealed class FileSystemSyncException : NativeCallException
{
    public FileSystemSyncException()
    {
        Path = string.Empty;
    }

    public FileSystemSyncException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    public FileSystemSyncException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    public FileSystemSyncException(string operation, int errno, string path)
        : base(NativeLibraryNames.Libc, $"{operation} {path}", errno, Marshal.GetPInvokeErrorMessage(errno))
    {
        Path = path;
    }

    /// <summary>The file or directory concerned.</summary>
    public string Path { get; }

    /// <summary>The funnel: a negative return becomes an exception carrying errno.</summary>
    internal static void ThrowIfError(int rc, string operation, string path)
    {
        if (rc >= 0)
        {
            return;
        }

        throw new FileSystemSyncException(operation, Marshal.GetLastPInvokeError(), path);
    }
}
