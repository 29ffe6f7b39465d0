using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Appliance.Cli;

/// <summary>`snapshot import FILE.json`, `snapshot info`, `snapshot rollback`: the kiosk's scheme database.</summary>
public static class SnapshotCommand
{
    public static int Run(Args args, string dataDirectory, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var store = new SnapshotStore(dataDirectory);
        switch (args.Positional.FirstOrDefault())
        {
            case "import":
                var file = args.Positional.Skip(1).FirstOrDefault() ?? throw new UsageException("usage: saarthi snapshot import FILE.json");
                if (!File.Exists(file)) { error.WriteLine($"snapshot import: file not found: {file}"); return 2; }
                try
                {
                    var s = store.Import(File.ReadAllText(file), Path.GetFileName(file));
                    output.WriteLine($"imported snapshot {s.SnapshotId}: {s.Schemes.Count} schemes into {store.CurrentPath}");
                    return 0;
                }
                catch (SnapshotValidationException e)
                {
                    error.WriteLine($"snapshot import: {Path.GetFileName(file)} rejected; the current snapshot is unchanged.");
                    foreach (var p in e.Problems) error.WriteLine("  - " + p);
                    return 2;
                }
            case "info":
                store.EnsureCurrent(KnowledgeSetup.SeedJson, m => error.WriteLine(m));
                if (!SnapshotStore.TryRead(store.CurrentPath, out var cur, out var why)) { error.WriteLine($"snapshot: unreadable ({why})"); return 1; }
                var asOf = cur!.Schemes.Select(x => x.FactsAsOf).Order(StringComparer.Ordinal).ToList();
                output.WriteLine($"snapshot {cur.SnapshotId} (schema {cur.SchemaVersion}, compiled {cur.CompiledOn ?? "?"}): {cur.Schemes.Count} schemes, " +
                                 $"facts as of {asOf[0]} … {asOf[^1]}, languages {string.Join(",", cur.Languages)}; file {store.CurrentPath}");
                return 0;
            case "rollback":
                if (store.Rollback()) { output.WriteLine("rolled back to the previous snapshot"); return 0; }
                error.WriteLine("snapshot rollback: there is no previous snapshot to go back to");
                return 1;
            default:
                throw new UsageException("usage: saarthi snapshot import FILE.json | info | rollback");
        }
    }
}
