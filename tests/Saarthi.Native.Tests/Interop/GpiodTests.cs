using System.Runtime.InteropServices;
using Saarthi.Native.Interop.Gpiod;

namespace Saarthi.Native.Tests.Interop;

/// <summary>libgpiod loads and answers here; no GPIO chip exists on this machine, so the hook switch itself is tested through a scripted line.</summary>
public sealed class GpiodTests
{
    [Fact]
    public void LibraryVersion_DebianLibgpiod2_IsTheV1Api()
    {
        var version = GpioChip.LibraryVersion;

        Assert.StartsWith("1.", version);
        Assert.True(Version.Parse(version) >= new Version(1, 6), version);
    }

    [Fact]
    public void Open_ChipThatDoesNotExist_GpiodExceptionNamesChipAndErrno()
    {
        var e = Assert.Throws<GpiodException>(() => GpioChip.Open("saarthi-no-such-chip"));

        Assert.Equal(NativeLibraryNames.Gpiod, e.Library);
        Assert.Contains("'saarthi-no-such-chip'", e.Message);
        Assert.True(e.NativeCode > 0, $"errno {e.NativeCode}");
    }

    [Fact]
    public void Open_ChipNameWithoutDevice_SaysNoSuchChipAndWhatToCheck()
    {
        var e = Assert.Throws<GpiodException>(() => GpioChip.Open("gpiochip99"));

        Assert.Equal(2, e.NativeCode); // ENOENT
        Assert.Contains("gpio_chip in appliance.json", e.Message);
    }

    [Fact]
    public void LineEvent_Layout_MatchesTimespecPlusInt()
    {
        // struct gpiod_line_event { struct timespec ts; int event_type; } on LP64: 16 + 4, padded to 24.
        Assert.Equal(24, Marshal.SizeOf<GpiodNative.LineEvent>());
        Assert.Equal(16, (int)Marshal.OffsetOf<GpiodNative.LineEvent>(nameof(GpiodNative.LineEvent.EventType)));
    }
}
