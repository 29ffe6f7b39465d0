using System.Text;
using System.Text.Json.Nodes;
using Saarthi.Knowledge.Storage;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Packages;
using Saarthi.Sync.Telemetry;
using Saarthi.Sync.Transfer;

namespace Saarthi.Sync.Tests;

/// <summary>Kiosk and NGO tool through a real mosquitto on 127.0.0.1: every package applied or rejected as it should be.</summary>
public sealed class SyncEndToEndTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TestKey _ngo;
    private readonly LocalBroker _broker;

    public SyncEndToEndTests()
    {
        _ngo = new TestKey(_dir.Sub("keys"));
        _broker = Brokers.Plain(_dir.Sub("broker"));
    }

    public void Dispose()
    {
        _broker.Dispose();
        _ngo.Dispose();
        _dir.Dispose();
    }

    /// <summary>A kiosk data directory serving the seed (as a kiosk does after its first start).</summary>
    private string Kiosk(string id)
    {
        var data = _dir.Sub("kiosk-" + id);
        new SnapshotStore(data).Import(Seed.Json, "seed");
        return data;
    }

    private SyncClientOptions Options(string kioskId, string data, LocalBroker? broker = null, SyncLimits? limits = null) => new()
    {
        Broker = (broker ?? _broker).Address,
        KioskId = kioskId,
        DataDirectory = data,
        PinnedKeys = _ngo.PublicPath,
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        ReconnectDelayMax = TimeSpan.FromSeconds(1),
        PartialGrace = TimeSpan.FromSeconds(1),
        Limits = limits ?? SyncLimits.Default,
    };

    private static async Task<SyncOnceResult> SyncOnce(SyncClientOptions options, KioskTelemetry? telemetry = null)
    {
        using var client = new SyncClient(options, telemetry);
        return await client.RunOnceAsync(TimeSpan.FromSeconds(30));
    }

    private Task<PushResult> Push(byte[] package, string? kioskId, int chunkSize = 16 * 1024, LocalBroker? broker = null) =>
        PackagePusher.PushAsync(package, new PushOptions { Broker = (broker ?? _broker).Address, KioskId = kioskId, ChunkSize = chunkSize });

    private static string ServingId(string data) =>
        SnapshotStore.TryRead(Path.Combine(data, SnapshotStore.CurrentFile), out var s, out var why) ? s!.SnapshotId : "unreadable: " + why;

    /// <summary>Everything retained or arriving under the kiosk's topics within a short while.</summary>
    private async Task<Dictionary<string, List<string>>> Watch(string kioskId, Func<Task>? during = null, double seconds = 1.5)
    {
        using var watcher = new MosquittoClient(new MosquittoClientOptions { ClientId = "watch-" + Guid.NewGuid().ToString("N")[..8] });
        watcher.Start("127.0.0.1", _broker.Port);
        await watcher.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        watcher.Subscribe($"saarthi/kiosk/{kioskId}/#", 1);
        await watcher.Events.WaitForAsync<MosquittoSubscribed>();
        if (during is not null)
        {
            await during();
        }

        var seen = new Dictionary<string, List<string>>();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            while (watcher.Events.TryRead(out var ev))
            {
                if (ev is MosquittoMessage m)
                {
                    var key = m.Topic[(m.Topic.LastIndexOf('/') + 1)..];
                    if (!seen.TryGetValue(key, out var list))
                    {
                        seen[key] = list = [];
                    }

                    list.Add(Encoding.UTF8.GetString(m.Payload));
                }
            }

            await Task.Delay(50);
        }

        return seen;
    }

    [Fact]
    public async Task Push_WhileKioskOffline_AppliedWhenItReconnects()
    {
        var data = Kiosk("k1");
        var first = await SyncOnce(Options("k1", data)); // first contact: the broker keeps a session from now on
        Assert.True(first.Connected, first.Error);
        Assert.False(first.Applied);

        var pushed = await Push(_ngo.Package(Seed.Version2(), 2), "k1");
        Assert.True(pushed.Chunks > 1, "the seed package should need several 16 KB chunks");
        var result = await SyncOnce(Options("k1", data));

        Assert.True(result.Applied, result.RejectedReason ?? result.Error);
        Assert.Null(result.Error);
        Assert.Equal(("seed-central-schemes-v2", 2L), (result.SnapshotId, result.Version));
        Assert.Equal("seed-central-schemes-v2", ServingId(data));
        var seen = await Watch("k1");
        var status = JsonNode.Parse(seen["status"].Last())!;
        Assert.Equal("seed-central-schemes-v2", (string?)status["snapshot_id"]);
        Assert.True((bool)status["last_update"]!["applied"]!);
        Assert.Equal("offline", seen["presence"].Last());
    }

    [Fact]
    public async Task PushToAll_EveryKioskWithASession_AppliesIt()
    {
        var a = Kiosk("a");
        var b = Kiosk("b");
        await SyncOnce(Options("a", a));
        await SyncOnce(Options("b", b));

        await Push(_ngo.Package(Seed.Version2(), 2), kioskId: null);

        Assert.True((await SyncOnce(Options("a", a))).Applied);
        Assert.True((await SyncOnce(Options("b", b))).Applied);
        Assert.Equal("seed-central-schemes-v2", ServingId(a));
        Assert.Equal("seed-central-schemes-v2", ServingId(b));
    }

    [Fact]
    public async Task BrokerRestartedMidTransfer_KioskKeepsItsChunksAndCompletesAfterwards()
    {
        var data = Kiosk("k-restart");
        await SyncOnce(Options("k-restart", data));
        var package = _ngo.Package(Seed.Synthetic(300, "synthetic-300"), 2);
        var chunks = PackageChunk.Split(package, 8 * 1024);
        // Half the chunks reach the broker and the kiosk before the broker goes down.
        await PublishRaw(chunks.Take(chunks.Count / 2).Select(c => (SyncTopics.KioskChunk("k-restart", c.PackageId, c.Index), c.Encode())));
        var partial = await SyncOnce(Options("k-restart", data));
        Assert.False(partial.Applied);
        Assert.Equal(chunks.Count / 2, Assert.Single(partial.Receiving).Have);

        _broker.Restart();
        // The NGO tool pushes again (the whole package: what the kiosk already has is a harmless duplicate).
        await Push(package, "k-restart", chunkSize: 8 * 1024);
        var result = await SyncOnce(Options("k-restart", data));

        Assert.True(result.Applied, result.RejectedReason ?? result.Error);
        Assert.Equal("synthetic-300", ServingId(data));
        Assert.Empty(result.Receiving);
    }

    [Fact]
    public async Task BrokerRestartedWhilePushing_PusherResendsAndKioskGetsEverything()
    {
        var data = Kiosk("k-push-restart");
        await SyncOnce(Options("k-push-restart", data));
        // Many small chunks, one in flight at a time: the transfer outlasts the broker's restart.
        var package = _ngo.Package(Seed.Synthetic(400, "synthetic-400"), 2);
        int restarts = 0, ackedAtRestart = 0, count = 0;
        var progress = new InlineProgress(p =>
        {
            count = p.Count;
            if (restarts == 0 && p.Acknowledged >= 10)
            {
                restarts++;
                ackedAtRestart = p.Acknowledged;
                _broker.Restart(); // blocks the pusher's loop while the broker is down and comes back
            }
        });

        var pushed = await PackagePusher.PushAsync(package,
            new PushOptions { Broker = _broker.Address, KioskId = "k-push-restart", ChunkSize = 1024, MaxInflight = 1 }, progress);
        var result = await SyncOnce(Options("k-push-restart", data));

        Assert.Equal(1, restarts);
        Assert.True(pushed.Reconnects >= 1, $"the pusher should have seen the broker go away ({ackedAtRestart}/{count} acknowledged at the restart)");
        Assert.True(result.Applied, result.RejectedReason ?? result.Error);
        Assert.Equal("synthetic-400", ServingId(data));
    }

    [Fact]
    public async Task TamperedPackage_RejectedWithHashMismatch_CurrentKeepsServing()
    {
        var data = Kiosk("k-tamper");
        await SyncOnce(Options("k-tamper", data));
        var package = _ngo.Package(Seed.Version2(), 2);
        package[^500] ^= 0x20;

        await Push(package, "k-tamper");
        var result = await SyncOnce(Options("k-tamper", data));

        Assert.False(result.Applied);
        Assert.StartsWith("hash-mismatch:", result.RejectedReason, StringComparison.Ordinal);
        Assert.Equal(Seed.SnapshotId, ServingId(data));
        var status = JsonNode.Parse((await Watch("k-tamper"))["status"].Last())!;
        Assert.False((bool)status["last_update"]!["applied"]!);
        Assert.StartsWith("hash-mismatch", (string?)status["last_update"]!["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackageSignedWithWrongKey_RejectedAsUnknownKey()
    {
        var data = Kiosk("k-wrongkey");
        await SyncOnce(Options("k-wrongkey", data));
        using var stranger = new TestKey(_dir.Sub("stranger"), "stranger");

        await Push(stranger.Package(Seed.Version2(), 2), "k-wrongkey");
        var result = await SyncOnce(Options("k-wrongkey", data));

        Assert.StartsWith("unknown-key:", result.RejectedReason, StringComparison.Ordinal);
        Assert.Equal(Seed.SnapshotId, ServingId(data));
    }

    [Fact]
    public async Task TruncatedChunk_DroppedPackageWaitsAndCompletesWhenPushedAgain()
    {
        var data = Kiosk("k-trunc");
        await SyncOnce(Options("k-trunc", data));
        var package = _ngo.Package(Seed.Version2(), 2);
        var chunks = PackageChunk.Split(package, 8 * 1024);
        await PublishRaw(chunks.Select(c =>
        {
            var message = c.Encode();
            return (SyncTopics.KioskChunk("k-trunc", c.PackageId, c.Index), c.Index == 1 ? message[..^100] : message);
        }));

        var first = await SyncOnce(Options("k-trunc", data));

        Assert.False(first.Applied);
        Assert.Empty(first.Results);
        Assert.Equal(chunks.Count - 1, Assert.Single(first.Receiving).Have);
        Assert.Equal(Seed.SnapshotId, ServingId(data));

        await Push(package, "k-trunc", chunkSize: 8 * 1024);
        var second = await SyncOnce(Options("k-trunc", data));
        Assert.True(second.Applied, second.RejectedReason ?? second.Error);
    }

    [Fact]
    public async Task TruncatedPackage_AllChunksIntact_RejectedBeforeApply()
    {
        var data = Kiosk("k-cut");
        await SyncOnce(Options("k-cut", data));
        var package = _ngo.Package(Seed.Version2(), 2);

        await Push(package[..(package.Length * 2 / 3)], "k-cut");
        var result = await SyncOnce(Options("k-cut", data));

        Assert.False(result.Applied);
        Assert.StartsWith("hash-mismatch:", result.RejectedReason, StringComparison.Ordinal);
        Assert.Equal(Seed.SnapshotId, ServingId(data));
    }

    [Fact]
    public async Task ReplayedOlderVersion_RejectedAsNotNewer_ExactReplayIgnored()
    {
        var data = Kiosk("k-replay");
        await SyncOnce(Options("k-replay", data));
        var v3 = _ngo.Package(Seed.Version2(), 3);
        await Push(v3, "k-replay");
        Assert.True((await SyncOnce(Options("k-replay", data))).Applied);

        await Push(_ngo.Package(Seed.Json, 2), "k-replay"); // an older version, validly signed
        await Push(v3, "k-replay");                          // the very same package again
        var result = await SyncOnce(Options("k-replay", data));

        var rejected = Assert.Single(result.Results);
        Assert.StartsWith("not-newer: version 2 is not above 3", rejected.RejectedReason, StringComparison.Ordinal);
        Assert.Equal("seed-central-schemes-v2", ServingId(data));
    }

    [Fact]
    public async Task OversizePackage_RejectedAtFirstChunk()
    {
        var data = Kiosk("k-big");
        var limits = new SyncLimits { MaxPackageBytes = 20 * 1024 };
        await SyncOnce(Options("k-big", data, limits: limits));
        var package = _ngo.Package(Seed.Synthetic(200, "too-big"), 2);
        Assert.True(package.Length > limits.MaxPackageBytes);

        await Push(package, "k-big", chunkSize: 4 * 1024);
        var result = await SyncOnce(Options("k-big", data, limits: limits));

        var rejected = Assert.Single(result.Results);
        Assert.StartsWith("oversize:", rejected.RejectedReason, StringComparison.Ordinal);
        Assert.Empty(result.Receiving);
        Assert.Empty(Directory.GetDirectories(Path.Combine(data, "sync", "incoming")));
        Assert.Equal(Seed.SnapshotId, ServingId(data));
    }

    [Fact]
    public async Task MalformedJsonInsideValidlySignedPackage_RejectedAsInvalidContent()
    {
        var data = Kiosk("k-json");
        await SyncOnce(Options("k-json", data));
        var bytes = Encoding.UTF8.GetBytes(Seed.Version2()[..5000]);
        var manifest = new PackageManifest
        {
            SnapshotId = "seed-central-schemes-v2", Version = 2, Created = DateTimeOffset.UnixEpoch, SchemeCount = 33,
            ContentSha256 = SnapshotPackage.Sha256Hex(bytes), ContentSize = bytes.Length, PayloadEncoding = "identity",
            PayloadSha256 = SnapshotPackage.Sha256Hex(bytes), PayloadSize = bytes.Length, KeyId = _ngo.Id,
        };

        await Push(SnapshotPackage.Assemble(manifest, _ngo.Key, bytes), "k-json");
        var result = await SyncOnce(Options("k-json", data));

        Assert.StartsWith("invalid-content:", result.RejectedReason, StringComparison.Ordinal);
        Assert.Equal(Seed.SnapshotId, ServingId(data));
    }

    [Fact]
    public async Task Telemetry_RecordedWhileOffline_SentOnConnectAndAcknowledged()
    {
        var data = Kiosk("k-tele");
        using var telemetry = new KioskTelemetry(data);
        telemetry.RecordCall(new CallTelemetry(DateTimeOffset.UtcNow.AddDays(-1), TimeSpan.FromSeconds(95), "phone", "hi", ["pm-kisan", "pm-kisan"], 2, "completed"));
        telemetry.RecordCall(new CallTelemetry(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(40), "handset", "en", ["ayushman-bharat"], 1, "completed"));
        telemetry.RecordUnanswered("what is the price of onions, call me on 98765 43210", "en", outOfScope: true);
        telemetry.RecordCallbackRequest("+919876543210", "hi", DateTimeOffset.UtcNow, "pm-kisan");

        var seen = await Watch("k-tele", async () =>
        {
            var r = await SyncOnce(Options("k-tele", data), telemetry);
            Assert.True(r.Connected, r.Error);
        });

        var callback = JsonNode.Parse(Assert.Single(seen["callbacks"]))!;
        Assert.Equal("+919876543210", (string?)callback["number"]);
        var daily = JsonNode.Parse(Assert.Single(seen["telemetry"]))!;
        Assert.Equal(1, (int)daily["calls"]!);
        Assert.Equal(2, (int)daily["questions_per_scheme"]!["pm-kisan"]!);
        Assert.DoesNotContain("+91", seen["telemetry"][0], StringComparison.Ordinal);
        var status = JsonNode.Parse(seen["status"].Last())!;
        Assert.Equal(1, (int)status["calls_today"]!);
        Assert.Equal(0, telemetry.Queued);
        Assert.Contains("[number]", telemetry.TodaySoFar().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceMode_PushWhileConnected_AppliedRaisesEventAndPusherSeesKioskReport()
    {
        var data = Kiosk("k-live");
        using var client = new SyncClient(Options("k-live", data));
        var processed = new TaskCompletionSource<Saarthi.Sync.Apply.ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PackageProcessed += r => processed.TrySetResult(r);
        using var cts = new CancellationTokenSource();
        var run = client.RunAsync(cts.Token);
        await Task.Delay(500);

        var pushed = await PackagePusher.PushAsync(_ngo.Package(Seed.Version2(), 2), new PushOptions
        {
            Broker = _broker.Address, KioskId = "k-live", WaitForKiosk = TimeSpan.FromSeconds(15),
        });
        var applied = await processed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        cts.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(applied.Applied, applied.RejectedReason);
        Assert.NotNull(pushed.KioskStatus);
        Assert.True((bool)pushed.KioskStatus!["last_update"]!["applied"]!);
        Assert.Equal("offline", (await Watch("k-live"))["presence"].Last());
    }

    [Fact]
    public async Task Tls_WithPasswordFile_PushAndSyncOverMqtts()
    {
        var (broker, certs) = Brokers.TlsWithPassword(_dir.Sub("tls-broker"));
        using (broker)
        {
            var data = Kiosk("k-tls");
            var options = Options("k-tls", data, broker) with { CaFile = certs.CaFile, Username = Brokers.User, Password = Brokers.Password };
            Assert.True((await SyncOnce(options)).Connected);

            await PackagePusher.PushAsync(_ngo.Package(Seed.Version2(), 2), new PushOptions
            {
                Broker = broker.Address, KioskId = "k-tls", CaFile = certs.CaFile, Username = Brokers.User, Password = Brokers.Password,
            });
            var result = await SyncOnce(options);

            Assert.True(result.Applied, result.RejectedReason ?? result.Error);
        }
    }

    [Fact]
    public async Task Tls_WrongPassword_SyncStopsWithAClearError()
    {
        var (broker, certs) = Brokers.TlsWithPassword(_dir.Sub("tls-broker"));
        using (broker)
        {
            var data = Kiosk("k-tls-bad");
            var options = Options("k-tls-bad", data, broker) with { CaFile = certs.CaFile, Username = Brokers.User, Password = "nope" };

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await SyncOnce(options);

            Assert.False(result.Connected);
            Assert.Contains("not authorised", result.Error, StringComparison.OrdinalIgnoreCase);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
            await Assert.ThrowsAsync<SyncTransportException>(() => PackagePusher.PushAsync(_ngo.Package(Seed.Json, 1), new PushOptions
            {
                Broker = broker.Address, KioskId = "k-tls-bad", CaFile = certs.CaFile, Username = Brokers.User, Password = "nope",
            }));
        }
    }

    private async Task PublishRaw(IEnumerable<(string Topic, byte[] Payload)> messages)
    {
        using var client = new MosquittoClient(new MosquittoClientOptions { ClientId = "raw-" + Guid.NewGuid().ToString("N")[..8] });
        client.Start("127.0.0.1", _broker.Port);
        await client.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        var mids = messages.Select(m => client.Publish(m.Topic, m.Payload, 1, false)).ToHashSet();
        while (mids.Count > 0)
        {
            mids.Remove((await client.Events.WaitForAsync<MosquittoPublished>()).Mid);
        }

        client.Stop(TimeSpan.FromSeconds(2));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<PushProgress> report) : IProgress<PushProgress>
    {
        public void Report(PushProgress value) => report(value);
    }
}
