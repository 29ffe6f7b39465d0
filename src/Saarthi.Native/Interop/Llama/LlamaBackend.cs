using System.Runtime.InteropServices;
using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Llama;

/// <summary>The process-wide llama.cpp start-up: ggml backends, the log route, <c>llama_backend_init</c>; once.</summary>
public static unsafe class LlamaBackend
{
    private static readonly Lock Gate = new();
    private static bool initialized;

    /// <summary>
    /// Installs <see cref="LlamaLog"/>, registers the ggml CPU backends (before <c>llama_backend_init</c>, see NATIVE.md) and calls
    /// <c>llama_backend_init</c>. Safe to call from anywhere, any number of times.
    /// </summary>
    /// <exception cref="NativeLibraryMissingException">libllama or libggml is not installed.</exception>
    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (initialized)
            {
                return;
            }

            LlamaLog.EnsureInstalled(); // first, so ggml's "loaded CPU backend" line is not printed to stderr
            GgmlBackends.EnsureLoaded();
            LlamaNative.llama_backend_init();
            initialized = true;
        }
    }

    /// <summary>The CPU features llama/ggml use here ("CPU : SSE3 = 1 | AVX2 = 1 …").</summary>
    public static string SystemInfo
    {
        get
        {
            EnsureInitialized();
            return Marshal.PtrToStringUTF8((nint)LlamaNative.llama_print_system_info())?.Trim() ?? string.Empty;
        }
    }
}
