namespace Saarthi.Native.Interop.Ggml;

/// <summary>
/// ggml keeps its CPU code in plugin libraries: they must be registered once, before <c>llama_backend_init</c>
/// and before any whisper context is created (see NATIVE.md).
/// </summary>
public static class GgmlBackends
{
    private static readonly Lock Gate = new();
    private static int deviceCount;

    /// <summary>Registers the ggml backends that sit next to <c>libggml.v0.5.0.so</c> (once per process); returns the device count.</summary>
    /// <exception cref="NativeLibraryMissingException">libggml is not installed.</exception>
    /// <exception cref="GgmlException">No backend could be registered.</exception>
    public static int EnsureLoaded()
    {
        lock (Gate)
        {
            if (deviceCount > 0)
            {
                return deviceCount;
            }

            NativeLibraryResolver.Load(NativeLibraryNames.Ggml);
            var path = NativeLibraryResolver.LoadedPath(NativeLibraryNames.Ggml);
            var directory = path is not null && Path.IsPathFullyQualified(path) ? Path.GetDirectoryName(path) : null;
            GgmlNative.ggml_backend_load_all_from_path(directory);
            var devices = (int)GgmlNative.ggml_backend_dev_count();
            GgmlException.ThrowIfError(devices > 0 ? 0 : -1, $"ggml_backend_load_all_from_path({directory})");
            deviceCount = devices;
            return deviceCount;
        }
    }

    /// <summary>Registered backends (e.g. CPU) after <see cref="EnsureLoaded"/>.</summary>
    public static int RegistryCount => (int)GgmlNative.ggml_backend_reg_count();
}

/// <summary>A ggml call failed.</summary>
public sealed class GgmlException : NativeCallException
{
    public GgmlException()
    {
    }

    public GgmlException(string message)
        : base(message)
    {
    }

    public GgmlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GgmlException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.Ggml, operation, nativeCode, message)
    {
    }

    /// <summary>The ggml error funnel.</summary>
    internal static void ThrowIfError(int rc, string operation)
    {
        if (rc < 0)
        {
            throw new GgmlException(operation, rc, "no ggml backend device registered (are the libggml-cpu-*.so files next to libggml?)");
        }
    }
}
