using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Saarthi.Native;

/// <summary>
/// The one <see cref="NativeLibrary.SetDllImportResolver"/> of the solution: maps logical names
/// (<c>[LibraryImport("llama")]</c>) to the files under <c>native/&lt;rid&gt;/</c> or to Debian sonames, and turns
/// a failed load into a <see cref="NativeLibraryMissingException"/> naming every path tried.
/// Assemblies with native imports call <see cref="Register(Assembly)"/> once (module initializer or static constructor).
/// </summary>
public static class NativeLibraryResolver
{
    private static readonly ConcurrentDictionary<Assembly, byte> Registered = new();
    private static readonly ConcurrentDictionary<string, LoadedLibrary> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock LoadGate = new();

    /// <summary>Installs the resolver for <paramref name="assembly"/>. Calling it again for the same assembly does nothing.</summary>
    public static void Register(Assembly assembly) => Register(assembly, NativeLibraryCatalog.Find);

    internal static void Register(Assembly assembly, Func<string, NativeLibraryInfo?> lookup)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(lookup);
        if (!Registered.TryAdd(assembly, 0))
        {
            return;
        }

        // Unknown names return zero so the runtime's default probing handles them (libc and friends).
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => lookup(name) is { } library ? Load(library) : IntPtr.Zero);
    }

    /// <summary>Whether <see cref="Register(Assembly)"/> ran for <paramref name="assembly"/>.</summary>
    public static bool IsRegistered(Assembly assembly) => Registered.ContainsKey(assembly);

    /// <summary>Loads a library by logical name (e.g. <c>whisper</c>); throws <see cref="NativeLibraryMissingException"/> when it cannot.</summary>
    public static nint Load(string logicalName) => Load(Known(logicalName));

    /// <summary>Loads <paramref name="library"/> (once; later calls return the same handle).</summary>
    /// <exception cref="NativeLibraryMissingException">No candidate could be loaded.</exception>
    public static nint Load(NativeLibraryInfo library)
    {
        ArgumentNullException.ThrowIfNull(library);
        if (TryLoad(library, out var handle, out _, out var attempts))
        {
            return handle;
        }

        throw new NativeLibraryMissingException(library, attempts);
    }

    /// <summary>Tries to load <paramref name="library"/> from its candidates; never throws for a missing or broken file.</summary>
    public static bool TryLoad(NativeLibraryInfo library, out nint handle, out string path, out IReadOnlyList<NativeLoadAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(library);
        if (Loaded.TryGetValue(library.LogicalName, out var cached))
        {
            (handle, path, attempts) = (cached.Handle, cached.Path, []);
            return true;
        }

        lock (LoadGate)
        {
            if (Loaded.TryGetValue(library.LogicalName, out cached))
            {
                (handle, path, attempts) = (cached.Handle, cached.Path, []);
                return true;
            }

            if (!TryLoadFrom(CandidatesFor(library), out handle, out path, out attempts))
            {
                return false;
            }

            Loaded[library.LogicalName] = new LoadedLibrary(handle, path);
            return true;
        }
    }

    /// <summary>The file a logical library was loaded from, or <see langword="null"/> if it is not loaded yet.</summary>
    public static string? LoadedPath(string logicalName) =>
        Loaded.TryGetValue(logicalName, out var loaded) ? loaded.Path : null;

    /// <summary>The candidates tried for <paramref name="library"/>, in order (absolute paths, or a bare soname for the system loader).</summary>
    public static IReadOnlyList<string> CandidatesFor(NativeLibraryInfo library) =>
        CandidatesFor(library, NativePaths.CandidateDirectories(), NativePaths.MultiarchTriplet);

    internal static IReadOnlyList<string> CandidatesFor(NativeLibraryInfo library, IReadOnlyList<string> nativeDirectories, string multiarchTriplet)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(nativeDirectories);
        if (library.Source == NativeLibrarySource.Bundled)
        {
            // The bare name last: LD_LIBRARY_PATH still works as an escape hatch.
            return [.. nativeDirectories.Select(d => Path.Combine(d, library.FileName)), library.FileName];
        }

        return
        [
            library.FileName,
            $"/usr/lib/{multiarchTriplet}/{library.FileName}",
            $"/lib/{multiarchTriplet}/{library.FileName}",
            $"/usr/local/lib/{library.FileName}",
        ];
    }

    internal static bool TryLoadFrom(IEnumerable<string> candidates, out nint handle, out string path, out IReadOnlyList<NativeLoadAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var tried = new List<NativeLoadAttempt>();
        attempts = tried;
        foreach (var candidate in candidates)
        {
            var isPath = candidate.Contains('/', StringComparison.Ordinal);
            if (isPath && !File.Exists(candidate))
            {
                tried.Add(new NativeLoadAttempt(candidate, "not found"));
                continue;
            }

            try
            {
                handle = NativeLibrary.Load(candidate);
                path = isPath ? candidate : candidate + " (system loader search path)";
                return true;
            }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                tried.Add(new NativeLoadAttempt(isPath ? candidate : candidate + " (system loader search path)", LoaderMessage(ex)));
            }
        }

        handle = 0;
        path = string.Empty;
        return false;
    }

    /// <summary>Keeps the dynamic loader's own lines (dlerror), dropping the runtime's generic advice around them.</summary>
    private static string LoaderMessage(Exception ex)
    {
        var lines = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var loader = lines.Length > 1 && lines[0].Contains("LD_DEBUG", StringComparison.Ordinal) ? lines[1..] : lines;
        return string.Join("; ", loader);
    }

    private static NativeLibraryInfo Known(string logicalName) =>
        NativeLibraryCatalog.Find(logicalName)
        ?? throw new ArgumentException(
            $"Unknown native library '{logicalName}'. Known: {string.Join(", ", NativeLibraryCatalog.All.Select(l => l.LogicalName))}.",
            nameof(logicalName));

    private sealed record LoadedLibrary(nint Handle, string Path);
}
