using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>Owns one <c>whisper_context</c> (the loaded model weights); released with <c>whisper_free</c>.</summary>
internal sealed class SafeWhisperContextHandle : SafeHandle
{
    public SafeWhisperContextHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        WhisperNative.whisper_free(handle);
        return true;
    }
}

/// <summary>
/// Owns one <c>whisper_state</c> (KV caches, mel, results). A state points into its context's model, so it keeps the
/// context alive: creation <c>DangerousAddRef</c>s the <see cref="SafeWhisperContextHandle"/> and release gives the
/// reference back after <c>whisper_free_state</c>. Disposing the context first is therefore safe.
/// </summary>
internal sealed class SafeWhisperStateHandle : SafeHandle
{
    private SafeWhisperContextHandle? context;

    public SafeWhisperStateHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Calls <c>whisper_init_state</c>; the result holds a reference on <paramref name="context"/>.</summary>
    /// <exception cref="WhisperException">whisper could not allocate the state.</exception>
    public static SafeWhisperStateHandle Create(SafeWhisperContextHandle context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = new SafeWhisperStateHandle();
        var added = false;
        try
        {
            context.DangerousAddRef(ref added);
            nint raw;
            using (var capture = WhisperLog.Capture())
            {
                raw = WhisperNative.whisper_init_state(context);
                if (raw == IntPtr.Zero)
                {
                    throw new WhisperException("whisper_init_state", -1, "could not allocate the decoding state (out of memory?)" + capture.Describe());
                }
            }

            state.SetHandle(raw);
            state.context = context;
            added = false; // now owned by the state's release
            return state;
        }
        finally
        {
            if (added)
            {
                context.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// whisper freed this state itself (<c>whisper_full_with_state</c> returns −7 after freeing it when the KV cache
    /// cannot be re-created): forget the pointer without freeing it again, but give the context reference back.
    /// </summary>
    internal void MarkFreedByNative()
    {
        SetHandleAsInvalid();
        Interlocked.Exchange(ref context, null)?.DangerousRelease();
    }

    protected override bool ReleaseHandle()
    {
        WhisperNative.whisper_free_state(handle);
        Interlocked.Exchange(ref context, null)?.DangerousRelease();
        return true;
    }
}
