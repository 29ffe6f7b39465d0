namespace Saarthi.Native;

/// <summary>
/// A native library could not be loaded. The message names every path tried, why each failed, and what installs the library.
/// Derives from <see cref="DllNotFoundException"/> so code catching the runtime's exception still works.
/// </summary>
public sealed class NativeLibraryMissingException : DllNotFoundException
{
    public NativeLibraryMissingException()
        : this("A native library could not be loaded.")
    {
    }

    public NativeLibraryMissingException(string message)
        : base(message)
    {
        LibraryName = string.Empty;
        InstallHint = string.Empty;
        Attempts = [];
    }

    public NativeLibraryMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
        LibraryName = string.Empty;
        InstallHint = string.Empty;
        Attempts = [];
    }

    public NativeLibraryMissingException(NativeLibraryInfo library, IReadOnlyList<NativeLoadAttempt> attempts)
        : base(Describe(library, attempts))
    {
        ArgumentNullException.ThrowIfNull(library);
        LibraryName = library.LogicalName;
        InstallHint = library.InstallHint;
        Attempts = attempts;
    }

    /// <summary>The logical name (e.g. <c>llama</c>).</summary>
    public string LibraryName { get; }

    /// <summary>What installs the library.</summary>
    public string InstallHint { get; }

    /// <summary>Every candidate tried, in order, with why it failed.</summary>
    public IReadOnlyList<NativeLoadAttempt> Attempts { get; }

    /// <summary>The candidate paths tried, in order.</summary>
    public IEnumerable<string> PathsTried => Attempts.Select(a => a.Candidate);

    private static string Describe(NativeLibraryInfo library, IReadOnlyList<NativeLoadAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(attempts);
        var lines = attempts.Select(a => $"  - {a.Candidate}: {a.Outcome}");
        return $"Native library '{library.LogicalName}' ({library.FileName}) could not be loaded. Tried:{Environment.NewLine}" +
               string.Join(Environment.NewLine, lines) + Environment.NewLine +
               $"To fix: {library.InstallHint}.";
    }
}

/// <summary>One candidate the resolver tried and why it failed.</summary>
/// <param name="Candidate">An absolute path, or a bare soname handed to the system loader.</param>
/// <param name="Outcome">Why it failed: "not found" or the loader's message.</param>
public sealed record NativeLoadAttempt(string Candidate, string Outcome);
