using System.Security.Cryptography;

namespace Saarthi.Appliance.Tests.Ship;

/// <summary>The bundle's install.sh against a scratch root (--root: no network, no users, no systemctl), run twice.</summary>
[Collection(BundleTests.Name)]
public sealed class InstallScriptTests(BundleFixture bundle)
{
    private string Install => Path.Combine(bundle.Directory ?? throw new InvalidOperationException("publish-arm64.sh failed:\n" + bundle.Publish), "install.sh");

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void Install_IntoScratchRoot_PlacesAppDataUnitAndIdentity()
    {
        using var root = new TempDir();

        var run = Scripts.Run(Install, ["--root", root.Path, "--kiosk-id", "village-7"], Timeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        string At(string p) => Path.Combine(root.Path, p);
        Assert.True(File.Exists(At("opt/saarthi/app/saarthi.dll")));
        Assert.True(File.Exists(At("opt/saarthi/native/linux-arm64/libwhisper.so")));
        Assert.True(File.Exists(At("opt/saarthi/native/models/silero_vad.onnx")));
        Assert.True(File.Exists(At("opt/saarthi/models/manifest.json")));
        Assert.True(File.Exists(At("opt/saarthi/THIRD-PARTY-NOTICES")));
        Assert.Equal(File.ReadAllText(Scripts.Path("firmware-config/saarthi.service")), File.ReadAllText(At("etc/systemd/system/saarthi.service")));
        Assert.Equal(File.ReadAllText(Scripts.Path("firmware-config/99-saarthi-modem.rules")), File.ReadAllText(At("etc/udev/rules.d/99-saarthi-modem.rules")));
        Assert.Contains("/usr/bin/dotnet /opt/saarthi/app/saarthi.dll", File.ReadAllText(At("usr/local/bin/saarthi")));

        var salt = At("var/lib/saarthi/caller-id.salt");
        Assert.Equal(32, new FileInfo(salt).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(salt));
        Assert.Equal("village-7", File.ReadAllText(At("var/lib/saarthi/kiosk-id")).Trim());
        Assert.Contains("\"kiosk_id\": \"village-7\"", File.ReadAllText(At("opt/saarthi/firmware-config/appliance.json")));
        Assert.True(Directory.Exists(At("var/lib/saarthi/models")));

        // Offline in a scratch root: the network steps are named as skipped, and the missing .NET runtime is said loudly.
        Assert.Contains("packages: skipped (offline); needed:", run.Out);
        Assert.Contains("libespeak-ng1", run.Out);
        Assert.Contains(".NET runtime: NOT installed", run.Err);
    }

    [Fact]
    public void Install_RunAgain_KeepsDataSaltKioskIdKeysAndSiteConfig()
    {
        using var root = new TempDir();
        string At(string p) => Path.Combine(root.Path, p);
        var first = Scripts.Run(Install, ["--root", root.Path], Timeout);
        Assert.True(first.ExitCode == 0, first.ToString());
        var salt = File.ReadAllBytes(At("var/lib/saarthi/caller-id.salt"));
        var kioskId = File.ReadAllText(At("var/lib/saarthi/kiosk-id")).Trim();
        Assert.Matches("^kiosk-[0-9a-f]{8}$", kioskId);

        // What a kiosk accumulates: a snapshot, a provisioned model, an NGO key, a locally edited config.
        File.WriteAllText(At("var/lib/saarthi/knowledge.db"), "the serving snapshot");
        File.WriteAllText(At("var/lib/saarthi/models/ggml-base-q5_1.bin"), "a provisioned model");
        File.WriteAllText(At("opt/saarthi/firmware-config/ngo-keys/ngo-2026.pem"), "-----BEGIN PUBLIC KEY-----");
        var config = At("opt/saarthi/firmware-config/appliance.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"helpline\": null", "\"helpline\": \"1800-11-2222\"", StringComparison.Ordinal));
        File.WriteAllText(At("opt/saarthi/app/stale-from-old-version.dll"), "old");

        var second = Scripts.Run(Install, ["--root", root.Path, "--kiosk-id", "another-name"], Timeout);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(salt, File.ReadAllBytes(At("var/lib/saarthi/caller-id.salt")));
        Assert.Equal(kioskId, File.ReadAllText(At("var/lib/saarthi/kiosk-id")).Trim());
        Assert.Contains($"kept kiosk id {kioskId} (--kiosk-id another-name ignored", second.Err);
        Assert.Equal("the serving snapshot", File.ReadAllText(At("var/lib/saarthi/knowledge.db")));
        Assert.Equal("a provisioned model", File.ReadAllText(At("var/lib/saarthi/models/ggml-base-q5_1.bin")));
        Assert.Equal("-----BEGIN PUBLIC KEY-----", File.ReadAllText(At("opt/saarthi/firmware-config/ngo-keys/ngo-2026.pem")));
        var kept = File.ReadAllText(config);
        Assert.Contains("\"helpline\": \"1800-11-2222\"", kept);
        Assert.Contains($"\"kiosk_id\": \"{kioskId}\"", kept);
        Assert.True(File.Exists(config + ".dist"), "the bundle's default config should be left beside the site's");

        // The app itself is replaced as a whole; the previous one is kept once.
        Assert.False(File.Exists(At("opt/saarthi/app/stale-from-old-version.dll")));
        Assert.True(File.Exists(At("opt/saarthi/app.previous/stale-from-old-version.dll")));
        Assert.True(File.Exists(At("opt/saarthi/app/saarthi.dll")));
    }

