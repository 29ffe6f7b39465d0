using System.Globalization;

namespace Saarthi.Speech.Audio;

/// <summary>
/// Shape of a PCM stream: rate, channel count and sample width, as in rhasspy/wyoming's AudioChunk
/// (rate, channels, width). Frames inside the appliance are always 16-bit signed little-endian PCM;
/// other widths only appear at the edges (WAV files, G.711 bytes).
/// </summary>
public readonly record struct AudioFormat(int SampleRate, int Channels, int BitsPerSample)
{
    /// <summary>Narrowband telephone audio: 8 kHz mono 16-bit (what the GSM modem and G.711 carry).</summary>
    public static AudioFormat Telephone8k { get; } = new(8000, 1, 16);

    /// <summary>Wideband speech: 16 kHz mono 16-bit (what speech recognisers such as whisper expect).</summary>
    public static AudioFormat Wideband16k { get; } = new(16000, 1, 16);

    /// <summary>espeak-ng's native output: 22.05 kHz mono 16-bit.</summary>
    public static AudioFormat Espeak22k { get; } = new(22050, 1, 16);

    /// <summary>Bytes in one sample of one channel.</summary>
    public int BytesPerSample => (BitsPerSample + 7) / 8;

    /// <summary>Bytes in one frame (one sample of every channel).</summary>
    public int BytesPerFrame => BytesPerSample * Channels;

    public int BytesPerSecond => BytesPerFrame * SampleRate;

    /// <summary>True when rate, channels and width are plausible for audio this appliance handles.</summary>
    public bool IsValid =>
        SampleRate is >= 1000 and <= 768_000 && Channels is >= 1 and <= 32 && BitsPerSample is 8 or 16 or 24 or 32;

    /// <summary>The same rate and width with one channel.</summary>
    public AudioFormat AsMono() => this with { Channels = 1 };

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field when <see cref="IsValid"/> is false.</summary>
    public void EnsureValid(string? paramName = null)
    {
        if (SampleRate is < 1000 or > 768_000)
        {
            throw new ArgumentException($"Sample rate {SampleRate} Hz is outside 1000..768000 Hz.", paramName);
        }

        if (Channels is < 1 or > 32)
        {
            throw new ArgumentException($"Channel count {Channels} is outside 1..32.", paramName);
        }

        if (BitsPerSample is not (8 or 16 or 24 or 32))
        {
            throw new ArgumentException($"Sample width {BitsPerSample} bits is not one of 8, 16, 24, 32.", paramName);
        }
    }

    /// <summary>Duration of <paramref name="frames"/> frames (samples per channel) at this rate.</summary>
    public TimeSpan DurationOf(long frames) => FramesToTime(frames, SampleRate);

    /// <summary>Number of whole frames in <paramref name="duration"/> at this rate (rounded to nearest).</summary>
    public long FramesIn(TimeSpan duration) => TimeToFrames(duration, SampleRate);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{SampleRate} Hz, {(Channels == 1 ? "mono" : Channels == 2 ? "stereo" : Channels + " channels")}, {BitsPerSample}-bit");

    internal static TimeSpan FramesToTime(long frames, int sampleRate) =>
        TimeSpan.FromTicks((long)Math.Round((double)frames * TimeSpan.TicksPerSecond / sampleRate));

    internal static long TimeToFrames(TimeSpan duration, int sampleRate) =>
        (long)Math.Round((double)duration.Ticks * sampleRate / TimeSpan.TicksPerSecond);
}
