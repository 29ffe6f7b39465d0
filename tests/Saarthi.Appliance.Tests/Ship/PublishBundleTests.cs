using System.Text.Json;
using Saarthi.Native;

namespace Saarthi.Appliance.Tests.Ship;

/// <summary>./publish-arm64.sh on this checkout, and scripts/bundle-check.sh on its bundle and on broken ones.</summary>
[Collection(BundleTests.Name)]
public sealed class PublishBundleTests(BundleFixture bundle)
{
    private string Dir => bundle.Directory ?? throw new InvalidOperationException("publish-arm64.sh failed:\n" + bundle.Publish);

    [Fact]
    public void Publish_OnThisCheckout_WritesTheBundleAndItsCheckPasses()
    {
        Assert.True(bundle.Publish.ExitCode == 0, bundle.Publish.ToString());
        Assert.Matches(@"/out/saarthi-[A-Za-z0-9._+-]+-linux-arm64\.tar\.gz$", bundle.Tarball);
        Assert.Contains("bundle-check: ok:", bundle.Publish.Err);
        Assert.Matches(@"all \d+ shared libraries load in an aarch64 process", bundle.Publish.Err);
        Assert.True(File.Exists(bundle.Tarball + ".sha256"));

        // The check again, on the tarball itself, with the list the bundle carries.
        var check = Scripts.Run("scripts/bundle-check.sh", [bundle.Tarball!], TimeSpan.FromMinutes(5));
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Matches(@"ok: \d+ ELF file\(s\), all aarch64", check.Out);
    }

    [Fact]
    public void Publish_FrameworkDependentOrNot_SaysWhichInTheBundleAndTheLog()
    {
        var info = File.ReadAllLines(Path.Combine(Dir, "BUNDLE-INFO")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("linux-arm64", info["rid"]);
        Assert.Contains(info["dotnet"], new[] { "framework-dependent", "self-contained" });
        if (info["dotnet"] == "framework-dependent")
        {
            // Either this run said it loudly, or it reused a build whose run did: the reuse line names the mode.
            Assert.Contains("FRAMEWORK-DEPENDENT", bundle.Publish.Err);
            Assert.True(File.Exists(Path.Combine(Dir, "app", "saarthi.runtimeconfig.json")));
            Assert.False(File.Exists(Path.Combine(Dir, "app", "saarthi")), "a framework-dependent bundle has no apphost");
        }
        Assert.Matches(@"^[A-Za-z0-9][A-Za-z0-9._+-]*$", info["version"]);
    }

    [Fact]
    public void Bundle_Layout_HasEverythingTheBoardNeeds()
    {
        string[] expected =
        [
            "install.sh", "bundle-check.sh", "debian-runtime.list", "LICENSE", "THIRD-PARTY-NOTICES", "BUNDLE-INFO",
            "app/saarthi.dll", "app/saarthi.deps.json",
            "native/linux-arm64/libllama.v0.5.0.so", "native/linux-arm64/libggml.v0.5.0.so", "native/linux-arm64/libggml-base.so",
            "native/linux-arm64/libggml-cpu-armv8.0_1.so", "native/linux-arm64/libwhisper.so",
            "native/linux-arm64/libsherpa-onnx-c-api.so", "native/linux-arm64/libonnxruntime.so", "native/models/silero_vad.onnx",
            "snapshots/schemes.seed.json", "models/manifest.json", "models/fetch.sh",
            "firmware-config/appliance.json", "firmware-config/saarthi.service", "firmware-config/99-saarthi-modem.rules",
            "firmware-config/asound.conf", "firmware-config/modems/sim7600.json", "firmware-config/modems/ec25.json",
        ];
        var missing = expected.Where(f => !File.Exists(Path.Combine(Dir, f))).ToList();
        Assert.True(missing.Count == 0, "missing from the bundle: " + string.Join(", ", missing));

        // Nothing for the build machine's architecture slipped in.
        Assert.False(Directory.Exists(Path.Combine(Dir, "native", "linux-x64")));
        Assert.Equal(File.ReadAllBytes(Scripts.Path("sync/snapshots/schemes.seed.json")), File.ReadAllBytes(Path.Combine(Dir, "snapshots", "schemes.seed.json")));
        Assert.True((File.GetUnixFileMode(Path.Combine(Dir, "install.sh")) & UnixFileMode.UserExecute) != 0);
    }

    [Fact]
    public void Notices_ListEveryBundledComponentWithItsLicence()
    {
        var notices = File.ReadAllText(Path.Combine(Dir, "THIRD-PARTY-NOTICES"));
        Assert.Contains("GPL-3.0-or-later", notices);
        Assert.Matches(@"espeak-ng.*GPL-3\.0-or-later", notices);
        foreach (var component in new[] { "llama.cpp", "whisper.cpp", "sherpa-onnx", "ONNX Runtime", "Silero VAD", "SQLite" })
            Assert.Contains(component, notices);
        foreach (var so in Directory.GetFiles(Path.Combine(Dir, "native", "linux-arm64"), "*.so").Select(Path.GetFileName))
        {
            var named = so!.StartsWith("libggml", StringComparison.Ordinal) ? "libggml*.so" : so;
            Assert.True(notices.Contains(named, StringComparison.Ordinal), $"{so} is not in THIRD-PARTY-NOTICES");
        }

        // Every NuGet package the app ships, with a licence beside its name.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "app", "saarthi.deps.json")));
        var packages = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString() == "package").Select(p => p.Name.Replace('/', ' ')).ToList();
        Assert.NotEmpty(packages);
        foreach (var package in packages)
            Assert.Matches(@"(?m)^" + System.Text.RegularExpressions.Regex.Escape(package) + @" +(MIT|Apache-2\.0|BSD|licenses/|https?://)", notices);
    }

