using System.Globalization;
using System.Text.Json;
using Saarthi.Native;

namespace Saarthi.Appliance.Kiosk;

/// <summary>One model of models/manifest.json and where (if anywhere) it was found on this board.</summary>
/// <param name="Section">whisper, tts or llm.</param>
/// <param name="Path">The file (or, for an archive entry, the unpacked folder) found; null when not provisioned.</param>
/// <param name="Problem">Why a file that is there cannot be used (wrong size); null when it can.</param>
public sealed record ModelCandidate(string Section, string Id, string File, int RamMb, long? SizeBytes, string? Path, string? Problem)
{
    public bool Usable => Path is not null && Problem is null;
}

/// <summary>What was picked for one section and why.</summary>
/// <param name="Chosen">The model the kiosk uses; null = the embedded default (pocketsphinx, espeak-ng, templates).</param>
public sealed record ModelPick(string Section, ModelCandidate? Chosen, string Reason);

/// <summary>The models this board runs: the best provisioned model of each section that still fits in memory.</summary>
/// <param name="MemTotalMb">The board's RAM (MemTotal of /proc/meminfo), or null when it could not be read.</param>
/// <param name="BudgetMb">RAM the models may use together: MemTotal minus <see cref="ModelSelection.ReserveMb"/>.</param>
public sealed record ModelPlan(long? MemTotalMb, long BudgetMb, string? ManifestPath, IReadOnlyList<ModelPick> Picks, IReadOnlyList<ModelCandidate> Candidates)
{
    public ModelPick? For(string section) => Picks.FirstOrDefault(p => p.Section == section);

    /// <summary>One log line per section, e.g. "models: whisper → whisper-base-q5_1 (300 MB; …)".</summary>
    public IEnumerable<string> Describe()
    {
        var ram = MemTotalMb is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m} MB RAM") : "RAM unknown";
        yield return string.Create(CultureInfo.InvariantCulture, $"models: {ram}, {BudgetMb} MB for models (manifest {ManifestPath ?? "not found"})");
        foreach (var pick in Picks)
        {
            yield return pick.Chosen is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"models: {pick.Section} → {c.Id} ({c.RamMb} MB; {pick.Reason})")
                : $"models: {pick.Section} → embedded default ({pick.Reason})";
        }
    }
}

/// <summary>
/// Picks the models a board runs from models/manifest.json: for speech recognition, then the voice, then the LLM
/// (in that order of importance), the largest provisioned model (larger = more accurate in each family) whose
/// <c>ram_mb</c> fits in what the sections before it left of the budget. Reads only headers and sizes, never loads.
/// </summary>
public static class ModelSelection
{
    /// <summary>RAM kept for Linux, the app, SQLite, espeak-ng and pocketsphinx (the app peaks near 75 MB; the rest is headroom).</summary>
    public const int ReserveMb = 512;

    /// <summary>Sections in the order they get memory.</summary>
    public static IReadOnlyList<string> Sections { get; } = ["whisper", "tts", "llm"];

    /// <summary>What the embedded default is when a section has no model, for messages.</summary>
    public static string DefaultFor(string section) => section switch
    {
        "whisper" => "pocketsphinx (English) with the snapshot grammar",
        "tts" => "espeak-ng",
        _ => "answers from the templates",
    };

