using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Alsa;

/// <summary>
/// Owns one <c>snd_pcm_t</c> (closed with <c>snd_pcm_close</c>). When it was opened from a configuration of one's own,
/// it holds a reference on that configuration until it closes (child handles keep their parent alive).
/// </summary>
internal sealed class SafeAlsaPcmHandle : SafeHandle
{
    private SafeAlsaConfigHandle? _config;

    public SafeAlsaPcmHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Keeps <paramref name="config"/> alive for as long as this PCM is open.</summary>
    internal void HoldConfig(SafeAlsaConfigHandle config)
    {
        var added = false;
        config.DangerousAddRef(ref added);
        if (added)
        {
            _config = config;
        }
    }

    protected override bool ReleaseHandle()
    {
        var rc = AlsaNative.snd_pcm_close(handle);
        _config?.DangerousRelease();
        _config = null;
        return rc == 0;
    }
}

/// <summary>Owns one <c>snd_pcm_hw_params_t</c> (freed with <c>snd_pcm_hw_params_free</c>).</summary>
internal sealed class SafeAlsaHwParamsHandle : SafeHandle
{
    public SafeAlsaHwParamsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        AlsaNative.snd_pcm_hw_params_free(handle);
        return true;
    }
}

/// <summary>Owns one <c>snd_pcm_sw_params_t</c> (freed with <c>snd_pcm_sw_params_free</c>).</summary>
internal sealed class SafeAlsaSwParamsHandle : SafeHandle
{
    public SafeAlsaSwParamsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        AlsaNative.snd_pcm_sw_params_free(handle);
        return true;
    }
}

/// <summary>Owns one configuration tree (<c>snd_config_t</c>, deleted with <c>snd_config_delete</c>).</summary>
internal sealed class SafeAlsaConfigHandle : SafeHandle
{
    public SafeAlsaConfigHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => AlsaNative.snd_config_delete(handle) == 0;
}
