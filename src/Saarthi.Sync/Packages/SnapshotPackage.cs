using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Saarthi.Knowledge.Import;

namespace Saarthi.Sync.Packages;

/// <summary>What goes into a package besides the snapshot itself.</summary>
public sealed record PackageBuildOptions
{
    /// <summary>The package version; by default the build time as <c>yyyyMMddHHmm</c> (monotonic for one NGO).</summary>
    public long? Version { get; init; }

    public string MinAppVersion { get; init; } = "1.0";

    public KeyRotation? Keys { get; init; }

    public string? Notes { get; init; }

    /// <summary>gzip the payload (default): snapshot JSON shrinks ~5× for the GSM link.</summary>
    public bool Compress { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>A package whose signature and hashes checked out: the manifest and the snapshot JSON it carries.</summary>
public sealed record VerifiedPackage(PackageManifest Manifest, string SnapshotJson, string PackageSha256, long PackageSize);

/// <summary>
/// The package file: a header line, the manifest as one line of JSON, the signature line, then the payload.
/// <code>
/// SAARTHI-SNAPSHOT-PACKAGE/1\n
/// {"format":"saarthi-snapshot-package/1","snapshot_id":…,"version":…,…}\n
/// ecdsa-p256-sha256 &lt;key_id&gt; &lt;base64 of the 64-byte r‖s signature over the manifest line's bytes&gt;\n
/// &lt;payload: the snapshot JSON, gzip-compressed&gt;
/// </code>
/// </summary>
public static class SnapshotPackage
{
    public const string Magic = "SAARTHI-SNAPSHOT-PACKAGE/1";
    public const string SignatureAlgorithm = "ecdsa-p256-sha256";
    private const int MaxHeaderBytes = 256 * 1024;

    /// <summary>Validates <paramref name="snapshotJson"/> exactly as <c>snapshot import</c> does, then packs and signs it.</summary>
    /// <exception cref="SnapshotValidationException">The snapshot would be rejected by a kiosk.</exception>
    public static byte[] Build(string snapshotJson, ECDsa signingKey, PackageBuildOptions? options = null, string sourceName = "snapshot")
    {
        ArgumentNullException.ThrowIfNull(snapshotJson);
        ArgumentNullException.ThrowIfNull(signingKey);
        options ??= new PackageBuildOptions();
        var snapshot = SnapshotParser.Parse(snapshotJson, sourceName);
        var content = Encoding.UTF8.GetBytes(snapshotJson);
        var payload = options.Compress ? Gzip(content) : content;
        var created = options.Time.GetUtcNow();
        var created0 = new DateTimeOffset(created.Year, created.Month, created.Day, created.Hour, created.Minute, created.Second, TimeSpan.Zero);
        var manifest = new PackageManifest
        {
            SnapshotId = snapshot.SnapshotId,
            Version = options.Version ?? long.Parse(created0.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            Created = created0,
            SchemeCount = snapshot.Schemes.Count,
            ContentSha256 = Sha256Hex(content),
            ContentSize = content.Length,
            PayloadEncoding = options.Compress ? "gzip" : "identity",
            PayloadSha256 = Sha256Hex(payload),
            PayloadSize = payload.Length,
            MinAppVersion = options.MinAppVersion,
            KeyId = NgoKeys.KeyId(signingKey),
            Keys = options.Keys,
            Notes = options.Notes,
        };
        return Assemble(manifest, signingKey, payload);
    }

    /// <summary>Writes the package bytes for an already-made manifest and payload (tests make bad packages with it).</summary>
    public static byte[] Assemble(PackageManifest manifest, ECDsa signingKey, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(signingKey);
        var manifestLine = Encoding.UTF8.GetBytes(manifest.ToJson());
        var signature = signingKey.SignData(manifestLine, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var signatureLine = Encoding.ASCII.GetBytes($"{SignatureAlgorithm} {manifest.KeyId} {Convert.ToBase64String(signature)}");
        var output = new MemoryStream(manifestLine.Length + payload.Length + 200);
        output.Write(Encoding.ASCII.GetBytes(Magic + "\n"));
        output.Write(manifestLine);
        output.WriteByte((byte)'\n');
        output.Write(signatureLine);
        output.WriteByte((byte)'\n');
        output.Write(payload);
        return output.ToArray();
    }

    /// <summary>Reads the manifest without checking anything else (for <c>diff</c>, <c>info</c> and error messages).</summary>
    public static PackageManifest ReadManifest(ReadOnlySpan<byte> package) => Split(package, out _, out _, out _);

    /// <summary>
    /// Checks a package completely before anything is applied: structure, size limits, that the signing key is
    /// trusted, the signature over the manifest, the payload hash, then unpacks (bounded) and checks the content hash.
    /// </summary>
    /// <exception cref="PackageRejectedException">With the first check that failed.</exception>
    public static VerifiedPackage Open(ReadOnlySpan<byte> package, NgoKeyRing trusted, SyncLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        limits ??= SyncLimits.Default;
        if (package.Length > limits.MaxPackageBytes)
        {
            throw new PackageRejectedException(RejectReason.Oversize, $"package of {package.Length:N0} bytes is above the limit of {limits.MaxPackageBytes:N0}");
        }

        var manifest = Split(package, out var manifestLine, out var signatureLine, out var payloadStart);
        var parts = Encoding.ASCII.GetString(signatureLine).Split(' ');
        if (parts.Length != 3 || parts[0] != SignatureAlgorithm)
        {
            throw new PackageRejectedException(RejectReason.Malformed, "the signature line is not 'ecdsa-p256-sha256 KEYID SIGNATURE'");
        }

        if (parts[1] != manifest.KeyId)
        {
            throw new PackageRejectedException(RejectReason.BadSignature, $"the signature line names key {parts[1]} but the manifest names {manifest.KeyId}");
        }

        if (!trusted.TryGet(manifest.KeyId, out _))
        {
            var reason = trusted.Revoked.Contains(manifest.KeyId) ? "a revoked key" : "a key this kiosk does not trust";
            throw new PackageRejectedException(RejectReason.UnknownKey,
                $"signed with {reason} ({manifest.KeyId}); trusted: {string.Join(", ", trusted.Keys.Select(k => k.KeyId))}");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException e)
        {
            throw new PackageRejectedException(RejectReason.Malformed, "the signature is not base64", e);
        }

        if (signature.Length != 64 || !trusted.Verify(manifest.KeyId, manifestLine, signature))
        {
            throw new PackageRejectedException(RejectReason.BadSignature, $"the signature does not match the manifest for key {manifest.KeyId}");
        }

        // From here the manifest is authentic; the payload is checked against it.
        var json = Unpack(manifest, package[payloadStart..], limits);
        return new VerifiedPackage(manifest, json, Sha256Hex(package), package.Length);
    }

    /// <summary>
    /// The snapshot JSON inside a package, hashes checked but the signature NOT checked: for <c>diff</c> and inspection
    /// on the NGO side, never for applying.
    /// </summary>
    public static (PackageManifest Manifest, string Json) UnpackUnverified(ReadOnlySpan<byte> package, SyncLimits? limits = null)
    {
        var manifest = Split(package, out _, out _, out var payloadStart);
        return (manifest, Unpack(manifest, package[payloadStart..], limits ?? SyncLimits.Default));
    }

    private static string Unpack(PackageManifest manifest, ReadOnlySpan<byte> payload, SyncLimits limits)
    {
        if (payload.Length != manifest.PayloadSize)
        {
            throw new PackageRejectedException(RejectReason.HashMismatch, $"payload is {payload.Length:N0} bytes, the manifest says {manifest.PayloadSize:N0} (cut off or padded)");
        }

        if (Sha256Hex(payload) != manifest.PayloadSha256)
        {
            throw new PackageRejectedException(RejectReason.HashMismatch, "payload sha256 does not match the signed manifest (tampered)");
        }

        if (manifest.ContentSize > limits.MaxContentBytes)
        {
            throw new PackageRejectedException(RejectReason.Oversize, $"unpacked snapshot of {manifest.ContentSize:N0} bytes is above the limit of {limits.MaxContentBytes:N0}");
        }

        var content = manifest.PayloadEncoding == "gzip" ? Gunzip(payload, manifest.ContentSize) : payload.ToArray();
        if (content.Length != manifest.ContentSize || Sha256Hex(content) != manifest.ContentSha256)
        {
            throw new PackageRejectedException(RejectReason.HashMismatch, "the unpacked snapshot does not match content_sha256");
        }

        string json;
        try
        {
            json = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new PackageRejectedException(RejectReason.InvalidContent, "the snapshot is not UTF-8 text", e);
        }

        return json;
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Whether <paramref name="data"/> starts like a package (vs. a plain snapshot JSON file).</summary>
    public static bool LooksLikePackage(ReadOnlySpan<byte> data) => data.StartsWith(Encoding.ASCII.GetBytes(Magic + "\n"));

    private static PackageManifest Split(ReadOnlySpan<byte> package, out ReadOnlySpan<byte> manifestLine, out ReadOnlySpan<byte> signatureLine, out int payloadStart)
    {
        var magic = Encoding.ASCII.GetBytes(Magic + "\n");
        if (!package.StartsWith(magic))
        {
            throw new PackageRejectedException(RejectReason.Malformed, $"not a snapshot package (it does not start with {Magic})");
        }

        var rest = package[magic.Length..];
        int nl1 = rest[..Math.Min(rest.Length, MaxHeaderBytes)].IndexOf((byte)'\n');
        if (nl1 < 0)
        {
            throw new PackageRejectedException(RejectReason.Malformed, "the package is cut off inside its manifest");
        }

        manifestLine = rest[..nl1];
        var afterManifest = rest[(nl1 + 1)..];
        int nl2 = afterManifest[..Math.Min(afterManifest.Length, 1024)].IndexOf((byte)'\n');
        if (nl2 < 0)
        {
            throw new PackageRejectedException(RejectReason.Malformed, "the package is cut off inside its signature");
        }

        signatureLine = afterManifest[..nl2];
        payloadStart = magic.Length + nl1 + 1 + nl2 + 1;
        return PackageManifest.Parse(manifestLine);
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>Unpacks at most <paramref name="expected"/> + 1 bytes, so a compression bomb cannot fill memory.</summary>
    private static byte[] Gunzip(ReadOnlySpan<byte> payload, long expected)
    {
        try
        {
            using var input = new MemoryStream(payload.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            var buffer = new byte[checked((int)expected + 1)];
            int total = 0;
            while (total < buffer.Length)
            {
                int n = gzip.Read(buffer, total, buffer.Length - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total == buffer.Length ? throw new PackageRejectedException(RejectReason.HashMismatch, "the payload unpacks to more than content_size") : buffer[..total];
        }
        catch (InvalidDataException e)
        {
            throw new PackageRejectedException(RejectReason.HashMismatch, "the payload is not valid gzip", e);
        }
    }
}
