using System.Security.Cryptography;
using System.Text;
using Saarthi.Knowledge.Import;
using Saarthi.Sync.Packages;

namespace Saarthi.Sync.Tests;

public sealed class PackageTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly TestKey _ngo;

    public PackageTests() => _ngo = new TestKey(_dir.Sub("keys"));

    public void Dispose()
    {
        _ngo.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Build_SeedSnapshot_OpensWithPinnedKeyAndCarriesManifest()
    {
        var package = _ngo.Package(Seed.Json, 7);

        var opened = SnapshotPackage.Open(package, NgoKeyRing.FromPem(_ngo.PublicPem));

        Assert.Equal(Seed.Json, opened.SnapshotJson);
        Assert.Equal(Seed.SnapshotId, opened.Manifest.SnapshotId);
        Assert.Equal(7, opened.Manifest.Version);
        Assert.Equal(Seed.SchemeCount, opened.Manifest.SchemeCount);
        Assert.Equal(_ngo.Id, opened.Manifest.KeyId);
        Assert.Equal(SnapshotPackage.Sha256Hex(Encoding.UTF8.GetBytes(Seed.Json)), opened.Manifest.ContentSha256);
        Assert.True(package.Length < Encoding.UTF8.GetByteCount(Seed.Json) / 3, $"gzip should shrink the seed: {package.Length} bytes");
    }

    [Fact]
    public void Build_InvalidSnapshot_RefusedBeforeSigning()
    {
        var broken = Seed.With(root => Seed.Scheme(root, "pm-kisan")["facts_as_of"] = "someday");

        var e = Assert.Throws<SnapshotValidationException>(() => _ngo.Package(broken, 1));

        Assert.Contains(e.Problems, p => p.Contains("pm-kisan", StringComparison.Ordinal) && p.Contains("facts_as_of", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_WithoutVersion_UsesBuildTimeAsMonotonicNumber()
    {
        var package = SnapshotPackage.Build(Seed.Json, _ngo.Key);

        var version = SnapshotPackage.ReadManifest(package).Version;

        Assert.InRange(version, 202_000_000_000L, 999_912_312_359L);
    }

    [Fact]
    public void Open_WrongKey_RejectedAsUnknownKey()
    {
        using var other = new TestKey(_dir.Sub("other"), "other");
        var package = other.Package(Seed.Json, 1);

        var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(package, NgoKeyRing.FromPem(_ngo.PublicPem)));

        Assert.Equal(RejectReason.UnknownKey, e.Reason);
        Assert.Contains(other.Id, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ManifestSignedByOtherKeyButNamingPinnedKey_RejectedAsBadSignature()
    {
        using var other = new TestKey(_dir.Sub("forger"), "forger");
        var genuine = SnapshotPackage.ReadManifest(_ngo.Package(Seed.Json, 1));
        var payload = Payload(_ngo.Package(Seed.Json, 1));
        // A forger copies the pinned key id into a manifest and signs it with their own key.
        var forged = SnapshotPackage.Assemble(genuine with { Version = 99 }, other.Key, payload);

        var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(forged, NgoKeyRing.FromPem(_ngo.PublicPem)));

        Assert.Equal(RejectReason.BadSignature, e.Reason);
    }

    [Fact]
    public void Open_TamperedManifest_RejectedAsBadSignature()
    {
        var package = _ngo.Package(Seed.Json, 1);
        var text = Encoding.Latin1.GetString(package);
        var tampered = Encoding.Latin1.GetBytes(text.Replace("\"version\":1,", "\"version\":9,", StringComparison.Ordinal));

        var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(tampered, NgoKeyRing.FromPem(_ngo.PublicPem)));

        Assert.Equal(RejectReason.BadSignature, e.Reason);
    }

    [Fact]
    public void Open_TamperedPayloadByte_RejectedAsHashMismatch()
    {
        var package = _ngo.Package(Seed.Json, 1);
        package[^100] ^= 0x01;

        var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(package, NgoKeyRing.FromPem(_ngo.PublicPem)));

        Assert.Equal(RejectReason.HashMismatch, e.Reason);
    }

    [Fact]
    public void Open_CutOffPackage_RejectedEitherAsMalformedOrHashMismatch()
    {
        var package = _ngo.Package(Seed.Json, 1);
        var keys = NgoKeyRing.FromPem(_ngo.PublicPem);

        foreach (var length in new[] { 5, 40, 300, package.Length / 2, package.Length - 1 })
        {
            var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(package.AsSpan(0, length), keys));
            Assert.True(e.Reason is RejectReason.Malformed or RejectReason.HashMismatch, $"{length}: {e.Reason} {e.Message}");
        }
    }

    [Fact]
    public void Open_AboveSizeLimit_RejectedAsOversizeBeforeParsing()
    {
        var package = _ngo.Package(Seed.Json, 1);

        var e = Assert.Throws<PackageRejectedException>(() =>
            SnapshotPackage.Open(package, NgoKeyRing.FromPem(_ngo.PublicPem), new SyncLimits { MaxPackageBytes = package.Length - 1 }));

        Assert.Equal(RejectReason.Oversize, e.Reason);
    }

    [Fact]
    public void Open_ContentAboveUnpackLimit_RejectedAsOversize()
    {
        var package = _ngo.Package(Seed.Json, 1);

        var e = Assert.Throws<PackageRejectedException>(() =>
            SnapshotPackage.Open(package, NgoKeyRing.FromPem(_ngo.PublicPem), new SyncLimits { MaxContentBytes = 1000 }));

        Assert.Equal(RejectReason.Oversize, e.Reason);
    }

    [Fact]
    public void Open_SignedManifestUnderstatingContentSize_DoesNotUnpackBeyondIt()
    {
        // Even a validly signed package cannot make the kiosk unpack more than its manifest declares.
        var genuine = _ngo.Package(Seed.Json, 1);
        var manifest = SnapshotPackage.ReadManifest(genuine);
        var lying = SnapshotPackage.Assemble(manifest with { ContentSize = 1000 }, _ngo.Key, Payload(genuine));

        var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(lying, NgoKeyRing.FromPem(_ngo.PublicPem)));

        Assert.Equal(RejectReason.HashMismatch, e.Reason);
    }

    [Fact]
    public void Open_NotAPackage_RejectedAsMalformed()
    {
        var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(Encoding.UTF8.GetBytes(Seed.Json), NgoKeyRing.FromPem(_ngo.PublicPem)));

        Assert.Equal(RejectReason.Malformed, e.Reason);
    }

    [Fact]
    public void KeyRing_FolderOfPemFiles_TrustsEachPublicKeyAndSkipsPrivateOnes()
    {
        var folder = _dir.Sub("pinned");
        using var a = new TestKey(_dir.Sub("a"), "a");
        using var b = new TestKey(_dir.Sub("b"), "b");
        File.Copy(a.PublicPath, Path.Combine(folder, "a.pem"));
        File.Copy(b.PublicPath, Path.Combine(folder, "b.pem"));
        File.Copy(b.PrivatePath, Path.Combine(folder, "oops-private.pem"));
        File.WriteAllText(Path.Combine(folder, "junk.pem"), "not a key");

        var ring = NgoKeyRing.Load(folder);

        Assert.Equal(new[] { a.Id, b.Id }.Order(), ring.Keys.Select(k => k.KeyId).Order());
        Assert.Equal(2, ring.Warnings.Count);
    }

    [Fact]
    public void KeyRing_RotationRecord_AddsAndRevokesKeys()
    {
        using var next = new TestKey(_dir.Sub("next"), "next");
        var record = _dir.File("keys.json");
        NgoKeyRing.RecordRotation(record, new KeyRotation { Add = [next.PublicPem], Revoke = [_ngo.Id] }, (p, d) => File.WriteAllBytes(p, d));

        var ring = NgoKeyRing.Load(_ngo.PublicPath, record);

        Assert.Equal([next.Id], ring.Keys.Select(k => k.KeyId));
        Assert.Contains(_ngo.Id, ring.Revoked);
        var e = Assert.Throws<PackageRejectedException>(() => SnapshotPackage.Open(_ngo.Package(Seed.Json, 5), ring));
        Assert.Equal(RejectReason.UnknownKey, e.Reason);
        Assert.Contains("revoked", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRing_RotationRevokingEveryKey_Refused()
    {
        var ring = NgoKeyRing.FromPem(_ngo.PublicPem);

        var e = Assert.Throws<PackageRejectedException>(() => ring.CheckRotation(new KeyRotation { Revoke = [_ngo.Id] }));

        Assert.Equal(RejectReason.ManifestMismatch, e.Reason);
    }

    [Fact]
    public void Keygen_WritesPrivateKeyReadableByOwnerOnly_AndRefusesToOverwrite()
    {
        var dir = _dir.Sub("keygen");

        var (priv, pub, id) = NgoKeys.Generate(dir);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(priv));
        using (var key = NgoKeys.LoadPrivate(priv))
        {
            Assert.Equal(id, NgoKeys.KeyId(key));
        }

        Assert.Equal(id, NgoKeyRing.Load(pub).Keys.Single().KeyId);
        Assert.Throws<IOException>(() => NgoKeys.Generate(dir));
    }

    [Fact]
    public void LoadPrivate_OtherCurve_Refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var path = _dir.File("p384.pem");
        File.WriteAllText(path, p384.ExportPkcs8PrivateKeyPem());

        Assert.Throws<CryptographicException>(() => NgoKeys.LoadPrivate(path));
    }

    [Fact]
    public void Diff_AmountChangeAndRemovedScheme_ListedSchemeByScheme()
    {
        var diff = SnapshotDiff.Compare(Seed.Json, Seed.Version2());

        var kisan = Assert.Single(diff.Changed);
        Assert.Equal("pm-kisan", kisan.SchemeId);
        var amount = Assert.Single(kisan.Fields);
        Assert.Equal("benefits.items[0].amount_inr", amount.Path);
        Assert.Equal(("6000", "8000"), (amount.Old, amount.New));
        Assert.True(amount.IsAmount);
        Assert.Single(diff.Removed);
        Assert.Empty(diff.Added);
        Assert.Contains(diff.Header, h => h.Path == "snapshot_id");
        Assert.Contains("₹ benefits.items[0].amount_inr: 6000 → 8000", diff.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_SameSnapshot_NoChanges()
    {
        Assert.True(SnapshotDiff.Compare(Seed.Json, Seed.Json).Same);
    }

    private static byte[] Payload(byte[] package)
    {
        int newlines = 0, i = 0;
        while (newlines < 3)
        {
            if (package[i++] == '\n')
            {
                newlines++;
            }
        }

        return package[i..];
    }
}
