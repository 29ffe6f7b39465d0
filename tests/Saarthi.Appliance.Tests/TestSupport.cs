using System.Text.Json.Nodes;

namespace Saarthi.Appliance.Tests;

/// <summary>The seed snapshot and the practice set as copied into the test output.</summary>
internal static class Seed
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "schemes.seed.json");

    public static string PracticePath => System.IO.Path.Combine(AppContext.BaseDirectory, "practice_questions.json");

    public const string SnapshotId = "seed-central-schemes-v1";

    /// <summary>The seed with one edit applied.</summary>
    public static string With(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path))!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    public static JsonObject Scheme(JsonObject root, string id)
        => root["schemes"]!.AsArray().Select(n => n!.AsObject()).Single(s => (string?)s["id"] == id);
}

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "saarthi-appliance-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What one run of the `saarthi` command printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs the CLI in this process with Console.Out and Console.Error captured. Console is process-wide, so every test
/// that uses this belongs to the <see cref="ConsoleTests"/>, which never runs in parallel with other tests.
/// </summary>
internal static class Cli
{
    private static readonly Lock Gate = new();

    public static CliResult Run(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            using var o = new StringWriter();
            using var e = new StringWriter();
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                int code = SaarthiCli.Run(args);
                return new CliResult(code, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleTests
{
    public const string Name = "Console";
}

/// <summary>A data directory whose database was built from the embedded seed by a first `ask`; shared read-only.</summary>
public sealed class SeededDataFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public SeededDataFixture()
    {
        var first = Cli.Run("ask", "--data", _dir.Path, "hello");
        if (first.ExitCode != 0) throw new InvalidOperationException($"the first ask failed ({first.ExitCode}): {first.Err}");
    }

    public string DataDir => _dir.Path;

    public void Dispose() => _dir.Dispose();
}
