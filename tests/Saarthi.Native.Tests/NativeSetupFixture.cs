using System.Diagnostics;
using Saarthi.Native;

[assembly: AssemblyFixture(typeof(Saarthi.Native.Tests.NativeSetupFixture))]

namespace Saarthi.Native.Tests;

/// <summary>
/// Makes sure scripts/setup-native.sh has run (it is idempotent and takes well under a second when done),
/// so these tests use the real libraries, as ./saarthi would.
/// </summary>
public sealed class NativeSetupFixture
{
    public NativeSetupFixture()
    {
        RepoRoot = FindRepoRoot();
        var lib = Path.Combine(RepoRoot, "native", NativePaths.RuntimeIdentifier, "libllama.v0.5.0.so");
        var whisper = Path.Combine(RepoRoot, "native", NativePaths.RuntimeIdentifier, "libwhisper.so");
        if (File.Exists(lib) && File.Exists(whisper))
        {
            return;
        }

        var psi = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "scripts", "setup-native.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/setup-native.sh failed ({process.ExitCode}):\n{stdout.Result}\n{stderr}");
        }
    }

    public string RepoRoot { get; }

    public string NativeDirectory => Path.Combine(RepoRoot, "native", NativePaths.RuntimeIdentifier);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "setup-native.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/setup-native.sh not found above " + AppContext.BaseDirectory);
    }
}
