namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>A sherpa-onnx call failed, or a configuration was refused before it could reach one that would end the process.</summary>
public sealed class SherpaOnnxException : NativeCallException
{
    public SherpaOnnxException()
    {
    }

    public SherpaOnnxException(string message)
        : base(message)
    {
    }

    public SherpaOnnxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SherpaOnnxException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.SherpaOnnx, operation, nativeCode, message)
    {
    }

    /// <summary>The sherpa-onnx funnel: the C API signals failure with NULL (code −1 here).</summary>
    internal static nint ThrowIfNull(nint pointer, string operation, string hint)
    {
        if (pointer != 0)
        {
            return pointer;
        }

        throw new SherpaOnnxException(operation, -1, hint);
    }

    /// <summary>A configuration sherpa-onnx would answer with <c>exit(-1)</c>: refused here with code −2.</summary>
    internal static SherpaOnnxException Refused(string operation, string reason) => new(operation, -2, reason);
}
