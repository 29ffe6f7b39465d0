using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Tests.Interop;

public sealed class GgmlBackendsTests(NativeSetupFixture setup)
{
    [Fact]
    public void EnsureLoaded_AfterSetup_RegistersAtLeastTheCpuDevice()
    {
        Assert.NotNull(setup.NativeDirectory);

        var devices = GgmlBackends.EnsureLoaded();

        Assert.True(devices >= 1);
        Assert.True(GgmlBackends.RegistryCount >= 1);
        Assert.Equal(devices, GgmlBackends.EnsureLoaded());
    }
}
