using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Saarthi.Speech.Tests.Stt;

/// <summary>models/manifest.json is well-formed, and models/fetch.sh lists, plans and fails offline without downloading anything.</summary>
public sealed partial class WhisperModelManifestTests(ITestOutputHelper output)
{
    private static readonly string RepoRoot = FindRepoRoot();
    private static readonly string ManifestPath = Path.Combine(RepoRoot, "models", "manifest.json");
    private static readonly string FetchScript = Path.Combine(RepoRoot, "models", "fetch.sh");

    public static TheoryData<string> Sections() => ["whisper", "llm", "tts"];

    [Theory]
    [MemberData(nameof(Sections))]
    public void Manifest_EverySection_HasCompleteEntriesAndADefault(string section)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(ManifestPath));

        var entries = manifest.RootElement.GetProperty(section).EnumerateArray().ToList();

        Assert.NotEmpty(entries);
        Assert.Contains(entries, e => e.GetProperty("default").GetBoolean());
        foreach (var entry in entries)
        {
            var id = entry.GetProperty("id").GetString()!;
            var file = entry.GetProperty("file").GetString()!;
            var url = entry.GetProperty("url").GetString()!;
            Assert.Matches(IdPattern(), id);
            Assert.StartsWith("https://", url);
            Assert.EndsWith("/" + file, url);
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("name").GetString()), id);
            Assert.True(entry.GetProperty("ram_mb").GetInt32() > 0, id);
            var size = entry.GetProperty("size_bytes");
            Assert.True(size.ValueKind == JsonValueKind.Null || size.GetInt64() > 0, id);
            var sha = entry.GetProperty("sha256");
            Assert.True(sha.ValueKind == JsonValueKind.Null || Sha256Pattern().IsMatch(sha.GetString()!), $"{id}: sha256 must be 64 lower-case hex digits or null");
            Assert.True(entry.TryGetProperty("licence", out _), $"{id}: licence (null when not yet checked)");
        }
    }

    [Fact]
    public void Manifest_Whisper_AreMultilingualGgmlFilesFromWhisperCppWithKnownHashes()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(ManifestPath));

        foreach (var entry in manifest.RootElement.GetProperty("whisper").EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            Assert.Matches(@"^ggml-(tiny|base|small)-q(5_1|8_0)\.bin$", file);
            Assert.StartsWith("https://huggingface.co/ggerganov/whisper.cpp/", entry.GetProperty("url").GetString());
            Assert.Equal("MIT", entry.GetProperty("licence").GetString());
            Assert.Equal(JsonValueKind.String, entry.GetProperty("sha256").ValueKind);
            Assert.InRange(entry.GetProperty("size_bytes").GetInt64(), 30_000_000, 300_000_000);
        }

        Assert.Equal(1, manifest.RootElement.GetProperty("whisper").EnumerateArray().Count(e => e.GetProperty("default").GetBoolean()));
        Assert.All(manifest.RootElement.GetProperty("llm").EnumerateArray(), e => Assert.Equal("Apache-2.0", e.GetProperty("licence").GetString()));
    }

    [Fact]
    public void Manifest_Ids_AreUniqueAcrossSections()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(ManifestPath));

        var ids = new[] { "whisper", "llm", "tts" }
            .SelectMany(s => manifest.RootElement.GetProperty(s).EnumerateArray().Select(e => e.GetProperty("id").GetString()))
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void FetchList_WithoutNetwork_ListsEveryModel()
    {
        SkipWithoutTools();

        var (code, stdout, stderr) = Run("--list");

        output.WriteLine(stdout + stderr);
        Assert.Equal(0, code);
        Assert.Contains("whisper-base-q5_1", stdout);
        Assert.Contains("qwen2.5-0.5b-instruct-q4_k_m", stdout);
        Assert.Contains("vits-piper-hi_IN-pratham-medium", stdout);
    }

    [Fact]
    public void FetchDryRun_Defaults_NamesWhatWouldBeFetchedAndPackedWithoutNetwork()
    {
        SkipWithoutTools();

        var (code, stdout, stderr) = Run("--dry-run", "--out", Path.Combine(Path.GetTempPath(), "saarthi-never-created"));

        output.WriteLine(stdout + stderr);
        Assert.Equal(0, code);
        Assert.Contains("would fetch whisper  whisper-base-q5_1", stdout);
        Assert.DoesNotContain("whisper-small", stdout);
        Assert.Contains("would pack", stderr);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "saarthi-never-created")));
    }

    [Fact]
    public void FetchDryRun_UnknownId_ExitsWithUsageError()
    {
        SkipWithoutTools();

        var (code, _, stderr) = Run("--dry-run", "whisper-huge");

        Assert.Equal(64, code);
        Assert.Contains("no model 'whisper-huge'", stderr);
    }

    [Fact]
    public void Fetch_Offline_FailsClearlyBeforeDownloading()
    {
        SkipWithoutTools();
        var staging = Directory.CreateTempSubdirectory("saarthi-fetch-").FullName;
        try
        {
            // A proxy on a closed local port: every request fails at once, online or not.
            var (code, _, stderr) = Run(
                new Dictionary<string, string> { ["https_proxy"] = "http://127.0.0.1:9", ["HTTPS_PROXY"] = "http://127.0.0.1:9", ["NO_PROXY"] = "", ["no_proxy"] = "" },
                "--out", staging, "whisper-tiny-q5_1");

            output.WriteLine(stderr);
            Assert.Equal(2, code);
            Assert.Contains("cannot reach huggingface.co", stderr);
            Assert.Contains("offline", stderr);
            Assert.Empty(Directory.EnumerateFileSystemEntries(staging));
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static void SkipWithoutTools()
    {
        foreach (var tool in new[] { "bash", "jq", "curl" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, tool)));
            Assert.SkipUnless(found, $"{tool} is not installed");
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    private static (int Code, string Stdout, string Stderr) Run(Dictionary<string, string> environment, params string[] arguments)
    {
        var psi = new ProcessStartInfo("bash", [FetchScript, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("models/fetch.sh did not finish within 60 s");
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "models", "manifest.json")) && File.Exists(Path.Combine(dir.FullName, "Saarthi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("models/manifest.json not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("^[a-z0-9][a-zA-Z0-9._-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
