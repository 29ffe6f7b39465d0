using System.Diagnostics;
using System.Text;

namespace Saarthi.Appliance.Tests.Ship;

/// <summary>What a script printed and returned.</summary>
internal sealed record ScriptResult(int ExitCode, string Out, string Err)
{
    public string All => Out + Err;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the repository's shell scripts as a technician would.</summary>
internal static class Scripts
{
    /// <summary>The checkout these tests were built from (the folder holding publish-arm64.sh).</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(RepoRoot, relative);

    public static ScriptResult Run(string script, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory ?? RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        // The test host's MSBuild and test-platform variables would steer a nested `dotnet publish` into its build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}; so far:\n{stdout}\n{stderr}");
        }
        process.WaitForExit();
        lock (stdout) lock (stderr) return new ScriptResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "publish-arm64.sh"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no publish-arm64.sh above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// The arm64 bundle, built once per test run by the real ./publish-arm64.sh (a minute or two the first time, seconds
/// when the previous build is reused), and unpacked into a scratch folder.
/// </summary>
public sealed class BundleFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public BundleFixture()
    {
        Publish = Scripts.Run("publish-arm64.sh", [], TimeSpan.FromMinutes(20));
        if (Publish.ExitCode != 0) return;
        Tarball = Publish.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        var unpack = Scripts.Run("-c", ["tar -xzf \"$1\" -C \"$2\"", "tar", Tarball, _dir.Path], TimeSpan.FromMinutes(2));
        if (unpack.ExitCode != 0) throw new InvalidOperationException("cannot unpack the bundle: " + unpack);
        Directory = System.IO.Directory.GetDirectories(_dir.Path).Single();
    }

    /// <summary>What publish-arm64.sh printed and returned.</summary>
    internal ScriptResult Publish { get; }

    /// <summary>The .tar.gz it wrote (its last stdout line).</summary>
    public string? Tarball { get; }

    /// <summary>The unpacked bundle (saarthi-&lt;version&gt;-linux-arm64/).</summary>
    public string? Directory { get; }

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class BundleTests : ICollectionFixture<BundleFixture>
{
    public const string Name = "Bundle";
}
