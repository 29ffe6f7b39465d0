using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Saarthi.Sync.Packages;

namespace Saarthi.Sync.Tests;

/// <summary>The seed snapshot (copied beside the tests) and variants of it.</summary>
internal static class Seed
{
    private static readonly Lazy<string> Text = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemes.seed.json")));

    public const string SnapshotId = "seed-central-schemes-v1";
    public const int SchemeCount = 34;

    public static string Json => Text.Value;

    public static JsonObject Node() => JsonNode.Parse(Json)!.AsObject();

    public static string With(Action<JsonObject> edit)
    {
        var root = Node();
        edit(root);
        return root.ToJsonString();
    }

    public static JsonObject Scheme(JsonObject root, string id) =>
        root["schemes"]!.AsArray().Select(n => n!.AsObject()).Single(s => (string?)s["id"] == id);

    /// <summary>Another valid snapshot: a new id, PM-KISAN at ₹8,000, the last scheme removed.</summary>
    public static string Version2(string snapshotId = "seed-central-schemes-v2") => With(root =>
    {
        root["snapshot_id"] = snapshotId;
        Scheme(root, "pm-kisan")["benefits"]!["items"]![0]!["amount_inr"] = 8000;
        var schemes = root["schemes"]!.AsArray();
        schemes.RemoveAt(schemes.Count - 1);
        root["scheme_count"] = schemes.Count;
    });

    /// <summary>A valid snapshot with <paramref name="count"/> schemes (copies of the seed's with new ids).</summary>
    public static string Synthetic(int count, string snapshotId = "synthetic")
    {
        var root = Node();
        var source = root["schemes"]!.AsArray().Select(n => n!.ToJsonString()).ToList();
        var schemes = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            var s = JsonNode.Parse(source[i % source.Count])!.AsObject();
            s["id"] = $"{(string?)s["id"]}-{i:D4}";
            schemes.Add(s);
        }

        root["snapshot_id"] = snapshotId;
        root["schemes"] = schemes;
        root["scheme_count"] = count;
        return root.ToJsonString();
    }
}

/// <summary>An NGO key pair written as PEM files in a folder (the kiosk's pinned-keys folder holds the public one).</summary>
internal sealed class TestKey : IDisposable
{
    public TestKey(string directory, string name = "ngo")
    {
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(directory);
        PrivatePath = Path.Combine(directory, name + "-private.pem");
        PublicPath = Path.Combine(directory, name + "-public.pem");
        File.WriteAllText(PrivatePath, Key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PublicPath, PublicPem);
    }

    public ECDsa Key { get; }

    public string PrivatePath { get; }

    public string PublicPath { get; }

    public string PublicPem => Key.ExportSubjectPublicKeyInfoPem();

    public string Id => NgoKeys.KeyId(Key);

    public byte[] Package(string json, long version, string minApp = "1.0", KeyRotation? keys = null) =>
        SnapshotPackage.Build(json, Key, new PackageBuildOptions { Version = version, MinAppVersion = minApp, Keys = keys });

    public void Dispose() => Key.Dispose();
}

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string? name = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "saarthi-sync-tests", name ?? Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(p);
        return p;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
