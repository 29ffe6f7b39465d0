using System.Text.Json;
using Saarthi.Native;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Llm;

/// <summary>Which model to load and how to run it.</summary>
public sealed record LanguageModelOptions
{
    /// <summary>A GGUF file named in configuration (<c>--llm FILE</c>, <c>SAARTHI_LLM_MODEL</c>). Wins over the manifest.</summary>
    public string? ModelPath { get; init; }

    /// <summary>An <c>llm</c> entry of models/manifest.json by id; default the entry marked <c>"default": true</c>.</summary>
    public string? ManifestId { get; init; }

    /// <summary>models/manifest.json; default: found next to the application or above it (the repository layout).</summary>
    public string? ManifestPath { get; init; }

    /// <summary>Where a manifest model's file is looked for; default <see cref="ModelManifest.DefaultDirectories"/>.</summary>
    public IReadOnlyList<string>? ModelDirectories { get; init; }

    /// <summary>Tokens the context holds (prompt + answer). The understanding prompt lists every scheme: ~1000 tokens for Qwen2.5.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Threads: 2 suits a Pi-class board (generation is memory-bound); tests use 1.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Prompt tokens per decode call.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>The chat template used when the model has none llama.cpp understands ("chatml", "llama3", …, or "plain").</summary>
    public string? FallbackTemplate { get; init; } = "chatml";
}

/// <summary>Why no language model is available.</summary>
public enum LanguageModelProblem
{
    /// <summary>No model was named and the manifest has no usable entry.</summary>
    NotConfigured,

    /// <summary>The file is not where it was said to be.</summary>
    Missing,

    /// <summary>The file is not a GGUF model.</summary>
    NotGguf,

    /// <summary>The file is shorter than it should be (an interrupted copy).</summary>
    Truncated,

    /// <summary>The file is damaged.</summary>
    Corrupt,

    /// <summary>llama.cpp refused the file.</summary>
    Rejected,

    /// <summary>The llama.cpp libraries are not installed.</summary>
    EngineMissing,

    /// <summary>Anything else that failed while loading.</summary>
    Failed,
}

/// <summary>No language model could be loaded; <see cref="Problem"/> and the message say why. The kiosk answers without it.</summary>
public sealed class LanguageModelUnavailableException : Exception
{
    public LanguageModelUnavailableException()
    {
    }

    public LanguageModelUnavailableException(string message)
        : base(message)
    {
    }

    public LanguageModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LanguageModelUnavailableException(LanguageModelProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
    }

    public LanguageModelProblem Problem { get; }

    internal static LanguageModelProblem ReasonOf(LlamaModelProblem problem) => problem switch
    {
        LlamaModelProblem.Missing => LanguageModelProblem.Missing,
        LlamaModelProblem.NotGguf => LanguageModelProblem.NotGguf,
        LlamaModelProblem.Truncated => LanguageModelProblem.Truncated,
        LlamaModelProblem.Corrupt => LanguageModelProblem.Corrupt,
        _ => LanguageModelProblem.Rejected,
    };
}

/// <summary>One <c>llm</c> entry of models/manifest.json.</summary>
public sealed record ManifestModel(string Id, bool IsDefault, string Name, string File, long? SizeBytes, string? Sha256);

/// <summary>
/// The <c>llm</c> section of models/manifest.json (written by hand, fetched by models/fetch.sh onto the SD card), and
/// where the kiosk looks for the files it names.
/// </summary>
public static class ModelManifest
{
    /// <summary>Environment variable naming the folder the model files were unpacked into.</summary>
    public const string DirectoryVariable = ModelPaths.DirectoryVariable;

