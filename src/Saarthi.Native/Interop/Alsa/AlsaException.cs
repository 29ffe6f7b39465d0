using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Alsa;

/// <summary>An alsa-lib call failed; <see cref="NativeCallException.NativeCode"/> is the negative errno it returned.</summary>
public sealed class AlsaException : NativeCallException
{
    public AlsaException()
    {
    }

    public AlsaException(string message)
        : base(message)
    {
    }

    public AlsaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AlsaException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.Asound, operation, nativeCode, message)
    {
    }

    /// <summary>
    /// The alsa-lib error funnel: a negative return becomes an <see cref="AlsaException"/> with <c>snd_strerror</c>'s
    /// text, what it usually means here, and the last line alsa-lib itself reported on this thread.
    /// </summary>
    internal static void ThrowIfError(int rc, string operation)
    {
        if (rc < 0)
        {
            throw Create(rc, operation);
        }
    }

    internal static AlsaException Create(int rc, string operation)
    {
        var text = Describe(rc);
        var hint = -rc switch
        {
            AlsaNative.ENOENT => " (no PCM of that name is defined, or its sound card is absent: see `aplay -L` and asound.conf)",
            AlsaNative.EBUSY => " (another program has the device open)",
            AlsaNative.ENODEV => " (the sound card was unplugged)",
            AlsaNative.EPIPE => " (buffer overrun/underrun)",
            AlsaNative.ESTRPIPE => " (the device is suspended)",
            _ => string.Empty,
        };
        var detail = AlsaLibLog.TakeLast();
        return new AlsaException(operation, rc, text + hint + (detail is null ? string.Empty : "; alsa-lib: " + detail));
    }

    /// <summary><c>snd_strerror</c>'s text for <paramref name="rc"/>.</summary>
    internal static unsafe string Describe(int rc) =>
        Marshal.PtrToStringUTF8((nint)AlsaNative.snd_strerror(rc)) ?? $"error {rc}";
}
