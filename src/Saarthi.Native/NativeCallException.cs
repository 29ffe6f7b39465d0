namespace Saarthi.Native;

/// <summary>
/// A native call returned an error. Each library has one funnel (<c>ThrowIfError(rc, operation)</c>) that builds
/// a subclass of this with the library, the operation and the native code.
/// </summary>
public class NativeCallException : Exception
{
    public NativeCallException()
        : this("A native call failed.")
    {
    }

    public NativeCallException(string message)
        : base(message)
    {
        Library = string.Empty;
        Operation = string.Empty;
    }

    public NativeCallException(string message, Exception innerException)
        : base(message, innerException)
    {
        Library = string.Empty;
        Operation = string.Empty;
    }

    public NativeCallException(string library, string operation, int nativeCode, string message)
        : base($"{library}: {operation} failed ({nativeCode}): {message}")
    {
        Library = library;
        Operation = operation;
        NativeCode = nativeCode;
    }

    /// <summary>The logical library name (see <see cref="NativeLibraryNames"/>).</summary>
    public string Library { get; }

    /// <summary>The native function or step that failed.</summary>
    public string Operation { get; }

    /// <summary>The native return code.</summary>
    public int NativeCode { get; }
}
