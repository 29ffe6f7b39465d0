using Saarthi.Native;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.Handset;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// The kiosk handset from appliance.json's <c>handset</c> section: its hook switch through libgpiod and its ALSA devices.
/// A handset that cannot be set up is named in the log and left out; the kiosk still serves the SIM.
/// </summary>
public static class HandsetSetup
{
    /// <summary>The handset line, or null when it is disabled or cannot be set up (said in <paramref name="log"/>).</summary>
    public static HandsetLine? TryOpen(ApplianceConfig.HandsetSection section, Action<string> log, Func<ApplianceConfig.HandsetSection, IGpioLine>? openHook = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(log);
        if (!section.Enabled)
        {
            log("handset: disabled in appliance.json; serving the SIM only");
            return null;
        }

        if (string.IsNullOrWhiteSpace(section.AlsaCapture) || string.IsNullOrWhiteSpace(section.AlsaPlayback))
        {
            log("handset: not started: handset.alsa_capture and handset.alsa_playback must name ALSA devices (see firmware-config/asound.conf)");
            return null;
        }

        if (section.AlsaConfig is { } file && !File.Exists(file))
        {
            log($"handset: not started: handset.alsa_config {file} does not exist");
            return null;
        }

        IGpioLine hook;
        try
        {
            hook = (openHook ?? OpenGpio)(section);
        }
        catch (Exception e) when (e is NativeCallException or DllNotFoundException or IOException)
        {
            log($"handset: not started: hook switch {section.GpioChip} line {section.HookLine}: {e.Message}");
            return null;
        }

        var options = new HandsetOptions
        {
            CaptureDevice = section.AlsaCapture,
            PlaybackDevice = section.AlsaPlayback,
            Audio = new AlsaDeviceOptions { ConfigFile = section.AlsaConfig },
            Debounce = TimeSpan.FromMilliseconds(Math.Clamp(section.DebounceMs, 5, 500)),
        };
        log($"handset: hook switch {hook.Name} (active-{(section.ActiveLow ? "low" : "high")}, {options.Debounce.TotalMilliseconds:F0} ms debounce), microphone '{options.CaptureDevice}', earpiece '{options.PlaybackDevice}'");
        return new HandsetLine(hook, options, log);
    }

    private static GpiodLine OpenGpio(ApplianceConfig.HandsetSection section) =>
        GpiodLine.Open(section.GpioChip, section.HookLine, section.ActiveLow, section.PullUp);
}
