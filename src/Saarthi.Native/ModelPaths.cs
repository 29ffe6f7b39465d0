namespace Saarthi.Native;

/// <summary>
/// Where provisioned models and their manifest are: one answer for the recognisers, the voices, the LLM and the
/// board's model choice, so a model `install.sh` unpacked is found by all of them.
/// </summary>
public static class ModelPaths
{
    /// <summary>Environment variable naming an extra folder to look for model files in first.</summary>
    public const string DirectoryVariable = "SAARTHI_MODELS_DIR";

    /// <summary>models/manifest.json beside the application or in a folder above it (/opt/saarthi, or the repository), or null.</summary>
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
    /// Folders model files are looked for in, in order: $SAARTHI_MODELS_DIR, &lt;data&gt;/models (where install.sh unpacks
    /// the models tarball; <paramref name="dataDirectory"/> or else $SAARTHI_DATA_DIR), /var/lib/saarthi/models, and the
    /// manifest's own folder (the repository's models/).
    /// </summary>
    public static IReadOnlyList<string> DefaultDirectories(string? manifestPath, string? dataDirectory = null)
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
        var data = dataDirectory ?? Environment.GetEnvironmentVariable("SAARTHI_DATA_DIR");
        Add(string.IsNullOrWhiteSpace(data) ? null : Path.Combine(data, "models"));
        Add("/var/lib/saarthi/models");
        Add(manifestPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(manifestPath)));
        return [.. list.Distinct(StringComparer.Ordinal)];
    }
}