    /// <summary>Reads the <c>llm</c> entries of <paramref name="manifestPath"/>.</summary>
    /// <exception cref="LanguageModelUnavailableException">The manifest is missing or not valid JSON.</exception>
    public static IReadOnlyList<ManifestModel> ReadLlm(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            if (!doc.RootElement.TryGetProperty("llm", out var llm) || llm.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. llm.EnumerateArray().Select(e => new ManifestModel(
                e.GetProperty("id").GetString() ?? string.Empty,
                e.TryGetProperty("default", out var d) && d.ValueKind == JsonValueKind.True,
                e.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty,
                e.GetProperty("file").GetString() ?? string.Empty,
                e.TryGetProperty("size_bytes", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null,
                e.TryGetProperty("sha256", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new LanguageModelUnavailableException(LanguageModelProblem.NotConfigured, $"cannot read the model manifest {manifestPath}: {e.Message}", e);
        }
    }

    /// <summary>models/manifest.json beside the application or in a folder above it, or null (<see cref="ModelPaths"/>).</summary>
    public static string? FindManifest() => ModelPaths.FindManifest();

    /// <summary>Folders a manifest model's file is looked for in (<see cref="ModelPaths"/>).</summary>
    public static IReadOnlyList<string> DefaultDirectories(string? manifestPath) => ModelPaths.DefaultDirectories(manifestPath);
}

/// <summary>Finds and loads the kiosk's language model: the file named in configuration, else the manifest's default.</summary>
public static class LanguageModelLoader
{
    /// <summary>Where the model would come from, without loading it.</summary>
    /// <exception cref="LanguageModelUnavailableException">Nothing is configured, or the file named is not there (or has the wrong size).</exception>
    public static string Resolve(LanguageModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ModelPath))
        {
            var path = Path.GetFullPath(options.ModelPath);
            return File.Exists(path)
                ? path
                : throw new LanguageModelUnavailableException(LanguageModelProblem.Missing, $"language model '{path}' is missing");
        }

        var manifest = options.ManifestPath ?? ModelManifest.FindManifest()
            ?? throw new LanguageModelUnavailableException(LanguageModelProblem.NotConfigured, "no language model configured (no --llm FILE and no models/manifest.json)");
        var entries = ModelManifest.ReadLlm(manifest);
        var entry = (options.ManifestId is { } id
                ? entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal))
                : entries.FirstOrDefault(e => e.IsDefault) ?? entries.FirstOrDefault())
            ?? throw new LanguageModelUnavailableException(
                LanguageModelProblem.NotConfigured,
                options.ManifestId is null ? $"{manifest} lists no llm model" : $"{manifest} has no llm entry '{options.ManifestId}'");
        var directories = options.ModelDirectories ?? ModelManifest.DefaultDirectories(manifest);
        // models/fetch.sh packs each section into its own subfolder (llm/); a file copied by hand may sit at the top.
        foreach (var candidate in directories.SelectMany(dir => new[] { Path.Combine(dir, "llm", entry.File), Path.Combine(dir, entry.File) }))
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            var size = new FileInfo(candidate).Length;
            if (entry.SizeBytes is { } expected && size != expected)
            {
                throw new LanguageModelUnavailableException(
                    size < expected ? LanguageModelProblem.Truncated : LanguageModelProblem.Corrupt,
                    $"'{candidate}' has {size} bytes; the manifest entry '{entry.Id}' says {expected} (an interrupted copy? check it with models/fetch.sh --verify)");
            }

            return candidate;
        }

        throw new LanguageModelUnavailableException(
            LanguageModelProblem.Missing,
            $"the manifest's language model '{entry.Id}' ({entry.File}) is not in any of: {string.Join(", ", directories)} (fetch it with models/fetch.sh {entry.Id} and copy it to the kiosk)");
    }

    /// <summary>Resolves and loads the model.</summary>
    /// <exception cref="LanguageModelUnavailableException">It cannot be found or used; the reason says why.</exception>
    public static LlamaLanguageModel Load(LanguageModelOptions options) => LlamaLanguageModel.Load(Resolve(options), options);

    /// <summary>Like <see cref="Load"/>, but returns the reason instead of throwing.</summary>
    public static bool TryLoad(LanguageModelOptions options, out LlamaLanguageModel? model, out LanguageModelUnavailableException? error)
    {
        try
        {
            model = Load(options);
            error = null;
            return true;
        }
        catch (LanguageModelUnavailableException e)
        {
            model = null;
            error = e;
            return false;
        }
    }
}
