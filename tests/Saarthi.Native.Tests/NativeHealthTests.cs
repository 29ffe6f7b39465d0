namespace Saarthi.Native.Tests;

public sealed class NativeHealthTests(NativeSetupFixture setup)
{
    [Fact]
    public void TryLoad_LlamaAfterSetup_ReportsPathAndCanary()
    {
        var ok = NativeHealth.TryLoad(NativeLibraryNames.Llama, out var detail);

        Assert.True(ok, detail);
        Assert.Contains(setup.NativeDirectory, detail);
        Assert.Contains("llama_backend_init ok", detail);
    }

    [Fact]
    public void TryLoad_UnknownName_ReturnsFalseListingKnownNames()
    {
        var ok = NativeHealth.TryLoad("flite", out var detail);

        Assert.False(ok);
        Assert.Contains("espeak-ng", detail);
    }

    [Fact]
    public void CheckAll_ThisMachineAfterSetup_EveryLibraryOk()
    {
        var statuses = NativeHealth.CheckAll();

        Assert.Equal(NativeLibraryCatalog.All.Count, statuses.Count);
        Assert.All(statuses, s => Assert.True(s.Ok, s.Library.LogicalName + ": " + s.Detail));
    }
}
