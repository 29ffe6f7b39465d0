namespace Saarthi.Speech.Audio;

/// <summary>What exactly is wrong with audio input; lets callers (and tests) branch without parsing messages.</summary>
public enum AudioFormatError
{
    Unknown = 0,

    /// <summary>The input has no bytes at all.</summary>
    Empty,

    /// <summary>The input ends inside the RIFF header, a chunk header or the fmt chunk, or before any data chunk.</summary>
    TruncatedHeader,

    /// <summary>The input is not a RIFF/WAVE file (wrong magic).</summary>
    NotWave,

    /// <summary>The data chunk comes before any fmt chunk.</summary>
    MissingFormat,

    /// <summary>The encoding or sample width is valid WAV but not one this reader decodes (ADPCM, 64-bit float, …).</summary>
    UnsupportedEncoding,

    /// <summary>A field holds an impossible or absurd value (zero channels, 5 GHz sample rate, a 1 GB fmt chunk, …).</summary>
    AbsurdValue,

    /// <summary>The audio is larger than the caller allowed to hold in memory.</summary>
    TooLarge,
}

/// <summary>Audio input that cannot be decoded; <see cref="Error"/> says why and the message names the field and values.</summary>
public sealed class AudioFormatException : Exception
{
    public AudioFormatException(AudioFormatError error, string message)
        : base(message) => Error = error;

    public AudioFormatException() : base("Audio input cannot be decoded.") { }

    public AudioFormatException(string message) : base(message) { }

    public AudioFormatException(string message, Exception innerException) : base(message, innerException) { }

    public AudioFormatError Error { get; }
}
