using System.Text.Json;
using Saarthi.Native;

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
    public const string DirectoryVariable = ModelPaths.DirectoryVariable;

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

    /// <summary>models/manifest.json beside the application or in a folder above it, or null (<see cref="ModelPaths"/>).</summary>
    public static string? FindManifest() => ModelPaths.FindManifest();

    /// <summary>The folders voices are looked for in, the same as every other model's (<see cref="ModelPaths"/>).</summary>
    public static IReadOnlyList<string> DefaultDirectories(string? manifestPath) => ModelPaths.DefaultDirectories(manifestPath);

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
