using Saarthi.Appliance.Call;
using Saarthi.Sync;
using Saarthi.Sync.Apply;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Telemetry;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// NGO updates inside `run`: the sync client runs in the background with the kiosk's update gate, so a package is
/// swapped in between calls and the knowledge base is reopened before the next one; finished calls feed anonymous
/// telemetry; callback requests are relayed to the NGO. An unreachable broker never stops the calls: the client keeps
/// retrying with backoff and the log says so.
/// </summary>
public sealed class KioskSync : IAsyncDisposable
{
    private readonly SyncClient _client;
    private readonly CallbackRelay _callbacks;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private KioskSync(SyncClient client, CallbackRelay callbacks, TimeProvider time, Action<string> log, TimeSpan restartMax)
    {
        (_client, _callbacks, _time, _log) = (client, callbacks, time, log);
        _running = Task.Run(() => RunAsync(restartMax, _stop.Token));
    }

    private KioskTelemetry Telemetry => _client.Telemetry;

    /// <summary>
    /// Starts sync as <paramref name="config"/> says, or returns <see langword="null"/> (with the reason in the log)
    /// when there is no broker or the settings are unusable: the kiosk then serves calls without it.
    /// </summary>
    public static KioskSync? Start(ApplianceConfig config, string dataDirectory, IUpdateGate gate, ServingSnapshot serving, Action<string> log, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(serving);
        ArgumentNullException.ThrowIfNull(log);
        var sync = config.Sync;
        time ??= TimeProvider.System;
        if (string.IsNullOrWhiteSpace(sync.Broker))
        {
            log("sync: no broker in the config; updates only by `saarthi sync-apply`, callback requests stay in callbacks.jsonl");
            return null;
        }

        KioskTelemetry? telemetry = null;
        try
        {
            var broker = BrokerAddress.Parse(sync.Broker);
            if (string.IsNullOrWhiteSpace(sync.NgoKeysDir)) throw new InvalidDataException("sync.ngo_keys_dir is not set: no NGO key to check packages with");
            if (sync.CaFile is not null && !File.Exists(sync.CaFile)) throw new FileNotFoundException($"sync.ca_file not found: {sync.CaFile}", sync.CaFile);
            var password = sync.PasswordFile is { } file
                ? File.Exists(file) ? File.ReadAllText(file).Trim() : throw new FileNotFoundException($"sync.password_file not found: {file}", file)
                : Environment.GetEnvironmentVariable("SAARTHI_MQTT_PASSWORD");
            telemetry = new KioskTelemetry(dataDirectory, time: time);
            var reporting = telemetry;
            var relay = new CallbackRelay(Path.Combine(dataDirectory, "callbacks.jsonl"), telemetry, log);
            relay.Relay(); // what earlier runs left behind
            var client = new SyncClient(new SyncClientOptions
            {
                Broker = broker,
                KioskId = config.KioskId,
                DataDirectory = dataDirectory,
                PinnedKeys = sync.NgoKeysDir,
                Username = sync.Username,
                Password = password,
                CaFile = sync.CaFile,
                Gate = gate,
                Swapped = _ => Reopen(serving, reporting),
                Time = time,
                StatusInterval = TimeSpan.FromSeconds(Math.Max(1, sync.StatusSeconds)),
                ReconnectDelayMax = TimeSpan.FromSeconds(Math.Max(1, sync.ReconnectMaxSeconds)),
            }, telemetry);
            client.Log += m => log("sync: " + m);
            var keys = client.Applier.LoadKeys();
            foreach (var warning in keys.Warnings) log("sync: key folder: " + warning);
            if (keys.Keys.Count == 0) log($"sync: no NGO public key in {sync.NgoKeysDir}: every package will be rejected (unknown-key) until one is pinned");
            log($"sync: kiosk {config.KioskId} on {broker}, keys from {sync.NgoKeysDir}");
            return new KioskSync(client, relay, time, log, TimeSpan.FromSeconds(Math.Max(1, sync.ReconnectMaxSeconds)));
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException
                                      or System.Security.Cryptography.CryptographicException or Native.NativeCallException)
        {
            telemetry?.Dispose();
            log($"sync: off, calls are served without it: {e.Message}");
            return null;
        }
    }

    /// <summary>A call ended: count it (no number, no words) and pass on any callback request it left.</summary>
    public void CallEnded(CallRecord record)
    {
        try
        {
            Telemetry.RecordCall(CallReport.ToTelemetry(record, _time.GetUtcNow()));
            _callbacks.Relay();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            _log("sync: could not record the call for the NGO: " + e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _client.Dispose();
        Telemetry.Dispose();
        _stop.Dispose();
    }

    /// <summary>Under the update gate, right after a swap: the next call must answer from the new snapshot.</summary>
    private static void Reopen(ServingSnapshot serving, KioskTelemetry telemetry)
    {
        try
        {
            serving.Reopen();
        }
        catch (Exception e)
        {
            telemetry.RecordError("knowledge", "could not reopen the new snapshot; the previous one keeps answering: " + e.Message);
            throw;
        }
    }

    /// <summary>Keeps the client running: it reconnects by itself; if it stops (e.g. a bad address), start it again later.</summary>
    private async Task RunAsync(TimeSpan restartMax, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _client.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log($"sync: stopped: {e.GetType().Name}: {e.Message}");
            }

            if (cancellationToken.IsCancellationRequested) break;
            _log($"sync: starting again in {delay.TotalSeconds:F0} s");
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, restartMax.Ticks));
        }
    }
}
