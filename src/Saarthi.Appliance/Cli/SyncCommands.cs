using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Storage;
using Saarthi.Sync;
using Saarthi.Sync.Apply;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Packages;
using Saarthi.Sync.Transfer;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// NGO updates: <c>snapshot keygen|build|verify|diff|push</c> (the NGO tool), <c>sync [--once]</c> and <c>sync-apply</c>
/// (the kiosk side), and <c>bench --sync</c>. Exit codes: 0 done, 1 broker/transport problem, 2 package or snapshot
/// rejected, 64 usage.
/// </summary>
public static class SyncCommands
{
    private const string SnapshotUsage =
        "usage: saarthi snapshot keygen --out DIR | build FILE.json --key PRIVATE.pem -o PKG [--version N] [--min-app-version V] " +
        "[--add-key A.pem,B.pem] [--revoke-key KEYID,…] [--notes TEXT] | verify PKG --pubkey PEM|DIR [--json] | diff OLD NEW [--json] | " +
        "push PKG --broker mqtt(s)://HOST:PORT (--kiosk ID | --all) [--user U --password P] [--cafile CA] [--chunk-size KB] [--wait SECONDS]";

    private const string SyncUsage =
        "usage: saarthi sync [--once] --broker mqtt(s)://HOST:PORT --kiosk ID [--pubkey PEM|DIR] [--db DIR] [--cafile CA] [--user U --password P] " +
        "[--timeout SECONDS] [--force]  |  saarthi sync-apply PKG [--pubkey PEM|DIR] [--db DIR] [--force]";

    private static readonly HashSet<string> SnapshotVerbs = new(StringComparer.Ordinal) { "keygen", "build", "verify", "diff", "push" };

    private static readonly JsonSerializerOptions JsonLine = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether <c>snapshot VERB</c> is one of ours (the rest stay with <see cref="SnapshotCommand"/>).</summary>
    public static bool HandlesSnapshot(Args args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Positional.Count > 0 && SnapshotVerbs.Contains(args.Positional[0]);
    }

