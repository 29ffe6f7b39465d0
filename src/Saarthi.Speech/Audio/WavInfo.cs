namespace Saarthi.Speech.Audio;

/// <summary>WAVE format tags this code reads and writes (the <c>wFormatTag</c> field, or the sub-format of WAVE_FORMAT_EXTENSIBLE).</summary>
public enum WavEncoding
{
    /// <summary>WAVE_FORMAT_PCM (1): integer PCM, 8-bit unsigned or 16/24/32-bit signed little-endian.</summary>
    Pcm = 1,

    /// <summary>WAVE_FORMAT_IEEE_FLOAT (3): 32-bit float.</summary>
    IeeeFloat = 3,

    /// <summary>WAVE_FORMAT_ALAW (6): 8-bit G.711 A-law.</summary>
    ALaw = 6,

    /// <summary>WAVE_FORMAT_MULAW (7): 8-bit G.711 µ-law.</summary>
    MuLaw = 7,
}

/// <summary>What a WAV file's header says about its samples.</summary>
/// <param name="DataBytes">Size of the data chunk as declared, or <c>null</c> when the writer did not know (0xFFFFFFFF, streamed output).</param>
public readonly record struct WavInfo(int SampleRate, int Channels, int BitsPerSample, WavEncoding Encoding, long? DataBytes)
{
    public int BlockAlign => (BitsPerSample / 8) * Channels;

    /// <summary>Frames (samples per channel) the header promises, or <c>null</c> when unknown.</summary>
    public long? DeclaredFrames => DataBytes is { } bytes ? bytes / BlockAlign : null;

    /// <summary>Duration the header promises, or <c>null</c> when unknown.</summary>
    public TimeSpan? DeclaredDuration => DeclaredFrames is { } frames ? AudioFormat.FramesToTime(frames, SampleRate) : null;
}