    [Fact]
    public void RuntimeList_NamesEveryLibraryTheAppLoadsBySoname()
    {
        var listed = File.ReadAllLines(Scripts.Path("scripts/debian-runtime.list"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 3 && p[0] == "soname").Select(p => p[1]).ToHashSet();
        var system = NativeLibraryCatalog.All.Where(l => l.Source == NativeLibrarySource.System).Select(l => l.FileName).ToList();
        Assert.NotEmpty(system);
        Assert.All(system, soname => Assert.True(listed.Contains(soname), $"{soname} (NativeLibraryCatalog) has no 'soname' line in scripts/debian-runtime.list"));
    }

    [Fact]
    public void BundleCheck_LibraryForTheWrongArchitecture_FailsNamingIt()
    {
        using var scratch = new TempDir();
        File.Copy(Path.Combine(Dir, "native", "linux-arm64", "libggml-base.so"), scratch.File("libggml-base.so"));
        File.Copy(Scripts.Path("native/linux-x64/libggml.v0.5.0.so"), scratch.File("libggml.v0.5.0.so"));

        var check = Scripts.Run("scripts/bundle-check.sh", [scratch.Path, "--runtime-list", Scripts.Path("scripts/debian-runtime.list")], TimeSpan.FromMinutes(2));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("FAIL libggml.v0.5.0.so: ELF64 Advanced Micro Devices X86-64, not a 64-bit AArch64 ELF", check.Out);
        Assert.DoesNotContain("FAIL libggml-base.so", check.Out);
    }

    [Fact]
    public void BundleCheck_NeededLibraryNeitherBundledNorListed_FailsNamingIt()
    {
        // libwhisper.so needs libggml.v0.5.0.so and libggml-base.so beside it; leave one out.
        using var scratch = new TempDir();
        File.Copy(Path.Combine(Dir, "native", "linux-arm64", "libwhisper.so"), scratch.File("libwhisper.so"));
        File.Copy(Path.Combine(Dir, "native", "linux-arm64", "libggml-base.so"), scratch.File("libggml-base.so"));

        var check = Scripts.Run("scripts/bundle-check.sh", [scratch.Path, "--runtime-list", Scripts.Path("scripts/debian-runtime.list")], TimeSpan.FromMinutes(2));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("FAIL libwhisper.so needs libggml.v0.5.0.so: not beside it in the bundle", check.Out);
        Assert.DoesNotContain("needs libggml-base.so", check.Out);
        Assert.DoesNotContain("needs libstdc++.so.6", check.Out); // a Debian package provides it
    }

    [Fact]
    public void BundleCheck_Load_LibraryWithAnUnresolvableSymbol_FailsOnlyWhenLoaded()
    {
        // Links fine and names no missing library, so readelf sees nothing wrong; the dynamic loader does.
        using var scratch = new TempDir();
        File.WriteAllText(scratch.File("broken.c"), "extern int saarthi_nowhere(void);\nint broken(void) { return saarthi_nowhere(); }\n");
        Directory.CreateDirectory(scratch.File("bundle"));
        var cc = Scripts.Run("-c", ["aarch64-linux-gnu-gcc -shared -fPIC -o \"$1\" \"$2\"", "cc", scratch.File("bundle/libbroken.so"), scratch.File("broken.c")], TimeSpan.FromMinutes(2));
        Assert.True(cc.ExitCode == 0, cc.ToString());
        File.Copy(Path.Combine(Dir, "native", "linux-arm64", "libggml-base.so"), scratch.File("bundle/libggml-base.so"));
        string[] args = [scratch.File("bundle"), "--runtime-list", Scripts.Path("scripts/debian-runtime.list")];

        var statically = Scripts.Run("scripts/bundle-check.sh", args, TimeSpan.FromMinutes(2));
        var loaded = Scripts.Run("scripts/bundle-check.sh", [.. args, "--load"], TimeSpan.FromMinutes(2));

        Assert.True(statically.ExitCode == 0, statically.ToString());
        Assert.Equal(1, loaded.ExitCode);
        Assert.Contains("FAIL does not load on aarch64: libbroken.so: undefined symbol: saarthi_nowhere", loaded.Out);
        Assert.DoesNotContain("libggml-base.so", loaded.Out);
    }

    [Fact]
    public void BundleCheck_SymbolVersionNewerThanTheTarget_FailsNamingIt()
    {
        // The same libraries against an older distribution's ceiling (glibc 2.31, gcc 10).
        using var scratch = new TempDir();
        var list = File.ReadAllText(Scripts.Path("scripts/debian-runtime.list"))
            .Replace("max GLIBC 2.36", "max GLIBC 2.31", StringComparison.Ordinal)
            .Replace("max GLIBCXX 3.4.30", "max GLIBCXX 3.4.28", StringComparison.Ordinal);
        File.WriteAllText(scratch.File("older.list"), list);
        Directory.CreateDirectory(scratch.File("bundle"));
        File.Copy(Path.Combine(Dir, "native", "linux-arm64", "libggml-base.so"), scratch.File("bundle/libggml-base.so"));
        File.Copy(Path.Combine(Dir, "native", "linux-arm64", "libggml.v0.5.0.so"), scratch.File("bundle/libggml.v0.5.0.so"));

        var check = Scripts.Run("scripts/bundle-check.sh", [scratch.File("bundle"), "--runtime-list", scratch.File("older.list")], TimeSpan.FromMinutes(2));

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("libggml.v0.5.0.so needs GLIBC_2.34; the target has up to GLIBC_2.31 (older.list)", check.Out);
        Assert.Contains("libggml-base.so needs GLIBCXX_3.4.29", check.Out);
    }
}
