using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Pocketsphinx;

/// <summary>Owns one reference to a sphinxbase <c>cmd_ln_t</c> (released with <c>cmd_ln_free_r</c>).</summary>
internal sealed class CmdLnHandle : SafeHandle
{
    public CmdLnHandle()
        : base(0, ownsHandle: true)
    {
    }

    internal CmdLnHandle(nint handle)
        : this() => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _ = PocketsphinxNative.cmd_ln_free_r(handle);
        return true;
    }
}

/// <summary>
/// Owns one reference to a <c>ps_decoder_t</c> (released with <c>ps_free</c>). Keeps its configuration alive: it
/// <c>DangerousAddRef</c>s the <see cref="CmdLnHandle"/> it was created from and releases it after the decoder.
/// </summary>
internal sealed class PsDecoderHandle : SafeHandle
{
    private CmdLnHandle? _config;

    public PsDecoderHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>Calls <c>ps_init</c> on <paramref name="config"/>; the result is invalid when <c>ps_init</c> returned NULL.</summary>
    internal static PsDecoderHandle Create(CmdLnHandle config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var result = new PsDecoderHandle();
        var added = false;
        try
        {
            config.DangerousAddRef(ref added);
            var ps = PocketsphinxNative.ps_init(config.DangerousGetHandle());
            if (ps != 0)
            {
                result.SetHandle(ps);
                result._config = config;
                added = false; // now owned by the decoder handle
            }
        }
        finally
        {
            if (added)
            {
                config.DangerousRelease();
            }
        }

        return result;
    }

    protected override bool ReleaseHandle()
    {
        _ = PocketsphinxNative.ps_free(handle);
        _config?.DangerousRelease();
        _config = null;
        return true;
    }
}
