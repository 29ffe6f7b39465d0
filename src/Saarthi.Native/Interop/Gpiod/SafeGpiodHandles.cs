using System.Runtime.InteropServices;

namespace Saarthi.Native.Interop.Gpiod;

/// <summary>Owns one <c>struct gpiod_chip</c> (closed with <c>gpiod_chip_close</c>, which frees its lines).</summary>
internal sealed class SafeGpioChipHandle : SafeHandle
{
    public SafeGpioChipHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GpiodNative.gpiod_chip_close(handle);
        return true;
    }
}

/// <summary>
/// A requested line (a <c>struct gpiod_line</c> owned by its chip), released with <c>gpiod_line_release</c>. Holds a
/// reference on the chip so the chip cannot be closed under it.
/// </summary>
internal sealed class SafeGpioLineRequestHandle : SafeHandle
{
    private readonly SafeGpioChipHandle _chip;

    internal SafeGpioLineRequestHandle(SafeGpioChipHandle chip, nint line)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _chip = chip;
        var added = false;
        chip.DangerousAddRef(ref added);
        SetHandle(line);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GpiodNative.gpiod_line_release(handle);
        _chip.DangerousRelease();
        return true;
    }
}
