using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Saarthi.Appliance.Kiosk;
using Saarthi.Dialogue.Answers;
using Saarthi.Knowledge.Import;
using Saarthi.Knowledge.Model;
using Saarthi.Knowledge.Storage;
using Saarthi.Native;
using Saarthi.Native.Interop.EspeakNg;
using Saarthi.Native.Interop.Gpiod;
using Saarthi.Native.Interop.Llama;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Native.Interop.SherpaOnnx;
using Saarthi.Native.Interop.Whisper;
using Saarthi.Sync.Mqtt;
using Saarthi.Sync.Transfer;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.Handset;
using Saarthi.Telephony.Modems;

namespace Saarthi.Appliance.Cli;

public enum DoctorStatus
{
    Ok,
    Warn,
    Fail,
}

/// <summary>One line of the doctor's report: what was checked, how it stands, what was seen, and what to do about it.</summary>
public sealed record DoctorCheck(string Check, DoctorStatus Status, string Detail, string? Fix = null);

/// <summary>What the doctor looks at; each null falls back to what the board has (config, /proc/meminfo, the clock).</summary>
public sealed record DoctorOptions
{
    public required string DataDirectory { get; init; }

    public ApplianceConfig Config { get; init; } = new();

    /// <summary>The file the config came from (null = built-in defaults).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The modem's AT port; default the config's.</summary>
    public string? ModemPort { get; init; }

