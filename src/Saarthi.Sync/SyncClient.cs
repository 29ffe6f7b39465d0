using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Sync.Apply;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Packages;
using Saarthi.Sync.Telemetry;
using Saarthi.Sync.Transfer;

namespace Saarthi.Sync;

/// <summary>How a kiosk reaches its NGO broker and where it keeps its data.</summary>
public sealed record SyncClientOptions
{
    public required BrokerAddress Broker { get; init; }

    /// <summary>This kiosk's id: the MQTT client id (so the broker keeps its session) and its topic level.</summary>
    public required string KioskId { get; init; }

    public required string DataDirectory { get; init; }

    /// <summary>A pinned NGO public key (PEM) or a folder of them.</summary>
    public required string PinnedKeys { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The CA that signed the broker's certificate (TLS; required for mqtts:// unless the system store is wanted).</summary>
    public string? CaFile { get; init; }

    public SyncLimits Limits { get; init; } = SyncLimits.Default;

    /// <summary>Apply packages whose version is not newer (an NGO-confirmed downgrade).</summary>
    public bool Force { get; init; }

    public IUpdateGate Gate { get; init; } = new UpdateGate();

    /// <summary>Runs after a swap while the gate still keeps calls out (see <see cref="UpdateApplierOptions.Swapped"/>).</summary>
    public Action<AppliedSnapshot>? Swapped { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string AppVersion { get; init; } = SyncVersion.App;

    public int KeepAliveSeconds { get; init; } = 30;

    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>In <c>--once</c> mode: how long to keep waiting for the rest of a package whose chunks are still arriving.</summary>
    public TimeSpan PartialGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>In service mode: how often status and telemetry are published.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Partial packages older than this are dropped.</summary>
    public TimeSpan PartialMaxAge { get; init; } = TimeSpan.FromDays(7);
}

/// <summary>What one <see cref="SyncClient.RunOnceAsync"/> did.</summary>
public sealed record SyncOnceResult(
    bool Connected,
    IReadOnlyList<ApplyResult> Results,
    string? SnapshotId,
    long? Version,
    IReadOnlyList<PartialPackage> Receiving,
    string? Error)
{
    public bool Applied => Results.Any(r => r.Applied);

    /// <summary>The reason of the last rejected package, when the run applied nothing.</summary>
    public string? RejectedReason => Applied ? null : Results.LastOrDefault(r => !r.Applied)?.RejectedReason;
}

/// <summary>
/// The kiosk side of sync. Connects with client id = kiosk id and clean_session=false, subscribes with QoS 1 to its own
/// and the all-kiosks update topics (so what was pushed while it was offline is waiting for it), collects chunks on
/// disk, applies complete packages between calls, and reports: retained status, retained presence with a last will,
/// and the durable telemetry queue. Reconnects with backoff. One consumer loop reads libmosquitto's events.
/// </summary>
public sealed class SyncClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SyncClientOptions _options;
    private readonly KioskTelemetry _telemetry;
    private readonly bool _ownsTelemetry;
    private readonly ChunkAssembler _assembler;
    private readonly DateTimeOffset _started;
    private string? _lastError;

    public SyncClient(SyncClientOptions options, KioskTelemetry? telemetry = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (!SyncTopics.IsValidKioskId(options.KioskId))
        {
            throw new ArgumentException($"'{options.KioskId}' is not a valid kiosk id (letters, digits, '-', '_', '.'; at most 64)", nameof(options));
        }

        Applier = new UpdateApplier(new UpdateApplierOptions
        {
            DataDirectory = options.DataDirectory,
            PinnedKeys = options.PinnedKeys,
            Limits = options.Limits,
            AppVersion = options.AppVersion,
            Gate = options.Gate,
            Time = options.Time,
            Swapped = options.Swapped,
        });
        _ = Applier.LoadKeys(); // fail early on a missing key folder
        _ownsTelemetry = telemetry is null;
        _telemetry = telemetry ?? new KioskTelemetry(options.DataDirectory, time: options.Time);
        _assembler = new ChunkAssembler(Applier.State.IncomingDirectory, options.Limits, id => Applier.State.Load().IsDone(id), options.Time);
        _started = options.Time.GetUtcNow();
    }

    public UpdateApplier Applier { get; }

    public KioskTelemetry Telemetry => _telemetry;

    /// <summary>Raised after each package was applied or rejected (on the sync loop). When applied, reopen the knowledge base.</summary>
    public event Action<ApplyResult>? PackageProcessed;

    /// <summary>Raised for connection changes and problems, for logs.</summary>
    public event Action<string>? Log;

    /// <summary>
    /// Connects, takes everything waiting at the broker (an end-of-queue marker tells when that is), applies complete
    /// packages, publishes status and queued telemetry, and disconnects. Returns when done or after <paramref name="timeout"/>.
    /// </summary>
    public Task<SyncOnceResult> RunOnceAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        RunCoreAsync(once: true, timeout, cancellationToken);

    /// <summary>Stays connected (reconnecting as needed) until cancelled, applying packages as they complete.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        RunCoreAsync(once: false, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>The status document published (retained) on <c>saarthi/kiosk/&lt;id&gt;/status</c>.</summary>
    public JsonObject BuildStatus(bool online)
    {
        var state = Applier.State.LoadResolved();
        var now = _options.Time.GetUtcNow();
        var status = new JsonObject
        {
            ["kiosk_id"] = _options.KioskId,
            ["online"] = online,
            ["app_version"] = _options.AppVersion,
            ["snapshot_id"] = state.Current?.SnapshotId,
            ["snapshot_version"] = state.Current?.Version,
            ["highest_version"] = state.HighestVersion,
            ["previous_snapshot_id"] = state.Previous?.SnapshotId,
            ["uptime_s"] = (long)(now - _started).TotalSeconds,
            ["system_uptime_s"] = SystemUptimeSeconds(),
            ["calls_today"] = _telemetry.CallsToday,
            ["today"] = _telemetry.TodayCounts(),
            ["modem_signal"] = SafeSignal(),
            ["last_error"] = _lastError ?? _telemetry.LastError,
            ["queued_messages"] = _telemetry.Queued,
            ["dropped_messages"] = _telemetry.Dropped,
            ["at"] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(_options.DataDirectory));
            status["disk_free_mb"] = drive.AvailableFreeSpace / (1024 * 1024);
            status["disk_total_mb"] = drive.TotalSize / (1024 * 1024);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
        }

        if (state.Recent.Count > 0)
        {
            var last = state.Recent[^1];
            status["last_update"] = new JsonObject
            {
                ["package_id"] = last.PackageId,
                ["snapshot_id"] = last.SnapshotId,
                ["version"] = last.Version,
                ["applied"] = last.Applied,
                ["reason"] = last.Reason,
                ["at"] = last.At.ToString("O", CultureInfo.InvariantCulture),
            };
        }

        var receiving = new JsonArray();
        foreach (var p in _assembler.Partials())
        {
            receiving.Add(new JsonObject { ["package_id"] = p.PackageId, ["have"] = p.Have, ["count"] = p.Count, ["size"] = p.Size });
        }

        status["receiving"] = receiving;
        return status;
    }

