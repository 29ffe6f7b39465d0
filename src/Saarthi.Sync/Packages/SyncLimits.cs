namespace Saarthi.Sync.Packages;

/// <summary>Size limits a kiosk enforces before it spends disk or memory on a package.</summary>
public sealed record SyncLimits
{
    public const long DefaultMaxPackageBytes = 32L * 1024 * 1024;

    /// <summary>The largest package accepted (as transferred, compressed): 32 MiB by default.</summary>
    public long MaxPackageBytes { get; init; } = DefaultMaxPackageBytes;

    /// <summary>The largest unpacked snapshot JSON accepted: 64 MiB by default (a 5,000-scheme snapshot is ~40 MB).</summary>
    public long MaxContentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most chunks one package may be split into.</summary>
    public int MaxChunks { get; init; } = 65536;

    public static SyncLimits Default { get; } = new();
}
