namespace Saarthi.Speech.Audio;

/// <summary>How an ALSA capture or playback device is opened.</summary>
public sealed record AlsaDeviceOptions
{
    /// <summary>The device's format; frames in another format are converted on the way (8 kHz mono for a call).</summary>
    public AudioFormat Format { get; init; } = AudioFormat.Telephone8k;

    /// <summary>One capture frame, and one ALSA period.</summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Periods in the device's ring buffer (the most audio queued ahead of the hardware).</summary>
    public int Periods { get; init; } = 4;

    /// <summary>
    /// An ALSA configuration file that defines the device, read on top of the system's (as
    /// <c>ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:FILE</c> would, but for this device only); null: the system's alone.
    /// </summary>
    public string? ConfigFile { get; init; }

    /// <summary>
    /// Keep real time with <see cref="Time"/> instead of the device's clock: for devices that have none, such as the
    /// <c>file</c> PCMs over the <c>null</c> slave used by tests and the bench, which would otherwise run as fast as the CPU.
    /// </summary>
    public bool PaceWithClock { get; init; }

    /// <summary>The clock for <see cref="PaceWithClock"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
