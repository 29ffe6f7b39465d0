using System.Runtime.InteropServices;

namespace Saarthi.Native.Tests;

public sealed class NativeLibraryResolverTests(NativeSetupFixture setup)
{
    [Theory]
    [InlineData(NativeLibraryNames.Llama, "libllama.v0.5.0.so")]
    [InlineData(NativeLibraryNames.Ggml, "libggml.v0.5.0.so")]
    [InlineData(NativeLibraryNames.Whisper, "libwhisper.so")]
    [InlineData(NativeLibraryNames.SherpaOnnx, "libsherpa-onnx-c-api.so")]
    public void Load_BundledLibraryAfterSetup_LoadsFromNativeFolder(string name, string file)
    {
        var handle = NativeLibraryResolver.Load(name);

        Assert.NotEqual(0, handle);
        Assert.Equal(Path.Combine(setup.NativeDirectory, file), NativeLibraryResolver.LoadedPath(name));
    }

    [Theory]
    [InlineData(NativeLibraryNames.EspeakNg)]
    [InlineData(NativeLibraryNames.PocketSphinx)]
    [InlineData(NativeLibraryNames.SphinxBase)]
    [InlineData(NativeLibraryNames.Asound)]
    [InlineData(NativeLibraryNames.Mosquitto)]
    [InlineData(NativeLibraryNames.Gpiod)]
    public void Load_DebianLibrary_LoadsBySoname(string name)
    {
        var handle = NativeLibraryResolver.Load(name);

        Assert.NotEqual(0, handle);
        Assert.True(NativeLibrary.TryGetExport(handle, NativeLibraryCatalog.Find(name)!.CanarySymbol, out _));
    }

    [Fact]
    public void Load_SameLibraryTwice_ReturnsSameHandle() =>
        Assert.Equal(NativeLibraryResolver.Load(NativeLibraryNames.Llama), NativeLibraryResolver.Load(NativeLibraryNames.Llama));

    [Fact]
    public void Load_UnknownName_ThrowsArgumentExceptionListingKnownNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => NativeLibraryResolver.Load("nope"));

        Assert.Contains("whisper", ex.Message);
    }

    [Fact]
    public void Load_MissingBundledLibrary_ThrowsTypedExceptionNamingEveryPathAndSetup()
    {
        var missing = new NativeLibraryInfo("saarthi-missing", "libsaarthi-missing.so", NativeLibrarySource.Bundled, "x", "run ./saarthi once");

        var ex = Assert.Throws<NativeLibraryMissingException>(() => NativeLibraryResolver.Load(missing));

        Assert.Equal("saarthi-missing", ex.LibraryName);
        var expected = NativePaths.CandidateDirectories().Select(d => Path.Combine(d, "libsaarthi-missing.so")).ToList();
        Assert.Equal(expected, ex.PathsTried.Take(expected.Count));
        Assert.Contains(ex.PathsTried, p => p.StartsWith("libsaarthi-missing.so", StringComparison.Ordinal));
        foreach (var path in expected)
        {
            Assert.Contains(path, ex.Message);
        }

        Assert.Contains("./saarthi", ex.Message);
        Assert.IsAssignableFrom<DllNotFoundException>(ex);
    }

    [Fact]
    public void Load_MissingDebianLibrary_MessageNamesSonamePathsAndAptPackage()
    {
        var missing = new NativeLibraryInfo("nothing", "libnothing.so.9", NativeLibrarySource.System, "x", "install the Debian package: apt-get install libnothing9");

        var ex = Assert.Throws<NativeLibraryMissingException>(() => NativeLibraryResolver.Load(missing));

        Assert.Contains("libnothing.so.9 (system loader search path)", ex.Message);
        Assert.Contains($"/usr/lib/{NativePaths.MultiarchTriplet}/libnothing.so.9: not found", ex.Message);
        Assert.Contains("apt-get install libnothing9", ex.Message);
    }

    [Fact]
    public void TryLoadFrom_CorruptFile_ReportsTheLoaderMessage()
    {
        var dir = Directory.CreateTempSubdirectory("saarthi-native-");
        try
        {
            var bogus = Path.Combine(dir.FullName, "libbogus.so");
            File.WriteAllText(bogus, "not an ELF file");

            var ok = NativeLibraryResolver.TryLoadFrom([Path.Combine(dir.FullName, "absent.so"), bogus], out _, out _, out var attempts);

            Assert.False(ok);
            Assert.Equal("not found", attempts[0].Outcome);
            Assert.Equal(bogus, attempts[1].Candidate);
            Assert.NotEqual("not found", attempts[1].Outcome);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void CandidatesFor_OverrideDirectory_PrefersIt()
    {
        var library = NativeLibraryCatalog.Find(NativeLibraryNames.Whisper)!;

        var candidates = NativeLibraryResolver.CandidatesFor(library, ["/opt/x/linux-x64", "/opt/x"], "x86_64-linux-gnu");

        Assert.Equal(["/opt/x/linux-x64/libwhisper.so", "/opt/x/libwhisper.so", "libwhisper.so"], candidates);
    }

    [Fact]
    public void Register_SameAssemblyTwice_IsIdempotent()
    {
        var assembly = typeof(NativeLibraryResolver).Assembly; // already registered by its module initializer

        NativeLibraryResolver.Register(assembly);
        NativeLibraryResolver.Register(assembly);

        Assert.True(NativeLibraryResolver.IsRegistered(assembly));
    }
}
