namespace Saarthi.Native.Interop.EspeakNg;

/// <summary>An espeak-ng call failed.</summary>
public sealed class EspeakException : NativeCallException
{
    public EspeakException()
    {
    }

    public EspeakException(string message)
        : base(message)
    {
    }

    public EspeakException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EspeakException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.EspeakNg, operation, nativeCode, message)
    {
    }

    /// <summary>The espeak-ng error funnel: anything but <c>EE_OK</c> becomes an <see cref="EspeakException"/>.</summary>
    internal static void ThrowIfError(int rc, string operation)
    {
        if (rc == EspeakNative.EE_OK)
        {
            return;
        }

        var message = rc switch
        {
            EspeakNative.EE_INTERNAL_ERROR => "internal error (is espeak-ng-data installed? apt-get install espeak-ng-data)",
            EspeakNative.EE_BUFFER_FULL => "buffer full",
            EspeakNative.EE_NOT_FOUND => "not found (unknown voice?)",
            _ => "unexpected return code",
        };
        throw new EspeakException(operation, rc, message);
    }
}
