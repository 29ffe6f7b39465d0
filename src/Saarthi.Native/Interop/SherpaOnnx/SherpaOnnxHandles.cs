using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>Owns a <c>SherpaOnnxVoiceActivityDetector</c> (released with <c>SherpaOnnxDestroyVoiceActivityDetector</c>).</summary>
internal sealed class SherpaOnnxVadHandle : SafeHandle
{
    public SherpaOnnxVadHandle()
        : base(0, ownsHandle: true)
    {
    }

    internal SherpaOnnxVadHandle(nint handle)
        : this() => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        SherpaOnnxNative.SherpaOnnxDestroyVoiceActivityDetector(handle);
        return true;
    }
}

/// <summary>Owns a <c>SherpaOnnxOfflineTts</c> (released with <c>SherpaOnnxDestroyOfflineTts</c>).</summary>
internal sealed class SherpaOnnxOfflineTtsHandle : SafeHandle
{
    public SherpaOnnxOfflineTtsHandle()
        : base(0, ownsHandle: true)
    {
    }

    internal SherpaOnnxOfflineTtsHandle(nint handle)
        : this() => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        SherpaOnnxNative.SherpaOnnxDestroyOfflineTts(handle);
        return true;
    }
}
