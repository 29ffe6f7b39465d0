namespace Saarthi.Speech.Audio;

/// <summary>
/// A sound device could not be opened or failed while in use. An <see cref="IOException"/>, so a call treats it like any
/// other failure of its line; the message names the device and the direction.
/// </summary>
public sealed class AudioDeviceException : IOException
{
    public AudioDeviceException()
    {
        Device = string.Empty;
    }

    public AudioDeviceException(string message)
        : base(message)
    {
        Device = string.Empty;
    }

    public AudioDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Device = string.Empty;
    }

    public AudioDeviceException(string device, string message, Exception? innerException)
        : base(message, innerException)
    {
        Device = device;
    }

    /// <summary>The ALSA device name.</summary>
    public string Device { get; }
}
