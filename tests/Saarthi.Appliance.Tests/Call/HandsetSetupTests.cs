using Saarthi.Appliance.Kiosk;
using Saarthi.Telephony.Tests.Handset;
using Saarthi.TestSupport;

namespace Saarthi.Appliance.Tests.Call;

public sealed class HandsetSetupTests
{
    private static string FirmwareConfig(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "firmware-config", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("firmware-config/" + file + " not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Load_ShippedApplianceJson_HandsetSectionAsDocumented()
    {
        var handset = ApplianceConfig.Load(FirmwareConfig("appliance.json")).Handset;

        Assert.False(handset.Enabled);
        Assert.Equal("gpiochip0", handset.GpioChip);
        Assert.Equal(17, handset.HookLine);
        Assert.True(handset.ActiveLow);
        Assert.Equal(50, handset.DebounceMs);
        Assert.Equal("saarthi_handset", handset.AlsaCapture);
        Assert.Equal("saarthi_handset", handset.AlsaPlayback);
        Assert.Null(handset.AlsaConfig);
    }

    [Fact]
    public void TryOpen_Disabled_NullAndSaysSo()
    {
        var log = new List<string>();

        var line = HandsetSetup.TryOpen(new ApplianceConfig.HandsetSection(), log.Add);

        Assert.Null(line);
        Assert.Contains(log, l => l.Contains("disabled", StringComparison.Ordinal));
    }

    [Fact]
    public void TryOpen_GpioChipMissing_NullAndLogNamesChipAndLine()
    {
        var log = new List<string>();
        var section = new ApplianceConfig.HandsetSection { Enabled = true, GpioChip = "gpiochip99", HookLine = 4, AlsaCapture = "a", AlsaPlayback = "b" };

        var line = HandsetSetup.TryOpen(section, log.Add); // real libgpiod: this machine has no such chip

        Assert.Null(line);
        Assert.Contains(log, l => l.Contains("gpiochip99 line 4", StringComparison.Ordinal) && l.Contains("No such file or directory", StringComparison.Ordinal));
    }

    [Fact]
    public void TryOpen_NoDeviceNames_NullAndLogNamesTheSettings()
    {
        var log = new List<string>();

        var line = HandsetSetup.TryOpen(new ApplianceConfig.HandsetSection { Enabled = true }, log.Add);

        Assert.Null(line);
        Assert.Contains(log, l => l.Contains("handset.alsa_capture", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryOpen_FileDevicesAndScriptedHook_LineIsHealthy()
    {
        using var files = new AlsaFilePcm();
        files.WriteInput(new short[160]);
        var log = new List<string>();
        var section = new ApplianceConfig.HandsetSection
        {
            Enabled = true,
            AlsaCapture = AlsaFilePcm.CaptureDevice,
            AlsaPlayback = AlsaFilePcm.PlaybackDevice,
            AlsaConfig = files.ConfigPath,
        };

        await using var line = HandsetSetup.TryOpen(section, log.Add, _ => new ScriptedGpioLine());

        Assert.NotNull(line);
        var health = await line.HealthAsync(TestContext.Current.CancellationToken);
        Assert.True(health.Ready, health.Detail);
        Assert.Contains(log, l => l.Contains("50 ms debounce", StringComparison.Ordinal));
    }
}
