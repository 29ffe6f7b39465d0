using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Saarthi.Appliance.Cli;
using Saarthi.Appliance.Kiosk;
using Saarthi.Native.Interop.Llama;
using Saarthi.Sync.Mqtt;
using Saarthi.Telephony.At;
using Saarthi.Telephony.Fake;
using Saarthi.TestSupport;

namespace Saarthi.Appliance.Tests.Ship;

/// <summary>`saarthi doctor` on this machine: real native libraries, the embedded snapshot, the fake modem on a pty, mosquitto.</summary>
public sealed class DoctorTests
{
    private static DoctorCheck Line(IReadOnlyList<DoctorCheck> checks, string name) =>
        checks.SingleOrDefault(c => c.Check == name) ?? throw new InvalidOperationException($"no '{name}' line in: {string.Join(" | ", checks.Select(c => c.Check))}");

    private static DoctorOptions Options(TempDir data) => new()
    {
        DataDirectory = data.Path,
        ModemPort = data.File("no-modem-here"),
        ManifestPath = data.File("no-manifest.json"),
        MemTotalMb = 4096,
        ModemTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void Doctor_ThisMachine_EmbeddedDefaultsOkMissingModemWarnsExitZero()
    {
        using var data = new TempDir();
        using var output = new StringWriter();

        int code = DoctorCommand.Run(new Args(["--data", data.Path, "--json"], new HashSet<string> { "json" }), output);

        using var doc = JsonDocument.Parse(output.ToString());
        var checks = doc.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("check").GetString()!, c => (Status: c.GetProperty("status").GetString(), Detail: c.GetProperty("detail").GetString()!));
        Assert.True(code == 0, output.ToString());
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("ok", checks["snapshot"].Status);
        Assert.StartsWith("seed-central-schemes-v1, 34 schemes (the embedded default: the kiosk builds", checks["snapshot"].Detail);
        Assert.Contains("facts as of 2023-04 … 2026-05", checks["snapshot"].Detail);
        Assert.Empty(Directory.GetFiles(data.Path)); // doctor wrote nothing into the data folder
        Assert.Equal(("ok", true), (checks["native espeak-ng"].Status, checks["native espeak-ng"].Detail.StartsWith("espeak-ng 1.", StringComparison.Ordinal)));
        Assert.Equal(("ok", true), (checks["native whisper"].Status, checks["native whisper"].Detail.StartsWith("whisper.cpp 1.", StringComparison.Ordinal)));
        Assert.Equal("ok", checks["native pocketsphinx"].Status);
        Assert.Equal("ok", checks["model whisper"].Status);
        Assert.Contains("embedded default, pocketsphinx", checks["model whisper"].Detail);
        Assert.Equal("warn", checks["modem"].Status);
        Assert.StartsWith("no modem at ", checks["modem"].Detail);
        Assert.Equal("ok", checks["clock"].Status);
        Assert.Equal("ok", checks["prompts hi"].Status);
    }

    [Fact]
    public async Task Doctor_FakeModemRegistered_ModemOkWithSignalAndOperator()
    {
        using var data = new TempDir();
        await using var fake = FakeModem.OnPseudoTerminal(new FakeModemOptions { SignalRssi = 23 });

        var checks = await DoctorCommand.CheckAsync(Options(data) with { ModemPort = fake.DevicePath }, TestContext.Current.CancellationToken);

        var modem = Line(checks, "modem");
        Assert.Equal(DoctorStatus.Ok, modem.Status);
        Assert.Contains("registered (home), -67 dBm, Saarthi Test Network", modem.Detail);
        Assert.Contains("AT+CSQ", fake.Commands);
    }

    [Fact]
    public async Task Doctor_FakeModemNotRegistered_Fails()
    {
        using var data = new TempDir();
        await using var fake = FakeModem.OnPseudoTerminal(new FakeModemOptions { Registration = RegistrationStatus.Searching });

        var checks = await DoctorCommand.CheckAsync(Options(data) with { ModemPort = fake.DevicePath }, TestContext.Current.CancellationToken);

        var modem = Line(checks, "modem");
        Assert.Equal(DoctorStatus.Fail, modem.Status);
        Assert.Contains("not registered", modem.Detail);
        Assert.Contains("antenna", modem.Fix);
    }

