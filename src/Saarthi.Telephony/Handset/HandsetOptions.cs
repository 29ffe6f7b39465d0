using Saarthi.Speech.Audio;

namespace Saarthi.Telephony.Handset;

/// <summary>How the kiosk handset is wired: its ALSA devices and its hook switch's debounce.</summary>
public sealed record HandsetOptions
{
    /// <summary>The ALSA device of the handset's microphone (e.g. <c>saarthi_handset</c> from asound.conf).</summary>
    public required string CaptureDevice { get; init; }

    /// <summary>The ALSA device of the handset's earpiece.</summary>
    public required string PlaybackDevice { get; init; }

    /// <summary>Format, frame length, an optional ALSA configuration file of one's own, clock pacing for file PCMs.</summary>
    public AlsaDeviceOptions Audio { get; init; } = new();

    /// <summary>How long the hook switch must hold a level before it counts.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The clock of the debounce.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
