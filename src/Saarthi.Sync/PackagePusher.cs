using System.Diagnostics;
using System.Text.Json.Nodes;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Transfer;

namespace Saarthi.Sync;

/// <summary>Where and how the NGO tool pushes a package.</summary>
public sealed record PushOptions
{
    public required BrokerAddress Broker { get; init; }

    /// <summary>One kiosk, or <see langword="null"/> for every kiosk (<c>saarthi/all/update/…</c>).</summary>
    public string? KioskId { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? CaFile { get; init; }

    public int ChunkSize { get; init; } = PackageChunk.DefaultChunkSize;

    public string ClientId { get; init; } = "saarthi-push-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Give up when the broker cannot be reached for this long.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Give up when the whole push takes longer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>When no acknowledgement comes for this long while connected, the missing chunks are published again.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After the push, wait this long for the kiosk's status to report the package (only with <see cref="KioskId"/>).</summary>
    public TimeSpan WaitForKiosk { get; init; } = TimeSpan.Zero;

    public int MaxInflight { get; init; } = 32;
}

/// <summary>How far a push has got: chunks the broker has acknowledged.</summary>
public sealed record PushProgress(int Acknowledged, int Count, long BytesAcknowledged, long TotalBytes, int Reconnects);

/// <summary>A finished push, with the kiosk's report when it was waited for.</summary>
public sealed record PushResult(string PackageId, int Chunks, long Bytes, TimeSpan Elapsed, int Reconnects, JsonObject? KioskStatus);

/// <summary>
/// The NGO side: splits a package into chunks and publishes them with QoS 1 until the broker has acknowledged every
/// one. After a disconnect libmosquitto resends what was in flight; chunks still unacknowledged after a stall are
/// published again (duplicates are harmless at the kiosk).
/// </summary>
public static class PackagePusher
{
    public static async Task<PushResult> PushAsync(byte[] package, PushOptions options, IProgress<PushProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(options);
        if (options.KioskId is not null && !SyncTopics.IsValidKioskId(options.KioskId))
        {
            throw new ArgumentException($"'{options.KioskId}' is not a valid kiosk id", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        var chunks = PackageChunk.Split(package, options.ChunkSize);
        var packageId = chunks[0].PackageId;
        using var link = new MqttLink(new MqttLinkOptions
        {
            Broker = options.Broker,
            ClientId = options.ClientId,
            CleanSession = true,
            Username = options.Username,
            Password = options.Password,
            CaFile = options.CaFile,
            MaxInflight = options.MaxInflight,
            ReconnectDelay = TimeSpan.FromMilliseconds(500),
            ReconnectDelayMax = TimeSpan.FromSeconds(10),
        });
        link.Start();
        try
        {
            await link.WaitConnectedAsync(options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            string? statusTopic = null;
            if (options.KioskId is not null && options.WaitForKiosk > TimeSpan.Zero)
            {
                statusTopic = SyncTopics.Status(options.KioskId);
                link.Subscribe(statusTopic, 1);
            }

            var midToIndex = new Dictionary<int, int>();
            var acked = new bool[chunks.Count];
            int ackedCount = 0;
            long ackedBytes = 0;
            void PublishChunk(int i)
            {
                var c = chunks[i];
                var topic = options.KioskId is null ? SyncTopics.AllChunk(packageId, i) : SyncTopics.KioskChunk(options.KioskId, packageId, i);
                midToIndex[link.Publish(topic, c.Encode(), 1, retain: false)] = i;
            }

            for (int i = 0; i < chunks.Count; i++)
            {
                PublishChunk(i);
            }

            var lastAck = Stopwatch.StartNew();
            JsonObject? kioskStatus = null;
            while (ackedCount < chunks.Count)
            {
                if (clock.Elapsed > options.Timeout)
                {
                    throw new SyncTransportException($"push timed out after {options.Timeout.TotalSeconds:F0} s with {ackedCount}/{chunks.Count} chunks acknowledged");
                }

                var ev = await link.NextAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
                switch (ev)
                {
                    case MosquittoPublished p when midToIndex.Remove(p.Mid, out var index):
                        lastAck.Restart();
                        if (!acked[index])
                        {
                            acked[index] = true;
                            ackedCount++;
                            ackedBytes += chunks[index].Data.Length;
                            progress?.Report(new PushProgress(ackedCount, chunks.Count, ackedBytes, package.LongLength, link.Reconnects));
                        }

                        break;
                    case MosquittoConnected { Accepted: true }:
                        progress?.Report(new PushProgress(ackedCount, chunks.Count, ackedBytes, package.LongLength, link.Reconnects));
                        lastAck.Restart(); // libmosquitto resends the unacknowledged chunks now
                        break;
                    case MosquittoMessage m when m.Topic == statusTopic:
                        kioskStatus = Reported(m.Payload, packageId) ?? kioskStatus;
                        break;
                    case MosquittoStopped s:
                        throw new SyncTransportException("the MQTT client stopped: " + s.Reason);
                }

                if (link.IsConnected && lastAck.Elapsed > options.StallTimeout)
                {
                    lastAck.Restart();
                    for (int i = 0; i < chunks.Count; i++)
                    {
                        if (!acked[i])
                        {
                            PublishChunk(i);
                        }
                    }
                }
            }

            if (statusTopic is not null && kioskStatus is null)
            {
                var until = clock.Elapsed + options.WaitForKiosk;
                while (kioskStatus is null && clock.Elapsed < until)
                {
                    if (await link.NextAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false) is MosquittoMessage m && m.Topic == statusTopic)
                    {
                        kioskStatus = Reported(m.Payload, packageId);
                    }
                }
            }

            return new PushResult(packageId, chunks.Count, package.LongLength, clock.Elapsed, link.Reconnects, kioskStatus);
        }
        finally
        {
            link.Stop(TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>The kiosk's status when its last update is this package.</summary>
    private static JsonObject? Reported(byte[] payload, string packageId)
    {
        try
        {
            var status = JsonNode.Parse(payload) as JsonObject;
            return (string?)status?["last_update"]?["package_id"] == packageId ? status : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
