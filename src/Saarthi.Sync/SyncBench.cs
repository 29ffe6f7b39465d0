using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Sync.Apply;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Packages;

namespace Saarthi.Sync;

/// <summary>
/// Figures for issue notes (not pass/fail): package build/verify/apply time for the seed snapshot and a synthetic
/// 1,000-scheme one, and publish/receive throughput through a broker (a local mosquitto when none is given).
/// </summary>
public static class SyncBench
{
    public static async Task<int> RunAsync(string seedJson, TextWriter output, BrokerAddress? broker = null, int rounds = 3, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seedJson);
        ArgumentNullException.ThrowIfNull(output);
        var work = Path.Combine(Path.GetTempPath(), "saarthi-sync-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var keyPath = Path.Combine(work, "ngo-public.pem");
            await File.WriteAllTextAsync(keyPath, key.ExportSubjectPublicKeyInfoPem(), cancellationToken).ConfigureAwait(false);
            var synthetic = Synthetic(seedJson, 1000);
            await ApplyFiguresAsync("seed (34 schemes)", seedJson, key, keyPath, work, rounds, output, cancellationToken).ConfigureAwait(false);
            var bigPackage = await ApplyFiguresAsync("synthetic (1,000 schemes)", synthetic, key, keyPath, work, rounds, output, cancellationToken).ConfigureAwait(false);

            LocalBroker? local = null;
            if (broker is null)
            {
                if (LocalBroker.FindExecutable() is null)
                {
                    output.WriteLine("broker: mosquitto is not installed and no --broker given; throughput skipped");
                    return 0;
                }

                local = LocalBroker.Start(new LocalBrokerOptions { Directory = Path.Combine(work, "broker") });
                broker = local.Address;
            }

            using (local)
            {
                await ThroughputAsync(broker, output, cancellationToken).ConfigureAwait(false);
                await EndToEndAsync(broker, bigPackage, keyPath, work, output, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A valid snapshot with <paramref name="count"/> schemes: the seed's, repeated under new ids.</summary>
    public static string Synthetic(string seedJson, int count)
    {
        var root = JsonNode.Parse(seedJson)!.AsObject();
        var source = root["schemes"]!.AsArray().Select(n => n!.ToJsonString()).ToList();
        var schemes = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            var s = JsonNode.Parse(source[i % source.Count])!.AsObject();
            s["id"] = string.Create(CultureInfo.InvariantCulture, $"{(string?)s["id"]}-{i:D4}");
            schemes.Add(s);
        }

        root["snapshot_id"] = string.Create(CultureInfo.InvariantCulture, $"synthetic-{count}");
        root["schemes"] = schemes;
        root["scheme_count"] = count;
        return root.ToJsonString();
    }

    private static async Task<byte[]> ApplyFiguresAsync(string label, string json, ECDsa key, string keyPath, string work, int rounds,
        TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var package = SnapshotPackage.Build(json, key, new PackageBuildOptions { Version = 1 });
        var buildMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        SnapshotPackage.Open(package, NgoKeyRing.FromPem(key.ExportSubjectPublicKeyInfoPem()));
        var verifyMs = clock.Elapsed.TotalMilliseconds;

        var applyMs = new List<double>();
        var data = Path.Combine(work, "apply-" + Guid.NewGuid().ToString("N")[..8]);
        using (var applier = new UpdateApplier(new UpdateApplierOptions { DataDirectory = data, PinnedKeys = keyPath }))
        {
            for (int r = 0; r < rounds + 1; r++)
            {
                var result = await applier.ApplyAsync(package, force: true, cancellationToken).ConfigureAwait(false);
                if (!result.Applied)
                {
                    throw new InvalidOperationException("bench apply failed: " + result.RejectedReason);
                }

                if (r > 0)
                {
                    applyMs.Add(result.Elapsed.TotalMilliseconds); // the first round warms the JIT
                }
            }
        }

        applyMs.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"apply {label}: JSON {Encoding.UTF8.GetByteCount(json) / 1024.0:F0} KB, package {package.Length / 1024.0:F0} KB; " +
            $"build+sign {buildMs:F0} ms, verify {verifyMs:F0} ms, apply (verify+validate+build DB+swap) median {applyMs[applyMs.Count / 2]:F0} ms over {applyMs.Count}"));
        return package;
    }

