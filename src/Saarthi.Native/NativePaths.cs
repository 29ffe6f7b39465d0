using System.Runtime.InteropServices;

namespace Saarthi.Native;

/// <summary>
/// Where the bundled native libraries live: <c>native/&lt;rid&gt;/</c> next to the application
/// (published layout) or at the repository root (development layout), as laid out by
/// <c>scripts/setup-native.sh</c>.
/// </summary>
public static class NativePaths
{
    /// <summary>Environment variable naming the folder with the native libraries (or the <c>native/</c> folder above it).</summary>
    public const string DirectoryVariable = "SAARTHI_NATIVE_DIR";

    /// <summary>The runtime identifier of this process: <c>linux-x64</c> or <c>linux-arm64</c>.</summary>
    public static string RuntimeIdentifier { get; } = RuntimeIdentifierFor(RuntimeInformation.ProcessArchitecture);

    /// <summary>Debian's multiarch triplet for this process (<c>x86_64-linux-gnu</c>, <c>aarch64-linux-gnu</c>).</summary>
    public static string MultiarchTriplet { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "x86_64-linux-gnu",
        Architecture.Arm64 => "aarch64-linux-gnu",
        Architecture.Arm => "arm-linux-gnueabihf",
        _ => RuntimeInformation.ProcessArchitecture.ToString().ToUpperInvariant() + "-linux-gnu",
    };

    /// <summary>Maps a process architecture to the folder name used under <c>native/</c>.</summary>
    public static string RuntimeIdentifierFor(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "linux-x64",
        Architecture.Arm64 => "linux-arm64",
        Architecture.Arm => "linux-arm",
        _ => "linux-" + architecture.ToString().ToUpperInvariant(),
    };

    /// <summary>The folders searched for bundled libraries, in order, for this process.</summary>
    public static IReadOnlyList<string> CandidateDirectories() =>
        CandidateDirectories(Environment.GetEnvironmentVariable(DirectoryVariable), AppContext.BaseDirectory, RuntimeIdentifier);

    /// <summary>
    /// The folders searched for bundled libraries, in order: <paramref name="overrideDirectory"/> (and its
    /// <c>&lt;rid&gt;</c> subfolder), then <c>&lt;baseDirectory&gt;/native/&lt;rid&gt;</c>, then
    /// <c>native/&lt;rid&gt;</c> in every folder above <paramref name="baseDirectory"/> (the repository layout).
    /// </summary>
    public static IReadOnlyList<string> CandidateDirectories(string? overrideDirectory, string baseDirectory, string runtimeIdentifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        ArgumentException.ThrowIfNullOrEmpty(runtimeIdentifier);
        var result = new List<string>();
        void Add(string path)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            if (!result.Contains(full, StringComparer.Ordinal))
            {
                result.Add(full);
            }
        }

        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            Add(Path.Combine(overrideDirectory, runtimeIdentifier));
            Add(overrideDirectory);
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(baseDirectory)); dir is not null; dir = dir.Parent)
        {
            Add(Path.Combine(dir.FullName, "native", runtimeIdentifier));
        }

        return result;
    }

    /// <summary>The first candidate folder that exists, or <see langword="null"/> when setup has not run.</summary>
    public static string? FindNativeDirectory() => CandidateDirectories().FirstOrDefault(Directory.Exists);

    /// <summary>
    /// Finds a model file shipped by setup (e.g. <c>silero_vad.onnx</c>) in <c>native/models/</c> beside a candidate folder.
    /// </summary>
    public static string? FindModel(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        foreach (var dir in CandidateDirectories())
        {
            foreach (var models in new[] { Path.Combine(dir, "models"), Path.Combine(dir, "..", "models") })
            {
                var path = Path.GetFullPath(Path.Combine(models, fileName));
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