    /// <summary>How long the modem gets to answer its initialisation and health queries.</summary>
    public TimeSpan ModemTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>The NGO broker (mqtt://host:port); default the config's <c>sync.broker</c>; null = not configured.</summary>
    public string? Broker { get; init; }

    public TimeSpan BrokerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public string? ManifestPath { get; init; }

    public IReadOnlyList<string>? ModelDirectories { get; init; }

    /// <summary>Also load each provisioned model with its engine (off by default: on a small board the running kiosk holds them already).</summary>
    public bool LoadModels { get; init; }

    /// <summary>The board's RAM; null = read /proc/meminfo.</summary>
    public long? MemTotalMb { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where device nodes are (/dev).</summary>
    public string DeviceDirectory { get; init; } = "/dev";
}

/// <summary>
/// `saarthi doctor [--json]`: one line per thing a kiosk needs — native libraries (with versions), models, the
/// snapshot, the modem, the broker, disk, clock, prompts, salt and kiosk id — each ok / warn / fail with what to do.
/// Missing hardware is a warning, never a crash. Exit code 1 when anything fails.
/// </summary>
public static class DoctorCommand
{
    private const long DiskFailMb = 200;
    private const long DiskWarnMb = 1024;
    private const int WeakSignalDbm = -105;
    private const int StaleFactsDays = 365;

    public static int Run(Args args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var checks = new List<DoctorCheck>();
        var configPath = args.Get("config") ?? Environment.GetEnvironmentVariable("SAARTHI_CONFIG") ?? FindConfig();
        var config = new ApplianceConfig();
        if (configPath is null)
        {
            checks.Add(new("config", DoctorStatus.Warn, "no appliance.json found beside the app; using built-in defaults",
                "give --config /opt/saarthi/firmware-config/appliance.json (install.sh puts it there)"));
        }
        else
        {
            try
            {
                config = ApplianceConfig.Load(configPath);
                checks.Add(new("config", DoctorStatus.Ok, configPath));
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                checks.Add(new("config", DoctorStatus.Fail, e.Message, "fix the file (compare with appliance.json.dist) or give --config"));
            }
        }

        var data = args.Get("data") ?? Environment.GetEnvironmentVariable("SAARTHI_DATA_DIR") ?? config.DataDir;
        var options = new DoctorOptions
        {
            DataDirectory = KnowledgeSetup.DataDirectory(data),
            Config = config,
            ConfigPath = configPath,
            ModemPort = args.Get("modem"),
            Broker = args.Get("broker") ?? BrokerFromConfig(configPath),
            ManifestPath = args.Get("manifest"),
            ModelDirectories = args.Get("models-dir") is { } dir ? [Path.GetFullPath(dir)] : null,
            LoadModels = args.Has("load-models"),
        };
        checks.AddRange(CheckAsync(options).GetAwaiter().GetResult());
        Print(checks, args.Has("json"), output);
        return checks.Any(c => c.Status == DoctorStatus.Fail) ? 1 : 0;
    }

    /// <summary>Every check, in the order a technician would fix things.</summary>
    public static async Task<IReadOnlyList<DoctorCheck>> CheckAsync(DoctorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var checks = new List<DoctorCheck> { Bundle() };
        checks.AddRange(NativeLibraries(options.Config));
        checks.AddRange(Models(options));
        checks.Add(SnapshotCheck(options));
        checks.Add(await ModemAsync(options, cancellationToken).ConfigureAwait(false));
        checks.Add(Handset(options.Config, options.DeviceDirectory));
        checks.Add(await BrokerAsync(options, cancellationToken).ConfigureAwait(false));
        checks.Add(Disk(options.DataDirectory));
        checks.Add(Clock(options.Time));
        checks.AddRange(Prompts(options.Config));
        checks.AddRange(Identity(options));
        return checks;
    }

    public static void Print(IReadOnlyList<DoctorCheck> checks, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(output);
        int Count(DoctorStatus s) => checks.Count(c => c.Status == s);
        if (json)
        {
            output.WriteLine(Json.Line(new
            {
                ok = Count(DoctorStatus.Fail) == 0,
                summary = new { ok = Count(DoctorStatus.Ok), warn = Count(DoctorStatus.Warn), fail = Count(DoctorStatus.Fail) },
                checks = checks.Select(c => new { check = c.Check, status = c.Status.ToString().ToLowerInvariant(), detail = c.Detail, fix = c.Fix }),
            }));
            return;
        }
        foreach (var c in checks)
        {
            var tag = c.Status switch { DoctorStatus.Ok => "ok  ", DoctorStatus.Warn => "WARN", _ => "FAIL" };
            output.WriteLine($"{tag}  {c.Check}: {c.Detail}");
            if (c.Status != DoctorStatus.Ok && c.Fix is not null) output.WriteLine($"      → {c.Fix}");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"doctor: {Count(DoctorStatus.Ok)} ok, {Count(DoctorStatus.Warn)} warn, {Count(DoctorStatus.Fail)} fail"));
    }

    // ---- the checks ------------------------------------------------------------------------------------------

    /// <summary>The installed bundle's BUNDLE-INFO (beside app/), or the development build.</summary>
    private static DoctorCheck Bundle()
    {
        var runtime = $".NET {Environment.Version}";
        var info = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "BUNDLE-INFO"));
        if (!File.Exists(info)) return new("app", DoctorStatus.Ok, $"development build at {AppContext.BaseDirectory} ({runtime})");
        var fields = File.ReadAllLines(info).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new("app", DoctorStatus.Ok, $"bundle {fields.GetValueOrDefault("version", "?")} ({fields.GetValueOrDefault("dotnet", "?")}, {runtime})");
    }

    private static IEnumerable<DoctorCheck> NativeLibraries(ApplianceConfig config)
    {
        foreach (var status in NativeHealth.CheckAll())
        {
            var name = status.Library.LogicalName;
            if (status.Ok)
            {
                var version = VersionOf(name, status.Library.FileName);
                yield return new($"native {name}", DoctorStatus.Ok, version is null ? status.Detail : $"{version} — {status.Detail}");
                continue;
            }
            // The embedded defaults must load; the optional engines fall back, so their absence is a warning.
            bool required = name is NativeLibraryNames.EspeakNg or NativeLibraryNames.PocketSphinx or NativeLibraryNames.SphinxBase or NativeLibraryNames.Libc
                || (config.Handset.Enabled && name is NativeLibraryNames.Asound or NativeLibraryNames.Gpiod);
            var fallback = name switch
            {
                NativeLibraryNames.Whisper => "speech recognition stays on pocketsphinx",
                NativeLibraryNames.Llama or NativeLibraryNames.Ggml => "answers come from the templates",
                NativeLibraryNames.SherpaOnnx => "the energy voice detector is used",
                NativeLibraryNames.Mosquitto => "no updates over MQTT (USB: saarthi sync-apply)",
                _ => null,
            };
            yield return new($"native {name}", required ? DoctorStatus.Fail : DoctorStatus.Warn,
                fallback is null ? status.Detail : $"{status.Detail} ({fallback})", status.Library.InstallHint);
        }
    }

    /// <summary>The library's own version string where it has one (only called once it loaded).</summary>
    private static string? VersionOf(string logicalName, string fileName)
    {
        try
        {
            return logicalName switch
            {
                NativeLibraryNames.Whisper => "whisper.cpp " + WhisperModel.Version,
                NativeLibraryNames.SherpaOnnx => "sherpa-onnx " + SileroVoiceActivityModel.LibraryVersion,
                NativeLibraryNames.EspeakNg => "espeak-ng " + EspeakEngine.Info.Version,
                NativeLibraryNames.Mosquitto => MosquittoClient.LibraryVersion is var (major, minor, rev)
                    ? string.Create(CultureInfo.InvariantCulture, $"libmosquitto {major}.{minor}.{rev}") : null,
                _ when Regex.Match(fileName, @"\.v(\d+\.\d+\.\d+)\.so") is { Success: true } m => $"{logicalName} v{m.Groups[1].Value}",
                _ => null,
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"version unknown ({e.GetType().Name})";
        }
    }

    private static IEnumerable<DoctorCheck> Models(DoctorOptions options)
    {
        var manifest = options.ManifestPath ?? ModelSelection.FindManifest();
        ModelPlan plan;
        try
        {
            plan = ModelSelection.Choose(manifest, options.ModelDirectories ?? ModelSelection.DefaultDirectories(options.DataDirectory, manifest),
                options.MemTotalMb ?? ModelSelection.ReadMemTotalMb());
        }
        catch (InvalidDataException e)
        {
            return [new("models", DoctorStatus.Fail, e.Message, "restore models/manifest.json from the bundle")];
        }

        var checks = new List<DoctorCheck>();
        checks.Add(NativePaths.FindModel("silero_vad.onnx") is { } vad
            ? new("model vad", DoctorStatus.Ok, $"Silero VAD at {vad}")
            : new("model vad", DoctorStatus.Warn, "silero_vad.onnx not found beside the native libraries; the energy voice detector is used",
                "reinstall the bundle (native/models/silero_vad.onnx), or run scripts/setup-native.sh in a checkout"));
        var ram = plan.MemTotalMb is { } mb ? string.Create(CultureInfo.InvariantCulture, $"{mb} MB RAM, {plan.BudgetMb} MB for models") : "RAM unknown (/proc/meminfo unreadable)";
        checks.Add(plan.ManifestPath is null
            ? new("models", DoctorStatus.Warn, $"no models/manifest.json beside the app; {ram}", "reinstall the bundle (install.sh puts it in /opt/saarthi/models)")
            : new("models", DoctorStatus.Ok, $"{ram}; manifest {plan.ManifestPath}"));

        foreach (var section in ModelSelection.Sections)
        {
            var configured = section switch { "whisper" => options.Config.Models.Whisper, "llm" => options.Config.Models.Llm, _ => null };
            if (configured is not null)
            {
                checks.Add(File.Exists(configured)
                    ? Loadable(section, configured, $"{configured} (set in appliance.json)", options.LoadModels)
                    : new($"model {section}", DoctorStatus.Fail, $"appliance.json names {configured}, which is missing",
                        $"copy the model there, or set models.{section} to null to let the kiosk pick from the manifest"));
                continue;
            }
            var pick = plan.For(section)!;
            if (pick.Chosen is { } c)
            {
                checks.Add(Loadable(section, c.Path!, string.Create(CultureInfo.InvariantCulture, $"{c.Id}, {c.RamMb} MB ({pick.Reason}) at {c.Path}"), options.LoadModels));
                continue;
            }
            var broken = plan.Candidates.FirstOrDefault(x => x.Section == section && x.Path is not null && x.Problem is not null);
            bool provisionedButTooBig = plan.Candidates.Any(x => x.Section == section && x.Usable);
            if (broken is not null && !provisionedButTooBig)
            {
                checks.Add(new($"model {section}", DoctorStatus.Fail, $"{broken.Id} at {broken.Path}: {broken.Problem}; meanwhile {ModelSelection.DefaultFor(section)}",
                    $"copy it again from the models tarball and check it: models/fetch.sh --verify <folder>"));
            }
            else if (provisionedButTooBig)
            {
                checks.Add(new($"model {section}", DoctorStatus.Warn, $"{pick.Reason}; {ModelSelection.DefaultFor(section)} in use",
                    "provision a smaller model of the manifest (models/fetch.sh --list), or use a board with more RAM"));
            }
            else
            {
                checks.Add(new($"model {section}", DoctorStatus.Ok, $"none provisioned: embedded default, {ModelSelection.DefaultFor(section)} (to add one: models/fetch.sh, then install.sh --models-tarball)"));
            }
        }
        return checks;
    }

    /// <summary>
    /// Reads the model's header the way its engine's loader will (tensor table, sizes): a damaged copy fails here.
    /// With <paramref name="load"/>, the engine then loads it for real.
    /// </summary>
    private static DoctorCheck Loadable(string section, string path, string detail, bool load)
    {
        try
        {
            switch (section)
            {
                case "whisper":
                    var w = WhisperModelFile.Inspect(path);
                    var whisperLoad = string.Empty;
                    if (load)
                    {
                        using var model = WhisperModel.Load(path);
                        whisperLoad = string.Create(CultureInfo.InvariantCulture, $", loaded by whisper.cpp in {model.LoadTime.TotalMilliseconds:F0} ms");
                    }
                    return new($"model {section}", DoctorStatus.Ok, $"{detail}; whisper {w.SizeClass}, {(w.IsMultilingual ? "multilingual" : "English only")}, header and tensors ok{whisperLoad}");
                case "llm":
                    var g = GgufFile.Inspect(path);
                    var llamaLoad = string.Empty;
                    if (load)
                    {
                        using var model = LlamaModel.Load(path);
                        llamaLoad = string.Create(CultureInfo.InvariantCulture, $", loaded by llama.cpp in {model.LoadTime.TotalMilliseconds:F0} ms");
                    }
                    return new($"model {section}", DoctorStatus.Ok, string.Create(CultureInfo.InvariantCulture, $"{detail}; GGUF v{g.Version} {g.Architecture}, {g.Tensors.Count} tensors ok{llamaLoad}"));
                default:
                    return Directory.Exists(path) && Directory.EnumerateFiles(path, "*.onnx", SearchOption.AllDirectories).Any()
                        ? new($"model {section}", DoctorStatus.Ok, $"{detail}; voice folder with its .onnx")
                        : new($"model {section}", DoctorStatus.Fail, $"{detail}: no .onnx voice there", "unpack the voice archive again (models/fetch.sh)");
            }
        }
        catch (Exception e) when (e is WhisperException or LlamaException or NativeLibraryMissingException or IOException or UnauthorizedAccessException)
        {
            return new($"model {section}", DoctorStatus.Fail, $"{path} cannot be loaded: {e.Message}", "copy it again and check it: models/fetch.sh --verify <folder>");
        }
    }

    private static DoctorCheck SnapshotCheck(DoctorOptions options)
    {
        try
        {
            // Read-only: doctor (often run as root) must not create or move the service's database files.
            var current = Path.Combine(options.DataDirectory, SnapshotStore.CurrentFile);
            Snapshot? snapshot;
            string head;
            if (File.Exists(current))
            {
                if (!SnapshotStore.TryRead(current, out snapshot, out var why))
                    return new("snapshot", DoctorStatus.Fail, $"{current} unreadable: {why}", "saarthi snapshot rollback, or saarthi snapshot import FILE.json");
                head = $"{snapshot!.SnapshotId}, {snapshot.Schemes.Count} schemes";
            }
            else
            {
                snapshot = SnapshotParser.Parse(KnowledgeSetup.SeedJson(), "embedded default snapshot");
                head = $"{snapshot.SnapshotId}, {snapshot.Schemes.Count} schemes (the embedded default: the kiosk builds {current} from it on first start)";
            }
            var dates = snapshot.Schemes.Select(s => FactDate(s.FactsAsOf)).OfType<DateOnly>().Order().ToList();
            var today = DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime);
            if (dates.Count == 0)
                return new("snapshot", DoctorStatus.Warn, $"{head}; no facts_as_of date readable", "ask the NGO for a current snapshot");
            int newestAge = today.DayNumber - dates[^1].DayNumber;
            int oldestAge = today.DayNumber - dates[0].DayNumber;
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"{head}; facts as of {dates[0]:yyyy-MM} … {dates[^1]:yyyy-MM} (newest {newestAge} days old, oldest {oldestAge} days)");
            return newestAge > StaleFactsDays
                ? new("snapshot", DoctorStatus.Warn, detail, "every fact is over a year old: ask the NGO to push an update (saarthi sync) or bring one on USB (saarthi sync-apply)")
                : new("snapshot", DoctorStatus.Ok, detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or SnapshotValidationException)
        {
            return new("snapshot", DoctorStatus.Fail, $"cannot open the snapshot in {options.DataDirectory}: {e.Message}", "check the data folder's owner and free space");
        }
    }

    /// <summary>"2025-06-18", "2025-10" or "2025" as the first day they name; null for free text.</summary>
    private static DateOnly? FactDate(string? text)
    {
        if (text is null) return null;
        var m = Regex.Match(text, @"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?");
        if (!m.Success) return null;
        int year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        int month = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 1;
        int day = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 1;
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    private static async Task<DoctorCheck> ModemAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        ModemProfile profile;
        try
        {
            profile = ModemProfile.Find(options.Config.Modem.Profile, options.Config.Modem.ProfilesDir);
        }
        catch (Exception e) when (e is ModemProfileException or ArgumentException)
        {
            return new("modem", DoctorStatus.Fail, e.Message, "set modem.profile in appliance.json to sim7600 or ec25");
        }
        var port = options.ModemPort ?? options.Config.Modem.AtPort ?? profile.Serial.AtPort;
        if (!File.Exists(port))
            return new("modem", DoctorStatus.Warn, $"no modem at {port} ({profile.Id})",
                "plug the modem in; check lsusb and that /etc/udev/rules.d/99-saarthi-modem.rules is installed (install.sh), then udevadm trigger");

        // Two readers on one AT port split its answers: a running kiosk would lose replies and take the modem for reset.
        if (PortHolders(port) is { Count: > 0 } holders)
            return new("modem", DoctorStatus.Warn, $"{port} is in use by {string.Join(", ", holders)}; not probed so the kiosk keeps its line",
                "the kiosk logs the modem's health (journalctl -u saarthi | grep modem); to probe it here: systemctl stop saarthi, saarthi doctor, systemctl start saarthi");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ModemTimeout);
        try
        {
            await using var modem = Modem.OnSerialPort(profile, port, options: new ModemOptions { KeepAliveInterval = TimeSpan.Zero, InitAttempts = 1 });
            await modem.StartAsync(timeout.Token).ConfigureAwait(false);
            var health = await modem.HealthAsync(timeout.Token).ConfigureAwait(false);
            var registered = health.Registration is Saarthi.Telephony.At.RegistrationStatus.RegisteredHome or Saarthi.Telephony.At.RegistrationStatus.RegisteredRoaming;
            if (!health.SimReady)
                return new("modem", DoctorStatus.Fail, $"{profile.Id} at {port} answers AT; {health.Detail}", "insert or unlock the SIM (AT+CPIN?)");
            if (!registered)
                return new("modem", DoctorStatus.Fail, $"{profile.Id} at {port} answers AT; {health.Detail}", "no network: check the antenna and the SIM's validity, try another spot");
            if (health.SignalDbm is { } dbm && dbm < WeakSignalDbm)
                return new("modem", DoctorStatus.Warn, $"{profile.Id} at {port}: {health.Detail} (weak)", "move the antenna higher or outside; calls may drop");
            return new("modem", DoctorStatus.Ok, $"{profile.Id} at {port}: {health.Detail}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new("modem", DoctorStatus.Fail, string.Create(CultureInfo.InvariantCulture, $"{port} did not answer AT within {options.ModemTimeout.TotalSeconds:F0} s"),
                "is it the AT port (not the audio or GPS one)? Is the service running and holding it (systemctl stop saarthi)? Power-cycle the modem");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Saarthi.Telephony.At.AtException)
        {
            return new("modem", DoctorStatus.Fail, $"{port}: {e.Message}", "check the port's permissions (group dialout) and that nothing else has it open");
        }
    }

    /// <summary>
    /// The handset works as the kiosk will use it: the hook line of its GPIO chip is requested and read through libgpiod
    /// (lifted or on the hook), and the microphone and earpiece PCMs open at 8 kHz through ALSA with appliance.json's
    /// config. A line or PCM the running kiosk holds is busy: that is a warning, not a fault.
    /// </summary>
    private static DoctorCheck Handset(ApplianceConfig config, string devices)
    {
        const int Ebusy = 16;
        var handset = config.Handset;
        if (!handset.Enabled) return new("handset", DoctorStatus.Ok, "off in appliance.json (calls come on the modem only)");
        var faults = new List<string>();
        var busy = new List<string>();
        var fine = new List<string>();
        var chip = Path.Combine(devices, handset.GpioChip);
        if (!File.Exists(chip))
        {
            faults.Add($"{chip} missing (the hook switch's GPIO chip)");
        }
        else
        {
            try
            {
                using var line = GpiodLine.Open(chip, handset.HookLine, handset.ActiveLow, handset.PullUp);
                fine.Add(string.Create(CultureInfo.InvariantCulture, $"hook line {handset.HookLine} reads {(line.Read() ? "lifted" : "on the hook")}"));
            }
            catch (GpiodException e) when (Math.Abs(e.NativeCode) == Ebusy)
            {
                busy.Add($"hook line {handset.HookLine} in use (the running kiosk holds it)");
            }
            catch (Exception e) when (e is GpiodException or DllNotFoundException)
            {
                faults.Add($"hook line {handset.HookLine} of {chip}: {e.Message}");
            }
        }

        var audio = new AlsaDeviceOptions { ConfigFile = handset.AlsaConfig };
        foreach (var (role, device, open) in new (string, string?, Func<string, IDisposable>)[]
        {
            ("microphone", handset.AlsaCapture, d => AlsaCaptureDevice.Open(d, audio)),
            ("earpiece", handset.AlsaPlayback, d => AlsaPlaybackDevice.Open(d, audio)),
        })
        {
            if (string.IsNullOrWhiteSpace(device))
            {
                faults.Add($"no {role} device named (handset.alsa_{(role == "microphone" ? "capture" : "playback")})");
                continue;
            }

            try
            {
                open(device).Dispose();
                fine.Add($"{role} '{device}' opens");
            }
            catch (AudioDeviceException e) when (e.InnerException is NativeCallException { NativeCode: var code } && Math.Abs(code) == Ebusy)
            {
                busy.Add($"{role} '{device}' busy (the running kiosk holds it)");
            }
            catch (Exception e) when (e is AudioDeviceException or DllNotFoundException)
            {
                faults.Add($"{role}: {e.Message}");
            }
        }

        var detail = string.Join("; ", faults.Concat(busy).Concat(fine));
        if (faults.Count > 0)
        {
            return new("handset", DoctorStatus.Fail, detail,
                "plug in the USB sound dongle and the hook switch, check gpio_chip/hook_line (gpioinfo) and alsa_capture/alsa_playback (arecord -L) in appliance.json, or set handset.enabled false");
        }

        return busy.Count > 0
            ? new("handset", DoctorStatus.Warn, detail, "stop the kiosk (systemctl stop saarthi) to test the handset itself")
            : new("handset", DoctorStatus.Ok, detail);
    }

    /// <summary>Other processes with <paramref name="device"/> open ("pid 812 (dotnet)"), from /proc/*/fd; those we may not read are missed.</summary>
    private static List<string> PortHolders(string device)
    {
        var holders = new List<string>();
        string target;
        try
        {
            target = new FileInfo(device).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(device);
        }
        catch (IOException)
        {
            return holders;
        }
        int self = Environment.ProcessId;
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == self) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(proc, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } linked && string.Equals(linked, target, StringComparison.Ordinal))
                    {
                        var name = File.ReadAllText(Path.Combine(proc, "comm")).Trim();
                        holders.Add(string.Create(CultureInfo.InvariantCulture, $"pid {pid} ({name})"));
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that just ended.
            }
        }
        return holders;
    }

    private static async Task<DoctorCheck> BrokerAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Broker))
            return new("broker", DoctorStatus.Ok, "not configured: updates come on USB (saarthi sync-apply)");
        BrokerAddress address;
        try
        {
            address = BrokerAddress.Parse(options.Broker);
        }
        catch (FormatException e)
        {
            return new("broker", DoctorStatus.Fail, e.Message, "set sync.broker in appliance.json to mqtt://HOST:PORT or mqtts://HOST:PORT");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.BrokerTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(address.Host, address.Port, timeout.Token).ConfigureAwait(false);
            return new("broker", DoctorStatus.Ok, $"{address} reachable (TCP)");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            var why = e is OperationCanceledException ? "no answer within the timeout" : e.Message;
            return new("broker", DoctorStatus.Warn, $"{address} not reachable: {why} (the kiosk keeps serving calls; updates wait)",
                "check the board's internet (mobile data / Wi-Fi) and the broker address");
        }
    }

    private static DoctorCheck Disk(string dataDirectory)
    {
        try
        {
            var dir = new DirectoryInfo(dataDirectory);
            while (!dir.Exists && dir.Parent is not null) dir = dir.Parent;
            var drive = new DriveInfo(dir.FullName);
            long freeMb = drive.AvailableFreeSpace / (1024 * 1024);
            var detail = string.Create(CultureInfo.InvariantCulture, $"{freeMb} MB free for {dataDirectory}");
            return freeMb < DiskFailMb ? new("disk", DoctorStatus.Fail, detail, "free space: old call recordings, journal (journalctl --vacuum-size=50M)")
                : freeMb < DiskWarnMb ? new("disk", DoctorStatus.Warn, detail, "less than 1 GB left: snapshot updates and models need room")
                : new("disk", DoctorStatus.Ok, detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new("disk", DoctorStatus.Warn, $"free space unknown for {dataDirectory}: {e.Message}", "df -h");
        }
    }

    private static DoctorCheck Clock(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var detail = now.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return now.Year >= 2025
            ? new("clock", DoctorStatus.Ok, detail)
            : new("clock", DoctorStatus.Fail, $"{detail}: the clock is not set (a board without a battery-backed clock after a power cut)",
                "set it: timedatectl set-ntp true with internet, or date -s 'YYYY-MM-DD HH:MM'; TLS to the broker and fact ages depend on it");
    }

    private static IEnumerable<DoctorCheck> Prompts(ApplianceConfig config)
    {
        var languages = config.Call.LanguageKeys.Values.Append(config.Call.DefaultLanguage).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var lang in languages)
        {
            var missing = PromptCatalog.Missing(lang);
            if (!PromptCatalog.HasLanguage(lang))
                yield return new($"prompts {lang}", DoctorStatus.Warn, $"no wording of its own: callers who choose {lang} hear Hindi (then English)",
                    "add the language to PromptCatalog, or take it off call.language_keys");
            else if (missing.Count > 0)
                yield return new($"prompts {lang}", DoctorStatus.Warn,
                    string.Create(CultureInfo.InvariantCulture, $"{missing.Count} prompts fall back to Hindi/English: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}"),
                    "translate them in PromptCatalog");
            else
                yield return new($"prompts {lang}", DoctorStatus.Ok, "every prompt present");
        }
    }

    private static IEnumerable<DoctorCheck> Identity(DoctorOptions options)
    {
        var salt = Path.Combine(options.DataDirectory, "caller-id.salt");
        if (!File.Exists(salt))
            yield return new("caller-id salt", DoctorStatus.Warn, $"{salt} does not exist yet (made on the first call)", "install.sh creates it; or it appears after the first call");
        else if (new FileInfo(salt).Length < 16)
            yield return new("caller-id salt", DoctorStatus.Fail, $"{salt} is too short", "delete it; a new one is made (returning callers are forgotten)");
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(salt) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            yield return new("caller-id salt", DoctorStatus.Warn, $"{salt} is readable by others", $"chmod 600 {salt}");
        else
            yield return new("caller-id salt", DoctorStatus.Ok, $"{salt} (owner only)");

        var id = options.Config.KioskId;
        var idFile = Path.Combine(options.DataDirectory, "kiosk-id");
        var installed = File.Exists(idFile) ? File.ReadAllText(idFile).Trim() : null;
        if (!SyncTopics.IsValidKioskId(id))
            yield return new("kiosk id", DoctorStatus.Fail, $"'{id}' is not a valid kiosk id", "letters, digits, '-', '_', '.'; at most 64 (kiosk_id in appliance.json)");
        else if (installed is not null && installed != id)
            yield return new("kiosk id", DoctorStatus.Warn, $"appliance.json says {id}, {idFile} says {installed}", "run install.sh again (it writes the id into appliance.json)");
        else
            yield return new("kiosk id", DoctorStatus.Ok, installed is null ? $"{id} (from the config; install.sh records it in {idFile})" : id);
    }

    // ---- configuration -------------------------------------------------------------------------------------------

    /// <summary>firmware-config/appliance.json beside the app or above it (/opt/saarthi/firmware-config on the board).</summary>
    private static string? FindConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "firmware-config", "appliance.json");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>sync.broker of appliance.json (read here: the kiosk's sync settings are not part of ApplianceConfig).</summary>
    private static string? BrokerFromConfig(string? configPath)
    {
        if (configPath is null || !File.Exists(configPath)) return null;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(configPath), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return node?["sync"]?["broker"]?.GetValue<string?>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
