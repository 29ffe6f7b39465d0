using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Saarthi.Sync.Packages;

/// <summary>ECDSA P-256 keys of the NGO: generating, loading (PEM), key ids.</summary>
public static class NgoKeys
{
    public const string PrivateFileName = "ngo-private.pem";
    public const string PublicFileName = "ngo-public.pem";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Writes a new key pair into <paramref name="directory"/>; the private key file is readable by its owner only.</summary>
    /// <returns>The paths written and the key id.</returns>
    public static (string PrivatePath, string PublicPath, string KeyId) Generate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var privatePath = Path.Combine(directory, PrivateFileName);
        var publicPath = Path.Combine(directory, PublicFileName);
        if (File.Exists(privatePath))
        {
            throw new IOException($"{privatePath} already exists: refusing to overwrite a signing key");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var stream = new FileStream(privatePath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
        }

        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem() + "\n");
        return (privatePath, publicPath, KeyId(key));
    }

    /// <summary>Loads a private key (PKCS#8 or SEC1 PEM) for signing.</summary>
    public static ECDsa LoadPrivate(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (!HasPrivate(key))
            {
                throw new CryptographicException($"{path} holds a public key; signing needs the private key file");
            }

            RequireP256(key, path);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Parses one PEM public key (or takes the public half of a private key).</summary>
    public static ECDsa ParsePublic(string pem, string source)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            RequireP256(key, source);
            var pub = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
            key.Dispose();
            return pub;
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new CryptographicException($"{source}: not a PEM key ({e.Message})", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The first 16 hex digits of SHA-256 over the key's SubjectPublicKeyInfo (DER).</summary>
    public static string KeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }

    private static bool HasPrivate(ECDsa key)
    {
        try
        {
            return key.ExportParameters(includePrivateParameters: true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void RequireP256(ECDsa key, string source)
    {
        var curve = key.ExportParameters(false).Curve;
        if (key.KeySize != 256 || (curve.Oid?.Value is { } oid && oid != P256Oid))
        {
            throw new CryptographicException($"{source}: not an ECDSA P-256 key (size {key.KeySize})");
        }
    }
}

/// <summary>One key a kiosk trusts, with where it came from.</summary>
public sealed record TrustedKey(string KeyId, string Source, string Pem);

/// <summary>
/// The keys a kiosk trusts: the pinned PEM files (a folder such as <c>firmware-config/ngo-keys/</c>, or one file),
/// plus keys added by signed packages, minus revoked key ids (<c>sync/keys.json</c> in the data directory).
/// </summary>
public sealed class NgoKeyRing
{
    private readonly Dictionary<string, TrustedKey> _keys;

    private NgoKeyRing(Dictionary<string, TrustedKey> keys, IReadOnlyList<string> warnings, IReadOnlySet<string> revoked)
    {
        _keys = keys;
        Warnings = warnings;
        Revoked = revoked;
    }

    public IReadOnlyCollection<TrustedKey> Keys => _keys.Values;

    /// <summary>Files in the pinned folder that could not be read as P-256 public keys (they are skipped).</summary>
    public IReadOnlyList<string> Warnings { get; }

    public IReadOnlySet<string> Revoked { get; }

    /// <summary>Loads the trusted set. <paramref name="pinned"/> is a PEM file or a folder of <c>*.pem</c> files.</summary>
    /// <param name="rotationFile">The kiosk's rotation record (keys added / revoked by packages); may not exist.</param>
    public static NgoKeyRing Load(string pinned, string? rotationFile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pinned);
        var keys = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        var warnings = new List<string>();
        IEnumerable<string> files = Directory.Exists(pinned)
            ? Directory.GetFiles(pinned, "*.pem").Order(StringComparer.Ordinal)
            : File.Exists(pinned) ? [pinned] : throw new FileNotFoundException($"no pinned NGO key at {pinned}", pinned);
        foreach (var file in files)
        {
            try
            {
                var pem = File.ReadAllText(file);
                if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
                {
                    warnings.Add($"{file}: a private key does not belong on a kiosk; skipped");
                    continue;
                }

                Add(keys, pem, file);
            }
            catch (Exception e) when (e is CryptographicException or IOException)
            {
                warnings.Add($"{file}: {e.Message}");
            }
        }

        var rotation = rotationFile is not null ? RotationRecord.Load(rotationFile) : new RotationRecord();
        foreach (var pem in rotation.Added)
        {
            try
            {
                Add(keys, pem, "added by a signed package");
            }
            catch (CryptographicException e)
            {
                warnings.Add("rotation record: " + e.Message);
            }
        }

        var revoked = new HashSet<string>(rotation.Revoked, StringComparer.Ordinal);
        foreach (var id in revoked)
        {
            keys.Remove(id);
        }

        return new NgoKeyRing(keys, warnings, revoked);
    }

    /// <summary>A ring holding exactly the given PEM public keys (tests, verify tool).</summary>
    public static NgoKeyRing FromPem(params string[] pems)
    {
        var keys = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        foreach (var pem in pems)
        {
            Add(keys, pem, "given");
        }

        return new NgoKeyRing(keys, [], new HashSet<string>(StringComparer.Ordinal));
    }

    public bool TryGet(string keyId, out TrustedKey key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>Checks <paramref name="signature"/> (64-byte r‖s, P1363) over <paramref name="data"/> with the key <paramref name="keyId"/>.</summary>
    public bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!_keys.TryGetValue(keyId, out var trusted))
        {
            return false;
        }

        using var key = NgoKeys.ParsePublic(trusted.Pem, trusted.Source);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>
    /// The trusted set after <paramref name="rotation"/>, checked before anything is applied:
    /// every added key must parse, and at least one key must remain.
    /// </summary>
    /// <exception cref="PackageRejectedException">The rotation is unusable (manifest-mismatch).</exception>
    public void CheckRotation(KeyRotation rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        var after = new Dictionary<string, TrustedKey>(_keys, StringComparer.Ordinal);
        foreach (var pem in rotation.Add)
        {
            try
            {
                Add(after, pem, "package");
            }
            catch (CryptographicException e)
            {
                throw new PackageRejectedException(RejectReason.ManifestMismatch, "a key to add is not a P-256 public key: " + e.Message, e);
            }
        }

        foreach (var id in rotation.Revoke)
        {
            after.Remove(id);
        }

        if (after.Count == 0)
        {
            throw new PackageRejectedException(RejectReason.ManifestMismatch, "the key rotation would leave this kiosk without a trusted key");
        }
    }

    /// <summary>Records <paramref name="rotation"/> in the kiosk's rotation file (after the package was applied).</summary>
    public static void RecordRotation(string rotationFile, KeyRotation rotation, Action<string, byte[]> writeAtomically)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(writeAtomically);
        var record = RotationRecord.Load(rotationFile);
        var added = record.Added.ToList();
        foreach (var pem in rotation.Add)
        {
            using var key = NgoKeys.ParsePublic(pem, "package");
            var id = NgoKeys.KeyId(key);
            if (!added.Any(p => KeyIdOf(p) == id))
            {
                added.Add(key.ExportSubjectPublicKeyInfoPem());
            }
        }

        var revoked = record.Revoked.Union(rotation.Revoke, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // A key both added and revoked stays revoked: revocation wins.
        var updated = new RotationRecord { Added = added, Revoked = revoked };
        writeAtomically(rotationFile, JsonSerializer.SerializeToUtf8Bytes(updated, RotationRecord.Options));
    }

    private static string? KeyIdOf(string pem)
    {
        try
        {
            using var key = NgoKeys.ParsePublic(pem, "record");
            return NgoKeys.KeyId(key);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static void Add(Dictionary<string, TrustedKey> keys, string pem, string source)
    {
        using var key = NgoKeys.ParsePublic(pem, source);
        var id = NgoKeys.KeyId(key);
        keys.TryAdd(id, new TrustedKey(id, source, key.ExportSubjectPublicKeyInfoPem()));
    }

    private sealed class RotationRecord
    {
        internal static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        public List<string> Added { get; init; } = [];

        public List<string> Revoked { get; init; } = [];

        public static RotationRecord Load(string path)
        {
            if (!File.Exists(path))
            {
                return new RotationRecord();
            }

            return JsonSerializer.Deserialize<RotationRecord>(File.ReadAllBytes(path), Options) ?? new RotationRecord();
        }
    }
}