    public void Dispose()
    {
        Applier.Dispose();
        if (_ownsTelemetry)
        {
            _telemetry.Dispose();
        }
    }

    private async Task<SyncOnceResult> RunCoreAsync(bool once, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = _options.KioskId;
        var time = _options.Time;
        var results = new List<ApplyResult>();
        _assembler.Prune(_options.PartialMaxAge);
        using var link = new MqttLink(new MqttLinkOptions
        {
            Broker = _options.Broker,
            ClientId = id,
            CleanSession = false,
            Username = _options.Username,
            Password = _options.Password,
            CaFile = _options.CaFile,
            Will = new MosquittoWill(SyncTopics.Presence(id), "offline"u8.ToArray(), 1, true),
            KeepAliveSeconds = _options.KeepAliveSeconds,
            ReconnectDelay = _options.ReconnectDelay,
            ReconnectDelayMax = _options.ReconnectDelayMax,
            Time = time,
        });
        link.Subscribe(SyncTopics.KioskUpdates(id), 1);
        link.Subscribe(SyncTopics.AllUpdates, 1);
        if (once)
        {
            link.Subscribe(SyncTopics.Marker(id), 1);
        }

        var session = new Session(this, link, once);
        link.Start();
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : time.GetUtcNow() + timeout;
        var nextStatus = time.GetUtcNow() + _options.StatusInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                if (once && (session.Finished(now, _options.PartialGrace) || now >= deadline || session.Fatal is not null))
                {
                    break;
                }

                if (!once && now >= nextStatus)
                {
                    nextStatus = now + _options.StatusInterval;
                    session.PublishPeriodic();
                }

                var ev = await link.NextAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
                if (ev is MosquittoStopped)
                {
                    break;
                }

                if (ev is not null)
                {
                    await session.HandleAsync(ev, results, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await session.FinishAsync().ConfigureAwait(false);
        var state = Applier.State.LoadResolved();
        string? error = session.Fatal ?? (session.EverConnected ? null : _lastError ?? "could not connect to " + _options.Broker);
        if (once && error is null && !session.MarkerSeen)
        {
            error = "timed out before everything waiting at the broker had arrived";
        }

        return new SyncOnceResult(session.EverConnected, results, state.Current?.SnapshotId, state.Current?.Version, _assembler.Partials(), error);
    }

    private int? SafeSignal()
    {
        try
        {
            return _telemetry.ModemSignal?.Invoke();
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static long? SystemUptimeSeconds()
    {
        try
        {
            var text = File.ReadAllText("/proc/uptime").Split(' ')[0];
            return (long)double.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Report(string message)
    {
        _lastError = message;
        Log?.Invoke(message);
    }

    /// <summary>One run's bookkeeping over its <see cref="MqttLink"/> (which renews the subscriptions): the marker, in-flight telemetry and status messages.</summary>
    private sealed class Session(SyncClient owner, MqttLink link, bool once)
    {
        private readonly string _marker = Guid.NewGuid().ToString("N");
        private readonly Dictionary<int, long> _outboxInFlight = [];
        private readonly HashSet<long> _seqInFlight = [];
        private readonly HashSet<int> _statusInFlight = [];
        private DateTimeOffset _lastChunkAt = DateTimeOffset.MinValue;
        private bool _markerSent;

        public bool EverConnected { get; private set; }

        public bool MarkerSeen { get; private set; }

        public string? Fatal { get; private set; }

        private string Id => owner._options.KioskId;

        /// <summary>--once is done when the marker came back and no package is still arriving.</summary>
        public bool Finished(DateTimeOffset now, TimeSpan partialGrace) =>
            MarkerSeen && (owner._assembler.Partials().Count == 0 || now - _lastChunkAt > partialGrace);

        public async Task HandleAsync(MosquittoEvent ev, List<ApplyResult> results, CancellationToken cancellationToken)
        {
            switch (ev)
            {
                case MosquittoConnected { Accepted: true } c:
                    EverConnected = true;
                    owner.Log?.Invoke($"connected to {owner._options.Broker} (session {(c.SessionPresent ? "resumed" : "new")})");
                    _outboxInFlight.Clear();
                    _seqInFlight.Clear();
                    link.Publish(SyncTopics.Presence(Id), "online"u8, 1, retain: true);
                    owner._telemetry.CloseDays();
                    PublishStatus(online: true);
                    FlushOutbox();
                    break;

                case MosquittoConnected refused:
                    owner.Report($"the broker refused the connection: {refused.Description}");
                    if (once && refused.ReturnCode is 4 or 5)
                    {
                        Fatal = $"the broker refused the connection: {refused.Description} (check --user/--password)";
                    }

                    break;

                case MosquittoSubscribed s:
                    if (s.GrantedQos.Any(q => q >= 128))
                    {
                        Fatal = once ? "the broker refused a subscription (check its ACL for this kiosk)" : null;
                        owner.Report("the broker refused a subscription (check its ACL for this kiosk)");
                    }

                    if (once && !link.SubscriptionsPending && !_markerSent)
                    {
                        // Queued messages were sent to us before this; the marker comes back after them.
                        link.Publish(SyncTopics.Marker(Id), Encoding.ASCII.GetBytes(_marker), 1, retain: false);
                        _markerSent = true;
                    }

                    break;

                case MosquittoMessage m when m.Topic == SyncTopics.Marker(Id):
                    if (Encoding.ASCII.GetString(m.Payload) == _marker)
                    {
                        MarkerSeen = true;
                    }

                    break;

                case MosquittoMessage m when SyncTopics.IsUpdate(m.Topic):
                    await HandleChunkAsync(m, results, cancellationToken).ConfigureAwait(false);
                    break;

                case MosquittoPublished p:
                    if (_outboxInFlight.Remove(p.Mid, out var seq))
                    {
                        owner._telemetry.Acknowledge(seq);
                        _seqInFlight.Remove(seq);
                    }

                    _statusInFlight.Remove(p.Mid);
                    break;

                case MosquittoDisconnected d when !d.Expected:
                    owner.Report($"connection lost: {d.Description}");
                    break;

                case MosquittoConnectionFailed f:
                    owner.Report($"cannot reach {owner._options.Broker}: {f.Description}; retrying in {f.RetryIn.TotalSeconds:F0} s");
                    if (f.RetryIn == Timeout.InfiniteTimeSpan)
                    {
                        Fatal = f.Description;
                    }

                    break;

                case MosquittoLog log:
                    owner.Log?.Invoke("libmosquitto: " + log.Text);
                    break;
            }
        }

        public void PublishPeriodic()
        {
            owner._assembler.Prune(owner._options.PartialMaxAge);
            if (!link.IsConnected)
            {
                return;
            }

            owner._telemetry.CloseDays();
            PublishStatus(online: true);
            FlushOutbox();
        }

        public async Task FinishAsync()
        {
            if (link.IsConnected)
            {
                // Say goodbye ourselves: the will only fires on a lost connection.
                PublishStatus(online: false);
                link.Publish(SyncTopics.Presence(Id), "offline"u8, 1, retain: true);
                FlushOutbox();
                var until = owner._options.Time.GetUtcNow() + TimeSpan.FromSeconds(5);
                while ((_statusInFlight.Count > 0 || _outboxInFlight.Count > 0) && link.IsConnected && owner._options.Time.GetUtcNow() < until)
                {
                    var ev = await link.NextAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None).ConfigureAwait(false);
                    if (ev is MosquittoPublished p)
                    {
                        if (_outboxInFlight.Remove(p.Mid, out var seq))
                        {
                            owner._telemetry.Acknowledge(seq);
                        }

                        _statusInFlight.Remove(p.Mid);
                    }
                    else if (ev is MosquittoStopped)
                    {
                        break;
                    }
                }
            }

            link.Stop(TimeSpan.FromSeconds(3));
        }

        private async Task HandleChunkAsync(MosquittoMessage m, List<ApplyResult> results, CancellationToken cancellationToken)
        {
            var chunk = PackageChunk.TryDecode(m.Payload, out var problem);
            if (chunk is null)
            {
                owner.Report($"dropped a message on {m.Topic}: {problem}");
                return;
            }

            _lastChunkAt = owner._options.Time.GetUtcNow();
            ChunkResult r;
            try
            {
                r = owner._assembler.Accept(chunk);
            }
            catch (IOException e)
            {
                owner.Report($"could not store chunk {chunk.Index + 1}/{chunk.Count}: {e.Message}");
                return;
            }

            ApplyResult? result = r.Outcome switch
            {
                ChunkOutcome.Completed => await owner.Applier.ApplyAsync(r.Package!, owner._options.Force, cancellationToken).ConfigureAwait(false),
                ChunkOutcome.Rejected => owner.Applier.RecordRejected(r.PackageId, r.Reason ?? RejectReason.Malformed, r.Problem ?? "rejected"),
                _ => null,
            };
            if (r.Problem is not null && r.Outcome is not ChunkOutcome.Ignored)
            {
                owner.Report(r.Problem);
            }

            if (result is null)
            {
                return;
            }

            results.Add(result);
            owner.Log?.Invoke(result.Applied
                ? $"applied {result.SnapshotId} v{result.Version} in {result.Elapsed.TotalMilliseconds:F0} ms{(result.Detail is null ? "" : "; " + result.Detail)}"
                : $"rejected package {result.PackageId?[..12]}: {result.RejectedReason}");
            owner._telemetry.RecordEvent(new JsonObject
            {
                ["type"] = "update",
                ["package_id"] = result.PackageId,
                ["snapshot_id"] = result.SnapshotId,
                ["version"] = result.Version,
                ["applied"] = result.Applied,
                ["reason"] = result.RejectedReason,
                ["apply_ms"] = Math.Round(result.Elapsed.TotalMilliseconds),
            });
            try
            {
                owner.PackageProcessed?.Invoke(result);
            }
            catch (Exception e)
            {
                owner.Report("a PackageProcessed handler failed: " + e.Message);
            }

            PublishStatus(online: true);
            FlushOutbox();
        }

        private void PublishStatus(bool online)
        {
            try
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(owner.BuildStatus(online), Json);
                _statusInFlight.Add(link.Publish(SyncTopics.Status(Id), bytes, 1, retain: true));
            }
            catch (MosquittoException e)
            {
                owner.Report("could not publish status: " + e.Message);
            }
        }

        private void FlushOutbox()
        {
            foreach (var item in owner._telemetry.Peek(200))
            {
                if (!_seqInFlight.Add(item.Seq))
                {
                    continue;
                }

                var topic = item.Kind switch
                {
                    KioskTelemetry.KindCallbacks => SyncTopics.Callbacks(Id),
                    KioskTelemetry.KindTelemetry => SyncTopics.Telemetry(Id),
                    _ => SyncTopics.Events(Id),
                };
                try
                {
                    _outboxInFlight[link.Publish(topic, item.Payload, 1, retain: false)] = item.Seq;
                }
                catch (MosquittoException e)
                {
                    _seqInFlight.Remove(item.Seq);
                    owner.Report("could not publish queued telemetry: " + e.Message);
                    break;
                }
            }
        }
    }
}
