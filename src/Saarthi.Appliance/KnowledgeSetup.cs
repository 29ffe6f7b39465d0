using System.Reflection;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Appliance;

/// <summary>Where the kiosk keeps its data, and the embedded default snapshot it starts from.</summary>
public static class KnowledgeSetup
{
    public const string SeedResource = "schemes.seed.json";

    /// <summary>--data, else $SAARTHI_DATA_DIR, else /var/lib/saarthi when it exists, else ~/.local/share/saarthi.</summary>
    public static string DataDirectory(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option)) return Path.GetFullPath(option);
        var env = Environment.GetEnvironmentVariable("SAARTHI_DATA_DIR");
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        if (Directory.Exists("/var/lib/saarthi")) return "/var/lib/saarthi";
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "saarthi");
    }

    public static string SeedJson()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(SeedResource)
            ?? throw new InvalidOperationException($"the embedded default snapshot '{SeedResource}' is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Opens the serving knowledge base, building it from the embedded seed on first run.</summary>
    public static SqliteKnowledgeBase Open(string dataDirectory, Action<string>? log = null)
    {
        var store = new SnapshotStore(dataDirectory);
        return SqliteKnowledgeBase.Open(store, SeedJson, log ?? (m => Console.Error.WriteLine(m)));
    }
}