    private static async Task ThroughputAsync(BrokerAddress broker, TextWriter output, CancellationToken cancellationToken)
    {
        const int messages = 200, size = 256 * 1024;
        var topic = "saarthi/bench/" + Guid.NewGuid().ToString("N")[..8];
        using var sub = new MosquittoClient(new MosquittoClientOptions { ClientId = "bench-sub-" + Guid.NewGuid().ToString("N")[..6], EventCapacity = 1024 });
        using var pub = new MosquittoClient(new MosquittoClientOptions { ClientId = "bench-pub-" + Guid.NewGuid().ToString("N")[..6], MaxInflight = 32, EventCapacity = 1024 });
        sub.Start(broker.Host, broker.Port);
        pub.Start(broker.Host, broker.Port);
        await WaitAsync<MosquittoConnected>(sub, c => c.Accepted, cancellationToken).ConfigureAwait(false);
        var subMid = sub.Subscribe(topic, 1);
        await WaitAsync<MosquittoSubscribed>(sub, s => s.Mid == subMid, cancellationToken).ConfigureAwait(false);
        await WaitAsync<MosquittoConnected>(pub, c => c.Accepted, cancellationToken).ConfigureAwait(false);

        var payload = new byte[size];
        Random.Shared.NextBytes(payload);
        var clock = Stopwatch.StartNew();
        var pending = new HashSet<int>();
        for (int i = 0; i < messages; i++)
        {
            pending.Add(pub.Publish(topic, payload, 1, retain: false));
        }

        var receiving = Task.Run(async () =>
        {
            for (int got = 0; got < messages;)
            {
                if (await sub.Events.ReadAsync(cancellationToken).ConfigureAwait(false) is MosquittoMessage)
                {
                    got++;
                }
            }
        }, cancellationToken);
        while (pending.Count > 0)
        {
            if (await pub.Events.ReadAsync(cancellationToken).ConfigureAwait(false) is MosquittoPublished p)
            {
                pending.Remove(p.Mid);
            }
        }

        var published = clock.Elapsed.TotalSeconds;
        await receiving.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        var received = clock.Elapsed.TotalSeconds;
        double mb = messages * (double)size / (1024 * 1024);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mqtt {broker}: {messages} × 256 KB QoS 1: published (all PUBACKs) {mb / published:F0} MB/s, received by a subscriber {mb / received:F0} MB/s ({messages / received:F0} msg/s)"));
    }

    private static async Task EndToEndAsync(BrokerAddress broker, byte[] package, string keyPath, string work, TextWriter output, CancellationToken cancellationToken)
    {
        var kiosk = "bench-kiosk-" + Guid.NewGuid().ToString("N")[..6];
        var data = Path.Combine(work, kiosk);
        using var client = new SyncClient(new SyncClientOptions { Broker = broker, KioskId = kiosk, DataDirectory = data, PinnedKeys = keyPath, Force = true });
        var applied = new TaskCompletionSource<ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.PackageProcessed += r => applied.TrySetResult(r);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = client.RunAsync(stop.Token);
        await Task.Delay(500, cancellationToken).ConfigureAwait(false); // connected and subscribed

        var clock = Stopwatch.StartNew();
        var pushed = await PackagePusher.PushAsync(package, new PushOptions { Broker = broker, KioskId = kiosk }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = await applied.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        var total = clock.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"push → kiosk applied: {package.Length / 1024.0:F0} KB in {pushed.Chunks} chunks; pushed in {pushed.Elapsed.TotalMilliseconds:F0} ms, " +
            $"applied after {total.TotalMilliseconds:F0} ms (apply {result.Elapsed.TotalMilliseconds:F0} ms, {(result.Applied ? "ok" : result.RejectedReason)})"));
    }

    private static async Task<T> WaitAsync<T>(MosquittoClient client, Func<T, bool> match, CancellationToken cancellationToken)
        where T : MosquittoEvent
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await client.Events.ReadAsync(cts.Token).ConfigureAwait(false) is T t && match(t))
            {
                return t;
            }
        }
    }
}
