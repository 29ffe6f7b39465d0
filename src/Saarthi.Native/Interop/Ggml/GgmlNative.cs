using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Ggml;

/// <summary>Raw imports from <c>libggml.v0.5.0.so</c> (ggml 0.25.1, llama.cpp v0.5.0): backend registry only.</summary>
internal static partial class GgmlNative
{
    /// <summary>Loads the CPU backend variants (<c>libggml-cpu-*.so</c>) found in <paramref name="dirPath"/>; picks the best for this CPU.</summary>
    [LibraryImport(NativeLibraryNames.Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string? dirPath);

    [LibraryImport(NativeLibraryNames.Ggml)]
    internal static partial nuint ggml_backend_reg_count();

    [LibraryImport(NativeLibraryNames.Ggml)]
    internal static partial nuint ggml_backend_dev_count();
}
