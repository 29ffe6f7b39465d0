using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saarthi.Appliance.Call;
using Saarthi.Sync.Apply;
using Saarthi.Telephony.Modems;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// The kiosk as a service (`saarthi run`): opens the snapshot, builds the engines, starts the modem (and the handset when
/// configured) and serves calls on both, one caller at a time, until stopped. A stop (SIGTERM from systemd) ends the call in progress with a hang-up; the modem is re-initialised
/// by the driver itself after resets.
/// </summary>
public sealed class KioskService(ApplianceConfig config, string dataDirectory, ILogger<KioskService> logger, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly SystemdNotifier _systemd = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Log(string line) => logger.LogInformation("{Line}", line);
        try
        {
            var knowledge = KnowledgeSetup.Open(dataDirectory, Log);
            logger.LogInformation("kiosk {Kiosk}: snapshot {Snapshot} with {Count} schemes", config.KioskId, knowledge.Snapshot.SnapshotId, knowledge.Snapshot.Schemes.Count);
            var options = config.ToCallOptions();
            // The best provisioned models that fit this board's RAM, unless appliance.json names one.
            var models = ModelSelection.ForThisBoard(dataDirectory);
            foreach (var line in models.Describe()) Log(line);
            var whisper = config.Models.Whisper ?? models.For("whisper")?.Chosen?.Path;
            var services = await CallServicesFactory.CreateAsync(knowledge, options, dataDirectory, Log, whisper, stoppingToken).ConfigureAwait(false);
            // Held by each call for its whole length: a snapshot swap waits for the call to end.
            var gate = new UpdateGate();
            using var serving = new ServingSnapshot(knowledge, services, () => KnowledgeSetup.Open(dataDirectory, Log), options, gate, Log);
            await using var sync = KioskSync.Start(config, dataDirectory, gate, serving, Log);
            var profile = ModemProfile.Find(config.Modem.Profile, config.Modem.ProfilesDir);
            await using var modem = Modem.OnSerialPort(profile, config.Modem.AtPort, options: new ModemOptions { Log = Log });
            await modem.StartAsync(stoppingToken).ConfigureAwait(false);
            logger.LogInformation("modem ready: {Health}", (await modem.HealthAsync(stoppingToken).ConfigureAwait(false)).Detail);
            _systemd.Notify("READY=1");
            using var watchdog = StartWatchdog(stoppingToken);
            await using var handset = HandsetSetup.TryOpen(config.Handset, Log);
            if (handset is not null) logger.LogInformation("handset: {Health}", (await handset.HealthAsync(stoppingToken).ConfigureAwait(false)).Detail);
            var host = new KioskHost(handset is null ? [modem] : [modem, handset], () => serving.Services, options, gate, log: Log);
            await host.ServeAsync(r =>
                {
                    logger.LogInformation("call ended: {Result}, {Turns} turns, {Seconds:F0} s, language {Language}", r.Result, r.Turns.Count, r.Duration.TotalSeconds, r.Language);
                    sync?.CallEnded(r);
                },
                cancellationToken: stoppingToken).ConfigureAwait(false);
            (services.SpeechToText as IDisposable)?.Dispose();
            services.CallerContexts?.Dispose();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or Native.NativeCallException)
        {
            // Named in the log; systemd restarts the service (Restart=always) and the modem gets another chance.
            logger.LogError("kiosk stopped: {Error}", e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private ITimer? StartWatchdog(CancellationToken ct)
    {
        if (SystemdNotifier.WatchdogInterval is not { } every) return null;
        return TimeProvider.System.CreateTimer(_ => { if (!ct.IsCancellationRequested) _systemd.Notify("WATCHDOG=1"); }, null, every, every);
    }
}
