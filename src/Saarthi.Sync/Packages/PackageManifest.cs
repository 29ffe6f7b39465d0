using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saarthi.Sync.Packages;

/// <summary>
/// The signed part of a snapshot package: what the snapshot is, which version, and the hashes that bind the payload
/// to the signature. Serialized as one line of JSON; the signature covers exactly those bytes.
/// </summary>
public sealed record PackageManifest
{
    public const string CurrentFormat = "saarthi-snapshot-package/1";

    [JsonPropertyName("format")]
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The snapshot's own <c>snapshot_id</c> (checked against the content).</summary>
    [JsonPropertyName("snapshot_id")]
    public required string SnapshotId { get; init; }

    /// <summary>Monotonic: a kiosk refuses a version not above the highest it has applied (unless forced).</summary>
    [JsonPropertyName("version")]
    public required long Version { get; init; }

    /// <summary>When the package was built (UTC, ISO 8601).</summary>
    [JsonPropertyName("created")]
    public required DateTimeOffset Created { get; init; }

    [JsonPropertyName("scheme_count")]
    public required int SchemeCount { get; init; }

    /// <summary>SHA-256 (hex) of the snapshot JSON as NGO staff wrote it (uncompressed).</summary>
    [JsonPropertyName("content_sha256")]
    public required string ContentSha256 { get; init; }

    [JsonPropertyName("content_size")]
    public required long ContentSize { get; init; }

    /// <summary><c>gzip</c> or <c>identity</c>: how the payload after the signature line encodes the content.</summary>
    [JsonPropertyName("payload_encoding")]
    public string PayloadEncoding { get; init; } = "gzip";

    /// <summary>SHA-256 (hex) of the payload bytes as stored in the package.</summary>
    [JsonPropertyName("payload_sha256")]
    public required string PayloadSha256 { get; init; }

    [JsonPropertyName("payload_size")]
    public required long PayloadSize { get; init; }

    /// <summary>The oldest kiosk application that can serve this snapshot (e.g. <c>1.0</c>).</summary>
    [JsonPropertyName("min_app_version")]
    public string MinAppVersion { get; init; } = "1.0";

    /// <summary>The signing key's id: the first 16 hex digits of SHA-256 over its SubjectPublicKeyInfo.</summary>
    [JsonPropertyName("key_id")]
    public required string KeyId { get; init; }

    /// <summary>Key rotation carried by this (signed) package, applied only when the package is applied.</summary>
    [JsonPropertyName("keys")]
    public KeyRotation? Keys { get; init; }

    [JsonPropertyName("notes")]
    public string? Notes { get; init; }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <exception cref="PackageRejectedException">Not a manifest (malformed).</exception>
    public static PackageManifest Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<PackageManifest>(utf8, JsonOptions)
                ?? throw new PackageRejectedException(RejectReason.Malformed, "the manifest is empty");
            if (manifest.Format != CurrentFormat)
            {
                throw new PackageRejectedException(RejectReason.Malformed, $"unknown package format '{manifest.Format}' (this kiosk reads {CurrentFormat})");
            }

            if (manifest.Version <= 0 || manifest.ContentSize < 0 || manifest.PayloadSize < 0 ||
                !IsSha256(manifest.ContentSha256) || !IsSha256(manifest.PayloadSha256) ||
                manifest.PayloadEncoding is not ("gzip" or "identity"))
            {
                throw new PackageRejectedException(RejectReason.Malformed, "the manifest has an invalid version, size, hash or encoding");
            }

            return manifest;
        }
        catch (JsonException e)
        {
            throw new PackageRejectedException(RejectReason.Malformed, "the manifest is not valid JSON: " + e.Message, e);
        }
    }

    internal static bool IsSha256(string? hex) =>
        hex is { Length: 64 } && hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}

/// <summary>Keys to trust from now on, and key ids to stop trusting, carried inside a signed package.</summary>
public sealed record KeyRotation
{
    /// <summary>PEM public keys (P-256, SubjectPublicKeyInfo) to add to the kiosk's trusted set.</summary>
    [JsonPropertyName("add")]
    public IReadOnlyList<string> Add { get; init; } = [];

    /// <summary>Key ids to remove from the trusted set (pinned files included).</summary>
    [JsonPropertyName("revoke")]
    public IReadOnlyList<string> Revoke { get; init; } = [];
}