    public static int RunSnapshot(Args args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return args.Positional[0] switch
            {
                "keygen" => Keygen(args, output),
                "build" => Build(args, output, error),
                "verify" => Verify(args, output, error),
                "diff" => Diff(args, output),
                _ => Push(args, output, error),
            };
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            error.WriteLine($"snapshot {args.Positional[0]}: {e.Message}");
            return 1;
        }
    }

    public static int RunSync(string verb, Args args, string dataDirectory, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var data = args.Get("db") is { } db ? Path.GetFullPath(db) : dataDirectory;
        var pubkey = args.Get("pubkey") ?? DefaultKeyFolder()
            ?? throw new UsageException("no pinned NGO key: give --pubkey PEM|DIR (default: firmware-config/ngo-keys/ or /etc/saarthi/ngo-keys)");
        try
        {
            // The kiosk always has a snapshot serving before it takes updates (the embedded seed on first start).
            new SnapshotStore(data, syncDirectory: DurableFiles.SyncDirectory).EnsureCurrent(KnowledgeSetup.SeedJson, m => error.WriteLine(m));
            return verb == "sync-apply" ? SyncApply(args, data, pubkey, output) : Sync(args, data, pubkey, output, error);
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or Native.NativeCallException)
        {
            error.WriteLine($"{verb}: {e.Message}");
            return 1;
        }
    }

    /// <summary><c>bench --sync [--broker URL] [--rounds N]</c>.</summary>
    public static int Bench(Args args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        var broker = args.Get("broker") is { } url ? ParseBroker(url) : null;
        return SyncBench.RunAsync(KnowledgeSetup.SeedJson(), output, broker, args.GetInt("rounds", 3)).GetAwaiter().GetResult();
    }

    private static int Keygen(Args args, TextWriter output)
    {
        var dir = args.Get("out") ?? args.Get("output") ?? throw new UsageException("usage: saarthi snapshot keygen --out DIR");
        var (priv, pub, id) = NgoKeys.Generate(dir);
        output.WriteLine($"key {id}");
        output.WriteLine($"  private (keep it with the NGO, never on a kiosk): {priv}");
        output.WriteLine($"  public  (pin it on every kiosk: copy to firmware-config/ngo-keys/): {pub}");
        return 0;
    }

    private static int Build(Args args, TextWriter output, TextWriter error)
    {
        var file = args.Positional.ElementAtOrDefault(1) ?? throw new UsageException(SnapshotUsage);
        var keyPath = args.Get("key") ?? throw new UsageException("snapshot build needs --key PRIVATE.pem");
        var outPath = args.Get("output") ?? throw new UsageException("snapshot build needs -o PACKAGE");
        using var key = NgoKeys.LoadPrivate(keyPath);
        var rotation = RotationFrom(args);
        var json = File.ReadAllText(file);
        byte[] package;
        try
        {
            package = SnapshotPackage.Build(json, key, new PackageBuildOptions
            {
                Version = args.Get("version") is { } v ? long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                    : throw new UsageException("--version must be a positive whole number") : null,
                MinAppVersion = args.Get("min-app-version") ?? "1.0",
                Keys = rotation,
                Notes = args.Get("notes"),
            }, Path.GetFileName(file));
        }
        catch (SnapshotValidationException e)
        {
            error.WriteLine($"snapshot build: {Path.GetFileName(file)} would be rejected by the kiosks; nothing was written.");
            foreach (var p in e.Problems)
            {
                error.WriteLine("  - " + p);
            }

            return 2;
        }

        File.WriteAllBytes(outPath, package);
        var m = SnapshotPackage.ReadManifest(package);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"built {outPath}: snapshot {m.SnapshotId} version {m.Version}, {m.SchemeCount} schemes, {package.Length / 1024.0:F0} KB " +
            $"(snapshot {m.ContentSize / 1024.0:F0} KB), signed by key {m.KeyId}{(rotation is null ? "" : $", key rotation +{rotation.Add.Count}/-{rotation.Revoke.Count}")}"));
        return 0;
    }

    private static KeyRotation? RotationFrom(Args args)
    {
        var add = Split(args.Get("add-key")).Select(File.ReadAllText).ToList();
        var revoke = Split(args.Get("revoke-key")).ToList();
        foreach (var pem in add)
        {
            using var _ = NgoKeys.ParsePublic(pem, "--add-key"); // fail here, not on the kiosks
        }

        return add.Count == 0 && revoke.Count == 0 ? null : new KeyRotation { Add = add, Revoke = revoke };
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Verify(Args args, TextWriter output, TextWriter error)
    {
        var file = args.Positional.ElementAtOrDefault(1) ?? throw new UsageException(SnapshotUsage);
        var pubkey = args.Get("pubkey") ?? DefaultKeyFolder() ?? throw new UsageException("snapshot verify needs --pubkey PEM|DIR");
        var package = File.ReadAllBytes(file);
        try
        {
            var ok = SnapshotPackage.Open(package, NgoKeyRing.Load(pubkey));
            SnapshotParser.Parse(ok.SnapshotJson, Path.GetFileName(file)); // what the kiosk will check next
            var m = ok.Manifest;
            if (args.Has("json"))
            {
                output.WriteLine(JsonSerializer.Serialize(new JsonObject
                {
                    ["ok"] = true, ["package_id"] = ok.PackageSha256, ["snapshot_id"] = m.SnapshotId, ["version"] = m.Version,
                    ["scheme_count"] = m.SchemeCount, ["key_id"] = m.KeyId, ["created"] = m.Created, ["min_app_version"] = m.MinAppVersion,
                }, JsonLine));
            }
            else
            {
                output.WriteLine($"ok: {Path.GetFileName(file)} is snapshot {m.SnapshotId} version {m.Version} ({m.SchemeCount} schemes), " +
                                 $"built {m.Created:u}, signed by trusted key {m.KeyId}, needs app ≥ {m.MinAppVersion}; package id {ok.PackageSha256[..16]}…");
            }

            return 0;
        }
        catch (PackageRejectedException e)
        {
            Rejected(args, output, error, file, e.Message);
            return 2;
        }
        catch (SnapshotValidationException e)
        {
            Rejected(args, output, error, file, "invalid-content: " + string.Join("; ", e.Problems.Take(5)));
            return 2;
        }
    }

    private static void Rejected(Args args, TextWriter output, TextWriter error, string file, string reason)
    {
        if (args.Has("json"))
        {
            output.WriteLine(JsonSerializer.Serialize(new JsonObject { ["ok"] = false, ["rejected_reason"] = reason }, JsonLine));
        }
        else
        {
            error.WriteLine($"rejected: {Path.GetFileName(file)}: {reason}");
        }
    }

    private static int Diff(Args args, TextWriter output)
    {
        var oldFile = args.Positional.ElementAtOrDefault(1);
        var newFile = args.Positional.ElementAtOrDefault(2);
        if (oldFile is null || newFile is null)
        {
            throw new UsageException("usage: saarthi snapshot diff OLD NEW (snapshot JSON files or packages)");
        }

        var diff = SnapshotDiff.Compare(ReadSnapshotJson(oldFile), ReadSnapshotJson(newFile));
        output.Write(args.Has("json") ? JsonSerializer.Serialize(diff, Json.Options) + Environment.NewLine : diff.ToText());
        return 0;
    }

    /// <summary>A snapshot JSON file as is, or the snapshot inside a package (hashes checked; diff does not need the signature).</summary>
    private static string ReadSnapshotJson(string file)
    {
        var bytes = File.ReadAllBytes(file);
        if (!SnapshotPackage.LooksLikePackage(bytes))
        {
            return File.ReadAllText(file);
        }

        try
        {
            return SnapshotPackage.UnpackUnverified(bytes).Json;
        }
        catch (PackageRejectedException e)
        {
            throw new IOException($"{file}: {e.Message}", e);
        }
    }

    private static int Push(Args args, TextWriter output, TextWriter error)
    {
        var file = args.Positional.ElementAtOrDefault(1) ?? throw new UsageException(SnapshotUsage);
        var broker = ParseBroker(args.Get("broker") ?? throw new UsageException("snapshot push needs --broker mqtt(s)://HOST:PORT"));
        var kiosk = args.Get("kiosk");
        if (kiosk is null == !args.Has("all"))
        {
            throw new UsageException("snapshot push needs exactly one of --kiosk ID or --all");
        }

        var package = File.ReadAllBytes(file);
        var manifest = SnapshotPackage.ReadManifest(package);
        var target = kiosk is null ? "every kiosk" : $"kiosk {kiosk}";
        error.WriteLine($"push: {manifest.SnapshotId} v{manifest.Version} ({package.Length / 1024.0:F0} KB) to {target} via {broker}");
        var progress = new ConsoleProgress(error);
        try
        {
            var result = PackagePusher.PushAsync(package, new PushOptions
            {
                Broker = broker,
                KioskId = kiosk,
                Username = args.Get("user"),
                Password = args.Get("password") ?? Environment.GetEnvironmentVariable("SAARTHI_MQTT_PASSWORD"),
                CaFile = args.Get("cafile"),
                ChunkSize = args.GetInt("chunk-size", PackageChunk.DefaultChunkSize / 1024) * 1024,
                WaitForKiosk = TimeSpan.FromSeconds(args.Has("wait") ? args.GetInt("wait", 60) : 0),
            }, progress).GetAwaiter().GetResult();
            error.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pushed {Path.GetFileName(file)} to {target}: {result.Chunks} chunks, {result.Bytes / 1024.0:F0} KB in {result.Elapsed.TotalSeconds:F1} s" +
                $"{(result.Reconnects > 0 ? $", {result.Reconnects} reconnect(s)" : "")}; the broker holds it for kiosks that are offline"));
            if (result.KioskStatus?["last_update"] is JsonObject last)
            {
                output.WriteLine((bool?)last["applied"] == true
                    ? $"kiosk {kiosk} applied it: now serving {(string?)result.KioskStatus["snapshot_id"]}"
                    : $"kiosk {kiosk} rejected it: {(string?)last["reason"]}");
                return (bool?)last["applied"] == true ? 0 : 2;
            }

            if (args.Has("wait"))
            {
                output.WriteLine($"kiosk {kiosk} has not reported yet (offline?); it will take the package when it reconnects");
            }

            return 0;
        }
        catch (SyncTransportException e)
        {
            error.WriteLine();
            error.WriteLine("push: " + e.Message);
            return 1;
        }
    }

    private static int Sync(Args args, string data, string pubkey, TextWriter output, TextWriter error)
    {
        var broker = ParseBroker(args.Get("broker") ?? throw new UsageException(SyncUsage));
        var kiosk = args.Get("kiosk") ?? Environment.GetEnvironmentVariable("SAARTHI_KIOSK_ID") ?? throw new UsageException("sync needs --kiosk ID");
        if (!SyncTopics.IsValidKioskId(kiosk))
        {
            throw new UsageException($"'{kiosk}' is not a valid kiosk id (letters, digits, '-', '_', '.'; at most 64)");
        }

        using var client = new SyncClient(new SyncClientOptions
        {
            Broker = broker,
            KioskId = kiosk,
            DataDirectory = data,
            PinnedKeys = pubkey,
            Username = args.Get("user"),
            Password = args.Get("password") ?? Environment.GetEnvironmentVariable("SAARTHI_MQTT_PASSWORD"),
            CaFile = args.Get("cafile"),
            Force = args.Has("force"),
        });
        client.Log += m => error.WriteLine("sync: " + m);
        foreach (var w in client.Applier.LoadKeys().Warnings)
        {
            error.WriteLine("sync: key folder: " + w);
        }

        if (!args.Has("once"))
        {
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            client.RunAsync(stop.Token).GetAwaiter().GetResult();
            return 0;
        }

        var result = client.RunOnceAsync(TimeSpan.FromSeconds(args.GetInt("timeout", 120))).GetAwaiter().GetResult();
        var line = new JsonObject
        {
            ["applied"] = result.Applied,
            ["snapshot_id"] = result.SnapshotId,
            ["rejected_reason"] = result.RejectedReason,
            ["version"] = result.Version,
            ["packages"] = result.Results.Count,
        };
        if (result.Receiving.Count > 0)
        {
            line["receiving"] = new JsonArray([.. result.Receiving.Select(p => (JsonNode)new JsonObject { ["package_id"] = p.PackageId, ["have"] = p.Have, ["count"] = p.Count })]);
        }

        if (result.Error is not null)
        {
            line["error"] = result.Error;
        }

        output.WriteLine(JsonSerializer.Serialize(line, JsonLine));
        return result.Connected ? 0 : 1;
    }

    private static int SyncApply(Args args, string data, string pubkey, TextWriter output)
    {
        var file = args.Positional.FirstOrDefault() ?? throw new UsageException(SyncUsage);
        using var applier = new UpdateApplier(new UpdateApplierOptions { DataDirectory = data, PinnedKeys = pubkey });
        var result = applier.ApplyAsync(File.ReadAllBytes(file), args.Has("force")).GetAwaiter().GetResult();
        var state = applier.State.LoadResolved();
        output.WriteLine(JsonSerializer.Serialize(new JsonObject
        {
            ["applied"] = result.Applied,
            ["snapshot_id"] = state.Current?.SnapshotId,
            ["rejected_reason"] = result.RejectedReason,
            ["version"] = state.Current?.Version,
            ["apply_ms"] = Math.Round(result.Elapsed.TotalMilliseconds),
        }, JsonLine));
        return result.Applied ? 0 : 2;
    }

    private static BrokerAddress ParseBroker(string url)
    {
        try
        {
            return BrokerAddress.Parse(url);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>firmware-config/ngo-keys/ above the application (repository or SD-card layout), else /etc/saarthi/ngo-keys.</summary>
    private static string? DefaultKeyFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "firmware-config", "ngo-keys");
            if (Directory.Exists(candidate) && Directory.GetFiles(candidate, "*.pem").Length > 0)
            {
                return candidate;
            }
        }

        return Directory.Exists("/etc/saarthi/ngo-keys") ? "/etc/saarthi/ngo-keys" : null;
    }

    /// <summary>One progress line on stderr, rewritten in place.</summary>
    private sealed class ConsoleProgress(TextWriter error) : IProgress<PushProgress>
    {
        public void Report(PushProgress p)
        {
            var percent = p.Count == 0 ? 100 : 100 * p.Acknowledged / p.Count;
            error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\rpush: {p.Acknowledged}/{p.Count} chunks ({percent}%) {p.BytesAcknowledged / 1024.0:F0}/{p.TotalBytes / 1024.0:F0} KB{(p.Reconnects > 0 ? $", reconnected {p.Reconnects}×" : "")}   "));
        }
    }
}
