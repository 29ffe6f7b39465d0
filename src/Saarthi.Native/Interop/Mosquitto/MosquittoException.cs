using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Mosquitto;

/// <summary>A libmosquitto call failed; <see cref="NativeCallException.NativeCode"/> is the <c>mosq_err_t</c>.</summary>
public sealed class MosquittoException : NativeCallException
{
    public MosquittoException()
    {
    }

    public MosquittoException(string message)
        : base(message)
    {
    }

    public MosquittoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MosquittoException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.Mosquitto, operation, nativeCode, message)
    {
    }

    /// <summary>The libmosquitto error funnel: anything but <c>MOSQ_ERR_SUCCESS</c> becomes a <see cref="MosquittoException"/>.</summary>
    internal static void ThrowIfError(int rc, string operation)
    {
        if (rc == MosquittoNative.MOSQ_ERR_SUCCESS)
        {
            return;
        }

        throw new MosquittoException(operation, rc, Describe(rc, rc == MosquittoNative.MOSQ_ERR_ERRNO ? Marshal.GetLastPInvokeError() : 0));
    }

    /// <summary>libmosquitto's text for <paramref name="rc"/>; for <c>MOSQ_ERR_ERRNO</c> the errno text too.</summary>
    internal static unsafe string Describe(int rc, int errno = 0)
    {
        var text = Marshal.PtrToStringUTF8((nint)MosquittoNative.mosquitto_strerror(rc)) ?? $"error {rc}";
        if (rc == MosquittoNative.MOSQ_ERR_ERRNO && errno != 0)
        {
            text += $" ({Marshal.GetPInvokeErrorMessage(errno)})";
        }

        return rc switch
        {
            MosquittoNative.MOSQ_ERR_TLS => text + " (check the CA file and that the broker's certificate names this host)",
            MosquittoNative.MOSQ_ERR_EAI => text + " (the broker's host name could not be resolved)",
            _ => text,
        };
    }

    /// <summary>libmosquitto's text for a CONNACK return code (e.g. 5: not authorised).</summary>
    internal static unsafe string DescribeConnack(int code) =>
        Marshal.PtrToStringUTF8((nint)MosquittoNative.mosquitto_connack_string(code)) ?? $"connack {code}";
}