    [Fact]
    public async Task Doctor_FakeModemWeakSignal_Warns()
    {
        using var data = new TempDir();
        await using var fake = FakeModem.OnPseudoTerminal(new FakeModemOptions { SignalRssi = 2 });

        var checks = await DoctorCommand.CheckAsync(Options(data) with { ModemPort = fake.DevicePath }, TestContext.Current.CancellationToken);

        var modem = Line(checks, "modem");
        Assert.Equal(DoctorStatus.Warn, modem.Status);
        Assert.Contains("-109 dBm", modem.Detail);
    }

    [Fact]
    public async Task Doctor_ModemThatNeverAnswers_FailsAfterTheTimeout()
    {
        using var data = new TempDir();
        await using var fake = FakeModem.OnPseudoTerminal();
        fake.Silent = true;

        var checks = await DoctorCommand.CheckAsync(Options(data) with { ModemPort = fake.DevicePath, ModemTimeout = TimeSpan.FromSeconds(2) }, TestContext.Current.CancellationToken);

        var modem = Line(checks, "modem");
        Assert.Equal(DoctorStatus.Fail, modem.Status);
        Assert.Equal($"{fake.DevicePath} did not answer AT within 2 s", modem.Detail);
    }

    [Fact]
    public async Task Doctor_ModemPortHeldByTheRunningKiosk_NotProbed()
    {
        using var data = new TempDir();
        await using var fake = FakeModem.OnPseudoTerminal();
        // Another process holding the AT port open, as the kiosk service does.
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", "exec 3<>\"$1\"; echo open; exec sleep 60", "holder", fake.DevicePath!])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            Assert.Equal("open", await holder.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));
            // "open" is printed by bash just before it execs sleep: wait for the exec so the holder's name is settled.
            for (int i = 0; i < 250 && File.ReadAllText($"/proc/{holder.Id}/comm").Trim() != "sleep"; i++)
                await Task.Delay(20, TestContext.Current.CancellationToken);

            var checks = await DoctorCommand.CheckAsync(Options(data) with { ModemPort = fake.DevicePath }, TestContext.Current.CancellationToken);

            var modem = Line(checks, "modem");
            Assert.Equal(DoctorStatus.Warn, modem.Status);
            Assert.Equal($"{fake.DevicePath} is in use by pid {holder.Id} (sleep); not probed so the kiosk keeps its line", modem.Detail);
            Assert.DoesNotContain("AT+CSQ", fake.Commands);
        }
        finally
        {
            holder.Kill();
        }
    }

    [Fact]
    public async Task Doctor_HandsetEnabled_OpensItsSoundDevicesAndNamesWhatIsMissing()
    {
        using var data = new TempDir();
        using var pcm = new AlsaFilePcm();
        pcm.WriteInput(new short[1600]); // what the microphone would hear: 200 ms of quiet
        Directory.CreateDirectory(data.File("dev"));
        var config = new ApplianceConfig();
        config.Handset.Enabled = true;
        config.Handset.GpioChip = "gpiochip4";
        config.Handset.AlsaConfig = pcm.ConfigPath;
        config.Handset.AlsaCapture = AlsaFilePcm.CaptureDevice;
        config.Handset.AlsaPlayback = AlsaFilePcm.PlaybackDevice;
        var ct = TestContext.Current.CancellationToken;

        var off = Line(await DoctorCommand.CheckAsync(Options(data) with { DeviceDirectory = data.File("dev") }, ct), "handset");
        var noChip = Line(await DoctorCommand.CheckAsync(Options(data) with { Config = config, DeviceDirectory = data.File("dev") }, ct), "handset");
        File.WriteAllText(data.File("dev/gpiochip4"), ""); // a file, not a chip
        config.Handset.AlsaPlayback = "no_such_earpiece";
        var broken = Line(await DoctorCommand.CheckAsync(Options(data) with { Config = config, DeviceDirectory = data.File("dev") }, ct), "handset");

        Assert.Equal(DoctorStatus.Ok, off.Status);
        Assert.Equal(DoctorStatus.Fail, noChip.Status);
        Assert.Equal($"{data.File("dev/gpiochip4")} missing (the hook switch's GPIO chip); microphone '{AlsaFilePcm.CaptureDevice}' opens; earpiece '{AlsaFilePcm.PlaybackDevice}' opens", noChip.Detail);
        Assert.Equal(DoctorStatus.Fail, broken.Status);
        Assert.StartsWith($"hook line 17 of {data.File("dev/gpiochip4")}: ", broken.Detail);
        Assert.Contains("earpiece: ALSA playback device 'no_such_earpiece' could not be opened", broken.Detail);
        Assert.Contains($"microphone '{AlsaFilePcm.CaptureDevice}' opens", broken.Detail);
    }

    [Fact]
    public async Task Doctor_BrokerRunning_Reachable()
    {
        using var data = new TempDir();
        using var broker = LocalBroker.Start(new LocalBrokerOptions { Directory = data.File("broker") });

        var checks = await DoctorCommand.CheckAsync(Options(data) with { Broker = broker.Address.ToString() }, TestContext.Current.CancellationToken);

        var line = Line(checks, "broker");
        Assert.Equal(DoctorStatus.Ok, line.Status);
        Assert.Equal($"{broker.Address} reachable (TCP)", line.Detail);
    }

    [Fact]
    public async Task Doctor_BrokerDown_WarnsAndTheKioskKeepsServing()
    {
        using var data = new TempDir();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var checks = await DoctorCommand.CheckAsync(Options(data) with { Broker = $"mqtt://127.0.0.1:{port}" }, TestContext.Current.CancellationToken);

        var line = Line(checks, "broker");
        Assert.Equal(DoctorStatus.Warn, line.Status);
        Assert.Contains($"mqtt://127.0.0.1:{port} not reachable", line.Detail);
    }

    [Fact]
    public async Task Doctor_ServingSnapshot_ReadFromTheDatabase()
    {
        using var data = new TempDir();
        new Saarthi.Knowledge.Storage.SnapshotStore(data.Path).Import(File.ReadAllText(Seed.Path), "seed");

        var checks = await DoctorCommand.CheckAsync(Options(data), TestContext.Current.CancellationToken);

        var snapshot = Line(checks, "snapshot");
        Assert.Equal(DoctorStatus.Ok, snapshot.Status);
        Assert.StartsWith("seed-central-schemes-v1, 34 schemes; facts as of", snapshot.Detail);
    }

    [Fact]
    public async Task Doctor_DamagedDatabase_FailsAndLeavesItForTheKiosk()
    {
        using var data = new TempDir();
        File.WriteAllText(data.File("knowledge.db"), "not a database");

        var checks = await DoctorCommand.CheckAsync(Options(data), TestContext.Current.CancellationToken);

        var snapshot = Line(checks, "snapshot");
        Assert.Equal(DoctorStatus.Fail, snapshot.Status);
        Assert.StartsWith($"{data.File("knowledge.db")} unreadable", snapshot.Detail);
        Assert.Equal("not a database", File.ReadAllText(data.File("knowledge.db")));
    }

    [Fact]
    public async Task Doctor_ClockNotSet_Fails()
    {
        using var data = new TempDir();

        var checks = await DoctorCommand.CheckAsync(Options(data) with { Time = new FixedClock(new DateTimeOffset(1970, 1, 1, 0, 5, 0, TimeSpan.Zero)) },
            TestContext.Current.CancellationToken);

        var clock = Line(checks, "clock");
        Assert.Equal(DoctorStatus.Fail, clock.Status);
        Assert.StartsWith("1970-01-01 00:05 UTC: the clock is not set", clock.Detail);
    }

    [Fact]
    public async Task Doctor_SnapshotFactsOverAYearOld_Warns()
    {
        using var data = new TempDir();

        var checks = await DoctorCommand.CheckAsync(Options(data) with { Time = new FixedClock(new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero)) },
            TestContext.Current.CancellationToken);

        var snapshot = Line(checks, "snapshot");
        Assert.Equal(DoctorStatus.Warn, snapshot.Status);
        Assert.Contains("newest 610 days old", snapshot.Detail); // 2026-05-01 → 2028-01-01
    }

    [Fact]
    public async Task Doctor_LanguageWithoutItsOwnPrompts_Warns()
    {
        using var data = new TempDir();
        var config = new ApplianceConfig();
        config.Call.LanguageKeys = new() { ["1"] = "hi", ["2"] = "ta" };

        var checks = await DoctorCommand.CheckAsync(Options(data) with { Config = config }, TestContext.Current.CancellationToken);

        Assert.Equal(DoctorStatus.Ok, Line(checks, "prompts hi").Status);
        var tamil = Line(checks, "prompts ta");
        Assert.Equal(DoctorStatus.Warn, tamil.Status);
        Assert.Contains("callers who choose ta hear Hindi", tamil.Detail);
    }

    [Fact]
    public async Task Doctor_ProvisionedLlm_HeaderCheckedAndNamed()
    {
        using var data = new TempDir();
        Directory.CreateDirectory(data.File("models/llm"));
        TinyLlamaModel.Write(data.File("models/llm/tiny.gguf"));
        File.WriteAllText(data.File("manifest.json"), """{ "llm": [ { "id": "tiny-test", "file": "tiny.gguf", "ram_mb": 100 } ] }""");

        var checks = await DoctorCommand.CheckAsync(Options(data) with { ManifestPath = data.File("manifest.json"), ModelDirectories = [data.File("models")] },
            TestContext.Current.CancellationToken);

        var llm = Line(checks, "model llm");
        Assert.Equal(DoctorStatus.Ok, llm.Status);
        Assert.StartsWith("tiny-test, 100 MB (the best provisioned, fits)", llm.Detail);
        Assert.Contains("GGUF v3 llama", llm.Detail);
        Assert.DoesNotContain("loaded by llama.cpp", llm.Detail);
    }

    [Fact]
    public async Task Doctor_LoadModels_TheEngineLoadsTheProvisionedModel()
    {
        using var data = new TempDir();
        Directory.CreateDirectory(data.File("models/llm"));
        TinyLlamaModel.Write(data.File("models/llm/tiny.gguf"));
        File.WriteAllText(data.File("manifest.json"), """{ "llm": [ { "id": "tiny-test", "file": "tiny.gguf", "ram_mb": 100 } ] }""");

        var checks = await DoctorCommand.CheckAsync(Options(data) with { ManifestPath = data.File("manifest.json"), ModelDirectories = [data.File("models")], LoadModels = true },
            TestContext.Current.CancellationToken);

        var llm = Line(checks, "model llm");
        Assert.Equal(DoctorStatus.Ok, llm.Status);
        Assert.Matches(@"tensors ok, loaded by llama\.cpp in \d+ ms$", llm.Detail);
    }

    [Fact]
    public async Task Doctor_DamagedProvisionedModel_FailsNamingTheFile()
    {
        using var data = new TempDir();
        Directory.CreateDirectory(data.File("models/llm"));
        var good = File.ReadAllBytes(TinyLlamaModel.Write(data.File("good.gguf")));
        File.WriteAllBytes(data.File("models/llm/tiny.gguf"), good[..(good.Length / 2)]);
        File.WriteAllText(data.File("manifest.json"), """{ "llm": [ { "id": "tiny-test", "file": "tiny.gguf", "ram_mb": 100 } ] }""");

        var checks = await DoctorCommand.CheckAsync(Options(data) with { ManifestPath = data.File("manifest.json"), ModelDirectories = [data.File("models")] },
            TestContext.Current.CancellationToken);

        var llm = Line(checks, "model llm");
        Assert.Equal(DoctorStatus.Fail, llm.Status);
        Assert.StartsWith($"{data.File("models/llm/tiny.gguf")} cannot be loaded", llm.Detail);
    }

    [Fact]
    public async Task Doctor_ConfiguredWhisperModelMissing_Fails()
    {
        using var data = new TempDir();
        var config = new ApplianceConfig();
        config.Models.Whisper = data.File("ggml-base-q5_1.bin");

        var checks = await DoctorCommand.CheckAsync(Options(data) with { Config = config }, TestContext.Current.CancellationToken);

        var whisper = Line(checks, "model whisper");
        Assert.Equal(DoctorStatus.Fail, whisper.Status);
        Assert.Equal($"appliance.json names {data.File("ggml-base-q5_1.bin")}, which is missing", whisper.Detail);
    }

    [Fact]
    public async Task Doctor_SaltReadableByOthers_Warns()
    {
        using var data = new TempDir();
        File.WriteAllBytes(data.File("caller-id.salt"), new byte[32]);
        File.SetUnixFileMode(data.File("caller-id.salt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var checks = await DoctorCommand.CheckAsync(Options(data), TestContext.Current.CancellationToken);

        var salt = Line(checks, "caller-id salt");
        Assert.Equal(DoctorStatus.Warn, salt.Status);
        Assert.Equal($"chmod 600 {data.File("caller-id.salt")}", salt.Fix);
    }

    [Fact]
    public void Doctor_BrokenConfigFile_FailsWithExitCodeOne()
    {
        using var data = new TempDir();
        File.WriteAllText(data.File("appliance.json"), "{ \"kiosk_id\": ");
        using var output = new StringWriter();

        int code = DoctorCommand.Run(new Args(["--data", data.Path, "--config", data.File("appliance.json"), "--modem", data.File("none")], new HashSet<string> { "json" }), output);

        Assert.Equal(1, code);
        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith($"FAIL  config: {data.File("appliance.json")}:", StringComparison.Ordinal));
        Assert.Matches(@"doctor: \d+ ok, \d+ warn, [1-9]\d* fail", lines.Last(l => l.Length > 0));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
