using System.Runtime.InteropServices;

namespace Saarthi.Native;

/// <summary>The state of one native library, for <c>doctor</c>.</summary>
/// <param name="Library">The library checked.</param>
/// <param name="Ok">Loaded and its canary symbol is exported.</param>
/// <param name="Detail">Where it was loaded from, or every path tried and what installs it.</param>
public sealed record NativeLibraryStatus(NativeLibraryInfo Library, bool Ok, string Detail);

/// <summary>Canary checks: load a native library and look up one known export, without throwing.</summary>
public static class NativeHealth
{
    /// <summary>
    /// Loads the library named <paramref name="logicalName"/> and checks its canary export.
    /// <paramref name="detail"/> says where it came from, or (on failure) every path tried and what installs it.
    /// </summary>
    public static bool TryLoad(string logicalName, out string detail)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        var library = NativeLibraryCatalog.Find(logicalName);
        if (library is null)
        {
            detail = $"unknown native library '{logicalName}' (known: {string.Join(", ", NativeLibraryCatalog.All.Select(l => l.LogicalName))})";
            return false;
        }

        return TryLoad(library, out detail);
    }

    /// <summary>Checks every library in <see cref="NativeLibraryCatalog.All"/>.</summary>
    public static IReadOnlyList<NativeLibraryStatus> CheckAll() =>
        [.. NativeLibraryCatalog.All.Select(l => new NativeLibraryStatus(l, TryLoad(l, out var detail), detail))];

    private static bool TryLoad(NativeLibraryInfo library, out string detail)
    {
        if (!NativeLibraryResolver.TryLoad(library, out var handle, out var path, out var attempts))
        {
            detail = new NativeLibraryMissingException(library, attempts).Message;
            return false;
        }

        if (!NativeLibrary.TryGetExport(handle, library.CanarySymbol, out _))
        {
            detail = $"{path} loaded but does not export {library.CanarySymbol} (wrong version?); {library.InstallHint}";
            return false;
        }

        detail = $"{path} ({library.CanarySymbol} ok)";
        return true;
    }
}
