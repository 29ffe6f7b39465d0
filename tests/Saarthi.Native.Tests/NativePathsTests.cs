using System.Runtime.InteropServices;

namespace Saarthi.Native.Tests;

public sealed class NativePathsTests(NativeSetupFixture setup)
{
    [Fact]
    public void CandidateDirectories_OverrideSet_ComesFirstWithAndWithoutRid()
    {
        var dirs = NativePaths.CandidateDirectories("/opt/saarthi/native", "/srv/app/bin", "linux-arm64");

        Assert.Equal("/opt/saarthi/native/linux-arm64", dirs[0]);
        Assert.Equal("/opt/saarthi/native", dirs[1]);
        Assert.Equal("/srv/app/bin/native/linux-arm64", dirs[2]);
    }

    [Fact]
    public void CandidateDirectories_NoOverride_WalksUpToTheRoot()
    {
        var dirs = NativePaths.CandidateDirectories(null, "/work/main/tests/X/bin/Debug/net10.0/", "linux-x64");

        Assert.Equal("/work/main/tests/X/bin/Debug/net10.0/native/linux-x64", dirs[0]);
        Assert.Contains("/work/main/native/linux-x64", dirs);
        Assert.Equal("/native/linux-x64", dirs[^1]);
        Assert.Equal(dirs.Count, dirs.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(Architecture.X64, "linux-x64")]
    [InlineData(Architecture.Arm64, "linux-arm64")]
    public void RuntimeIdentifierFor_Architecture_MatchesNativeFolderName(Architecture architecture, string expected) =>
        Assert.Equal(expected, NativePaths.RuntimeIdentifierFor(architecture));

    [Fact]
    public void FindNativeDirectory_RepoLayoutAfterSetup_FindsRepoNativeFolder()
    {
        Assert.Equal(setup.NativeDirectory, NativePaths.FindNativeDirectory());
    }

    [Fact]
    public void FindModel_SileroAfterSetup_ReturnsModelFile()
    {
        var path = NativePaths.FindModel("silero_vad.onnx");

        Assert.NotNull(path);
        Assert.Equal(2_327_524, new FileInfo(path).Length);
    }
}
