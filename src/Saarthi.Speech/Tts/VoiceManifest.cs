using System.Text.Json;

namespace Saarthi.Speech.Tts;

/// <summary>One <c>tts</c> entry of models/manifest.json: a Piper voice archive and the folder it unpacks to.</summary>
/// <param name="Id">The entry id, also the folder <c>models/fetch.sh</c> unpacks it into (<c>tts/&lt;id&gt;/</c>).</param>
/// <param name="IsDefault">Fetched when no id is named.</param>
/// <param name="Languages">ISO 639-1 codes the voice speaks.</param>
/// <param name="Model">The <c>.onnx</c> file inside the folder (null: the folder's only one).</param>
public sealed record VoiceManifestEntry(string Id, bool IsDefault, IReadOnlyList<string> Languages, string? Model);

/// <summary>The manifest could not be read.</summary>
public sealed class VoiceManifestException : Exception
{
    public VoiceManifestException()
    {
    }

    public VoiceManifestException(string message)
        : base(message)
    {
    }

    public VoiceManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The <c>tts</c> section of models/manifest.json and where a provisioned voice is found: the folder
/// <c>models/fetch.sh</c> unpacks, <c>tts/&lt;id&gt;/</c>, under one of the model folders the kiosk searches.
/// </summary>
public static class VoiceManifest
{
    /// <summary>Environment variable naming the folder the model files were unpacked into (shared with the other models).</summary>
    public const string DirectoryVariable = "SAARTHI_MODELS_DIR";

    /// <summary>Reads the <c>tts</c> entries of <paramref name="manifestPath"/>.</summary>
    /// <exception cref="VoiceManifestException">The file is missing or not the manifest's JSON.</exception>
    public static IReadOnlyList<VoiceManifestEntry> Read(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
            if (!doc.RootElement.TryGetProperty("tts", out var tts) || tts.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. tts.EnumerateArray().Select(e => new VoiceManifestEntry(
                e.GetProperty("id").GetString() ?? string.Empty,
                e.TryGetProperty("default", out var d) && d.ValueKind == JsonValueKind.True,
                (e.TryGetProperty("languages", out var l) ? l.GetString() ?? string.Empty : string.Empty)
                    .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries),
                e.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new VoiceManifestException($"cannot read the model manifest {manifestPath}: {e.Message}", e);
        }
    }

    /// <summary>models/manifest.json beside the application or in a folder above it (the repository), or null.</summary>
    public static string? FindManifest()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "manifest.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Model folders searched, in order: $SAARTHI_MODELS_DIR, $SAARTHI_DATA_DIR/models, /var/lib/saarthi/models, and the
    /// manifest's own folder (the repository's models/) — the same places as the other models.
    /// </summary>
    public static IReadOnlyList<string> DefaultDirectories(string? manifestPath)
    {
        var list = new List<string>();
        void Add(string? dir)
        {
            if (!string.IsNullOrWhiteSpace(dir))
            {
                list.Add(Path.GetFullPath(dir));
            }
        }

        Add(Environment.GetEnvironmentVariable(DirectoryVariable));
        var data = Environment.GetEnvironmentVariable("SAARTHI_DATA_DIR");
        Add(string.IsNullOrWhiteSpace(data) ? null : Path.Combine(data, "models"));
        Add("/var/lib/saarthi/models");
        Add(manifestPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(manifestPath)));
        return [.. list.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The first <c>&lt;dir&gt;/tts/&lt;id&gt;</c> (or <c>&lt;dir&gt;/&lt;id&gt;</c>) folder that exists, or null.</summary>
    public static string? FindVoiceFolder(VoiceManifestEntry entry, IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(directories);
        return directories
            .SelectMany(d => new[] { Path.Combine(d, "tts", entry.Id), Path.Combine(d, entry.Id) })
            .FirstOrDefault(Directory.Exists);
    }
}
