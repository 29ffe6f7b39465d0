using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Mosquitto;

/// <summary>
/// Owns one <c>struct mosquitto</c> (released with <c>mosquitto_destroy</c>). The wrapper stops its network loop
/// before disposing this, so <c>mosquitto_destroy</c> never has a loop thread to cancel.
/// </summary>
internal sealed class SafeMosquittoHandle : SafeHandle
{
    public SafeMosquittoHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        MosquittoNative.mosquitto_destroy(handle);
        return true;
    }
}