    [Fact]
    public void Install_ModelsTarball_UnpacksAndVerifiesIt()
    {
        using var root = new TempDir();
        using var models = new TempDir();
        Directory.CreateDirectory(models.File("whisper"));
        var bytes = RandomNumberGenerator.GetBytes(4096);
        File.WriteAllBytes(models.File("whisper/ggml-tiny-q5_1.bin"), bytes);
        File.WriteAllText(models.File("SHA256SUMS"), $"{Convert.ToHexStringLower(SHA256.HashData(bytes))}  ./whisper/ggml-tiny-q5_1.bin\n");
        var tarball = models.Path + ".tar";
        Assert.Equal(0, Scripts.Run("-c", ["tar -cf \"$1\" -C \"$2\" .", "tar", tarball, models.Path], Timeout).ExitCode);

        try
        {
            var run = Scripts.Run(Install, ["--root", root.Path, "--models-tarball", tarball], Timeout);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("models verified against SHA256SUMS", run.Out);
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(root.Path, "var/lib/saarthi/models/whisper/ggml-tiny-q5_1.bin")));
        }
        finally
        {
            File.Delete(tarball);
        }
    }

    [Fact]
    public void Install_DamagedModelsTarball_FailsNamingIt()
    {
        using var root = new TempDir();
        using var models = new TempDir();
        File.WriteAllBytes(models.File("ggml-tiny-q5_1.bin"), [1, 2, 3]);
        File.WriteAllText(models.File("SHA256SUMS"), $"{new string('0', 64)}  ./ggml-tiny-q5_1.bin\n");
        var tarball = models.Path + ".tar";
        Assert.Equal(0, Scripts.Run("-c", ["tar -cf \"$1\" -C \"$2\" .", "tar", tarball, models.Path], Timeout).ExitCode);

        try
        {
            var run = Scripts.Run(Install, ["--root", root.Path, "--models-tarball", tarball], Timeout);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("do not match their SHA256SUMS", run.Err);
            // The salt and id were made before the models step and are still there for the next attempt.
            Assert.True(File.Exists(Path.Combine(root.Path, "var/lib/saarthi/caller-id.salt")));
        }
        finally
        {
            File.Delete(tarball);
        }
    }

    [Fact]
    public void Install_UpgradeFailingAfterTheSwap_PutsThePreviousAppBack()
    {
        using var root = new TempDir();
        using var models = new TempDir();
        string At(string p) => Path.Combine(root.Path, p);
        var first = Scripts.Run(Install, ["--root", root.Path], Timeout);
        Assert.True(first.ExitCode == 0, first.ToString());
        File.WriteAllText(At("opt/saarthi/app/marker-of-the-running-version"), "v1");
        File.WriteAllText(models.File("SHA256SUMS"), $"{new string('0', 64)}  ./missing.bin\n");
        var tarball = models.Path + ".tar";
        Assert.Equal(0, Scripts.Run("-c", ["tar -cf \"$1\" -C \"$2\" .", "tar", tarball, models.Path], Timeout).ExitCode);

        try
        {
            var upgrade = Scripts.Run(Install, ["--root", root.Path, "--models-tarball", tarball], Timeout);

            Assert.Equal(1, upgrade.ExitCode);
            Assert.Contains("install failed: the previous app is back in place (app native)", upgrade.Err);
            Assert.Equal("v1", File.ReadAllText(At("opt/saarthi/app/marker-of-the-running-version")));
            Assert.True(File.Exists(At("opt/saarthi/native/linux-arm64/libwhisper.so")));
            Assert.False(Directory.Exists(At("opt/saarthi/app.previous")));
        }
        finally
        {
            File.Delete(tarball);
        }
    }

    [Fact]
    public void Install_FromAFolderThatIsNotABundle_FailsClearly()
    {
        using var notBundle = new TempDir();
        using var root = new TempDir();
        File.Copy(Scripts.Path("scripts/install.sh"), notBundle.File("install.sh"));

        var run = Scripts.Run(notBundle.File("install.sh"), ["--root", root.Path], Timeout);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not an unpacked Saarthi bundle", run.Err);
        Assert.False(Directory.Exists(Path.Combine(root.Path, "opt")));
    }

    [Fact]
    public void Install_InvalidKioskId_FailsBeforeWritingIt()
    {
        using var root = new TempDir();

        var run = Scripts.Run(Install, ["--root", root.Path, "--kiosk-id", "bad id/with slash"], Timeout);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("kiosk id 'bad id/with slash' is not valid", run.Err);
        Assert.False(File.Exists(Path.Combine(root.Path, "var/lib/saarthi/kiosk-id")));
    }
}
