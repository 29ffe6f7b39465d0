using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Ggml;

/// <summary>
/// The cancellation token of the native computation in progress, handed to ggml's abort callbacks through a
/// <see cref="GCHandle"/> as their user data (llama.cpp's context and whisper.cpp's full decode both take one).
/// </summary>
internal sealed unsafe class GgmlAbortSignal
{
    public CancellationToken Token { get; set; }

    /// <summary>ggml_abort_callback: true (1) stops the computation. Runs on ggml's compute thread; never throws.</summary>
    [UnmanagedCallersOnly]
    public static byte OnAbort(void* userData) => IsRequested(userData) ? (byte)1 : (byte)0;

    /// <summary>Whether the signal behind <paramref name="userData"/> asks to stop (a broken handle counts as yes). Never throws.</summary>
    public static bool IsRequested(void* userData)
    {
        try
        {
            return GCHandle.FromIntPtr((nint)userData).Target is GgmlAbortSignal { Token.IsCancellationRequested: true };
        }
        catch (Exception)
        {
            return true;
        }
    }
}
