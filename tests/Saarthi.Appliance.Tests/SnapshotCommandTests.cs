using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saarthi.Appliance.Tests;

/// <summary>`snapshot import | info | rollback` on a real data directory, with `ask` serving in between.</summary>
[Collection(ConsoleTests.Name)]
public sealed class SnapshotCommandTests : IDisposable
{
    private readonly TempDir _data = new();
    private readonly TempDir _files = new();

    public void Dispose()
    {
        _data.Dispose();
        _files.Dispose();
    }

    private string Write(string name, string json)
    {
        var path = _files.File(name);
        File.WriteAllText(path, json);
        return path;
    }

    private string Answer(string question)
    {
        var r = Cli.Run("ask", "--data", _data.Path, "--json", question);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(Assert.Single(r.OutLines));
        return doc.RootElement.GetProperty("answer").GetString()!;
    }

    private string Info()
    {
        var r = Cli.Run("snapshot", "info", "--data", _data.Path);
        Assert.Equal(0, r.ExitCode);
        return r.Out;
    }

    /// <summary>The seed with PM-KISAN paying ₹8,000 in every text, under another snapshot id.</summary>
    private static string PmKisanAt8000(string snapshotId) => Seed.With(root =>
    {
        root["snapshot_id"] = snapshotId;
        var pmKisan = Seed.Scheme(root, "pm-kisan");
        var edited = JsonNode.Parse(pmKisan.ToJsonString().Replace("6,000", "8,000", StringComparison.Ordinal))!.AsObject();
        edited["benefits"]!["items"]![0]!["amount_inr"] = 8000;
        var schemes = root["schemes"]!.AsArray();
        int at = schemes.IndexOf(pmKisan);
        schemes[at] = edited;
    });

    private const string PmKisanMoney = "how much money does pm kisan give";

    [Fact]
    public void Import_FieldBroken_ExitsNonZeroNamingSchemeAndFieldAndKeepsServing()
    {
        Assert.Contains("₹6,000", Answer(PmKisanMoney)); // builds the seed database
        var broken = Write("broken.json", Seed.With(root =>
        {
            root["snapshot_id"] = "broken-v2";
            Seed.Scheme(root, "pm-kisan")["benefits"]!["items"]![0]!["amount_inr"] = -6000;
        }));

        var r = Cli.Run("snapshot", "import", broken, "--data", _data.Path);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("broken.json rejected", r.Err);
        Assert.Contains("pm-kisan", r.Err);
        Assert.Contains("benefits.items[0].amount_inr", r.Err);
        Assert.Contains("the current snapshot is unchanged", r.Err);
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
        Assert.Contains(Seed.SnapshotId, Info());
    }

    [Fact]
    public void Import_NotJson_ExitsNonZeroAndKeepsServing()
    {
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
        var text = File.ReadAllText(Seed.Path);
        var truncated = Write("truncated.json", text[..(text.Length / 2)]);

        var r = Cli.Run("snapshot", "import", truncated, "--data", _data.Path);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("not valid JSON", r.Err);
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
    }

    [Fact]
    public void Import_BrokenFileAsFirstEverImport_LeavesNoDatabaseAndAskStillServesTheSeed()
    {
        var broken = Write("nameless.json", Seed.With(root => Seed.Scheme(root, "pmuy").Remove("names")));

        var r = Cli.Run("snapshot", "import", broken, "--data", _data.Path);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("pmuy", r.Err);
        Assert.Contains("names", r.Err);
        Assert.False(File.Exists(Path.Combine(_data.Path, "knowledge.db")));
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
    }

    [Fact]
    public void Import_ValidModifiedSnapshot_IsServedAndRollbackRestoresThePrevious()
    {
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
        var v2 = Write("v2.json", PmKisanAt8000("pm-kisan-8000-v2"));

        var import = Cli.Run("snapshot", "import", v2, "--data", _data.Path);

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("imported snapshot pm-kisan-8000-v2", import.Out);
        Assert.Contains("pm-kisan-8000-v2", Info());
        var after = Answer(PmKisanMoney);
        Assert.Contains("₹8,000", after);
        Assert.DoesNotContain("6,000", after);

        var rollback = Cli.Run("snapshot", "rollback", "--data", _data.Path);

        Assert.Equal(0, rollback.ExitCode);
        Assert.Contains(Seed.SnapshotId, Info());
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
    }

    [Fact]
    public void Import_BrokenAfterValidUpdate_KeepsServingTheUpdate()
    {
        Assert.Equal(0, Cli.Run("snapshot", "import", Write("v2.json", PmKisanAt8000("pm-kisan-8000-v2")), "--data", _data.Path).ExitCode);
        var broken = Write("v3.json", Seed.With(root =>
        {
            root["snapshot_id"] = "broken-v3";
            Seed.Scheme(root, "ssy")["helplines"] = new JsonArray(new JsonObject { ["number"] = "call us", ["label"] = "x" });
        }));

        var r = Cli.Run("snapshot", "import", broken, "--data", _data.Path);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("ssy", r.Err);
        Assert.Contains("helplines[0].number", r.Err);
        Assert.Contains("₹8,000", Answer(PmKisanMoney));
        Assert.Contains("pm-kisan-8000-v2", Info());
    }

    [Fact]
    public void Rollback_WithoutPreviousSnapshot_ExitsOneAndKeepsServing()
    {
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
        var r = Cli.Run("snapshot", "rollback", "--data", _data.Path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no previous snapshot", r.Err);
        Assert.Contains("₹6,000", Answer(PmKisanMoney));
    }

    [Fact]
    public void Import_MissingFile_ExitsTwo()
    {
        var r = Cli.Run("snapshot", "import", _files.File("absent.json"), "--data", _data.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("file not found", r.Err);
    }

    [Fact]
    public void Info_FreshDataDirectory_BuildsAndDescribesTheSeed()
    {
        var info = Info();
        Assert.Contains(Seed.SnapshotId, info);
        Assert.Contains("34 schemes", info);
    }

    [Fact]
    public void Snapshot_UnknownSubcommand_IsAUsageError()
    {
        var r = Cli.Run("snapshot", "explode", "--data", _data.Path);
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("usage: saarthi snapshot", r.Err);
    }
}