    /// <summary>MemTotal in MB from a meminfo file (/proc/meminfo), or null when it is missing or unreadable.</summary>
    public static long? ReadMemTotalMb(string meminfoPath = "/proc/meminfo")
    {
        try
        {
            foreach (var line in File.ReadLines(meminfoPath))
            {
                if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
                var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                    return kb / 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>
    /// Folders the model files are looked for in: $SAARTHI_MODELS_DIR, &lt;data&gt;/models (where install.sh unpacks the
    /// models tarball), /var/lib/saarthi/models, and the manifest's own folder. Files may sit directly in a folder or in
    /// its section subfolder (models/fetch.sh packs whisper/, llm/, tts/).
    /// </summary>
    public static IReadOnlyList<string> DefaultDirectories(string? dataDirectory, string? manifestPath) =>
        ModelPaths.DefaultDirectories(manifestPath, dataDirectory);

    /// <summary>models/manifest.json beside the app or above it (/opt/saarthi/models, or the repository's).</summary>
    public static string? FindManifest() => ModelPaths.FindManifest();

    /// <summary>
    /// The plan for this board: its /proc/meminfo, the manifest found beside the app, the default folders. Never throws:
    /// a damaged manifest means the embedded defaults, with the reason in each pick (the kiosk must still answer calls).
    /// </summary>
    public static ModelPlan ForThisBoard(string? dataDirectory)
    {
        var manifest = FindManifest();
        var ram = ReadMemTotalMb();
        try
        {
            return Choose(manifest, DefaultDirectories(dataDirectory, manifest), ram);
        }
        catch (InvalidDataException e)
        {
            return new ModelPlan(ram, ram is { } t ? Math.Max(0, t - ReserveMb) : 0, manifest, [.. Sections.Select(s => new ModelPick(s, null, e.Message))], []);
        }
    }

    /// <summary>Reads the manifest, finds its models in <paramref name="directories"/> and picks per section.</summary>
    /// <exception cref="InvalidDataException">The manifest exists but is not valid.</exception>
    public static ModelPlan Choose(string? manifestPath, IReadOnlyList<string> directories, long? memTotalMb)
    {
        ArgumentNullException.ThrowIfNull(directories);
        long budget = memTotalMb is { } total ? Math.Max(0, total - ReserveMb) : 0;
        if (manifestPath is null || !File.Exists(manifestPath))
        {
            var none = Sections.Select(s => new ModelPick(s, null, "no models/manifest.json found")).ToList();
            return new ModelPlan(memTotalMb, budget, null, none, []);
        }

        var candidates = ReadManifest(manifestPath).Select(c => Locate(c, directories)).ToList();
        var picks = new List<ModelPick>();
        long left = budget;
        foreach (var section in Sections)
        {
            var mine = candidates.Where(c => c.Section == section).ToList();
            var usable = mine.Where(c => c.Usable).OrderByDescending(c => c.RamMb).ToList();
            if (usable.Count == 0)
            {
                var broken = mine.FirstOrDefault(c => c.Path is not null);
                picks.Add(new ModelPick(section, null, broken is not null
                    ? $"{broken.Id} at {broken.Path} is unusable: {broken.Problem}"
                    : $"none of the {mine.Count} in the manifest is provisioned"));
                continue;
            }
            if (memTotalMb is null)
            {
                // Without the RAM figure the smallest is the safe choice.
                var smallest = usable[^1];
                left -= smallest.RamMb;
                picks.Add(new ModelPick(section, smallest, "RAM unknown: the smallest provisioned"));
                continue;
            }
            var fits = usable.FirstOrDefault(c => c.RamMb <= left);
            if (fits is null)
            {
                picks.Add(new ModelPick(section, null, string.Create(CultureInfo.InvariantCulture,
                    $"{string.Join(", ", usable.Select(u => $"{u.Id} ({u.RamMb} MB)"))} provisioned, but only {left} MB of the budget is left")));
                continue;
            }
            left -= fits.RamMb;
            var larger = usable.Where(c => c.RamMb > fits.RamMb).Select(c => c.Id).ToList();
            picks.Add(new ModelPick(section, fits, larger.Count == 0
                ? "the best provisioned, fits"
                : $"the largest that fits; {string.Join(", ", larger)} would need more RAM"));
        }
        return new ModelPlan(memTotalMb, budget, manifestPath, picks, candidates);
    }

    private static ModelCandidate Locate(ModelCandidate entry, IReadOnlyList<string> directories)
    {
        bool archive = entry.File.EndsWith(".tar.bz2", StringComparison.Ordinal);
        foreach (var dir in directories)
        {
            foreach (var folder in new[] { Path.Combine(dir, entry.Section), dir })
            {
                if (archive)
                {
                    // fetch.sh unpacks voice archives into tts/<id>/.
                    var unpacked = Path.Combine(folder, entry.Id);
                    if (Directory.Exists(unpacked))
                        return entry with { Path = unpacked, Problem = Directory.EnumerateFiles(unpacked, "*.onnx", SearchOption.AllDirectories).Any() ? null : "no .onnx voice in the folder" };
                    continue;
                }
                var file = Path.Combine(folder, entry.File);
                if (!File.Exists(file)) continue;
                var size = new FileInfo(file).Length;
                var problem = entry.SizeBytes is { } expected && size != expected
                    ? string.Create(CultureInfo.InvariantCulture, $"{size} bytes, the manifest says {expected} (an interrupted copy? models/fetch.sh --verify)")
                    : null;
                return entry with { Path = file, Problem = problem };
            }
        }
        return entry;
    }

    private static List<ModelCandidate> ReadManifest(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var list = new List<ModelCandidate>();
            foreach (var section in Sections)
            {
                if (!doc.RootElement.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Array) continue;
                foreach (var e in entries.EnumerateArray())
                {
                    var id = e.GetProperty("id").GetString() ?? throw new InvalidDataException($"{path}: a {section} entry has no id");
                    var file = e.GetProperty("file").GetString() ?? throw new InvalidDataException($"{path}: {id} has no file");
                    int ram = e.TryGetProperty("ram_mb", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : 0;
                    long? size = e.TryGetProperty("size_bytes", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
                    list.Add(new ModelCandidate(section, id, file, ram, size, null, null));
                }
            }
            return list;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new InvalidDataException($"{path}: not a valid model manifest ({e.Message})", e);
        }
    }
}
