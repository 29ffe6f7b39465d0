using Saarthi.Native.Interop.Libc;

namespace Saarthi.Sync.Apply;

/// <summary>Small files that must never be seen half-written: write beside, fsync, rename, fsync the directory.</summary>
public static class DurableFiles
{
    /// <summary>The native directory fsync (libc <c>open(O_DIRECTORY)</c> + <c>fsync</c>), for <c>SnapshotStore</c>.</summary>
    public static void SyncDirectory(string directory) => FileSystemSync.SyncDirectory(directory);

    public static void WriteAtomically(string path, ReadOnlySpan<byte> data)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = full + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(data);
            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, full, overwrite: true);
        SyncDirectory(dir);
    }

    public static void WriteAtomically(string path, byte[] data) => WriteAtomically(path, data.AsSpan());
}
