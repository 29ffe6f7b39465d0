using Saarthi.Native;
using Saarthi.Native.Interop.Alsa;

namespace Saarthi.Speech.Audio;

/// <summary>Opening an <see cref="AlsaPcm"/> for the Speech devices, with every failure turned into an <see cref="AudioDeviceException"/>.</summary>
internal static class AlsaDevice
{
    internal static AlsaPcm Open(string device, AlsaDirection direction, AlsaDeviceOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Format.EnsureValid(nameof(options));
        var what = direction == AlsaDirection.Capture ? "capture" : "playback";
        var period = (int)options.Format.FramesIn(options.FrameDuration);
        try
        {
            using var config = options.ConfigFile is null ? null : AlsaConfig.FromFile(options.ConfigFile);
            // The PCM keeps its own reference on the configuration; disposing ours here is safe.
            return AlsaPcm.Open(device, direction, new AlsaPcmSettings(options.Format.SampleRate, options.Format.Channels, period, options.Periods), config);
        }
        catch (Exception e) when (e is NativeCallException or FileNotFoundException or DllNotFoundException)
        {
            throw new AudioDeviceException(device, $"ALSA {what} device '{device}' could not be opened: {e.Message}", e);
        }
    }

    internal static AudioDeviceException Failed(AlsaPcm pcm, AlsaException e) =>
        new(pcm.Device, $"ALSA {(pcm.Direction == AlsaDirection.Capture ? "capture" : "playback")} device '{pcm.Device}' failed: {e.Message}", e);
}
