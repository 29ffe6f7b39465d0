namespace Saarthi.Sync.Packages;

/// <summary>Why a package was not applied. The code (kebab-case) goes into the status topic and the CLI's JSON.</summary>
public enum RejectReason
{
    /// <summary>Not a package, a cut-off package, or a manifest that is not valid JSON.</summary>
    Malformed,

    /// <summary>Larger than the configured limit (package, chunk count, or unpacked content).</summary>
    Oversize,

    /// <summary>Signed by a key this kiosk does not pin.</summary>
    UnknownKey,

    /// <summary>The signature does not match the manifest (tampered manifest, or the wrong key).</summary>
    BadSignature,

    /// <summary>The payload or the unpacked snapshot does not match the hashes in the signed manifest.</summary>
    HashMismatch,

    /// <summary>The package needs a newer kiosk application (<c>min_app_version</c>).</summary>
    AppTooOld,

    /// <summary>The version is not newer than the highest one this kiosk has applied (a replay or an old package).</summary>
    NotNewer,

    /// <summary>The snapshot inside fails the same validation as <c>snapshot import</c>.</summary>
    InvalidContent,

    /// <summary>The manifest and the snapshot disagree (snapshot id, scheme count) or the key list is unusable.</summary>
    ManifestMismatch,

    /// <summary>Building or swapping the database failed (disk full, I/O error); the current snapshot still serves.</summary>
    ApplyFailed,
}

/// <summary>A package that must not be applied; <see cref="Reason"/> says why in one word, the message says exactly what.</summary>
public sealed class PackageRejectedException : Exception
{
    public PackageRejectedException()
        : this(RejectReason.Malformed, "package rejected")
    {
    }

    public PackageRejectedException(string message)
        : this(RejectReason.Malformed, message)
    {
    }

    public PackageRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = RejectReason.Malformed;
        Detail = message;
    }

    public PackageRejectedException(RejectReason reason, string detail, Exception? innerException = null)
        : base($"{Code(reason)}: {detail}", innerException)
    {
        Reason = reason;
        Detail = detail;
    }

    public RejectReason Reason { get; }

    public string Detail { get; }

    /// <summary>The stable code of a reason: <c>bad-signature</c>, <c>not-newer</c>, …</summary>
    public static string Code(RejectReason reason) => reason switch
    {
        RejectReason.Malformed => "malformed",
        RejectReason.Oversize => "oversize",
        RejectReason.UnknownKey => "unknown-key",
        RejectReason.BadSignature => "bad-signature",
        RejectReason.HashMismatch => "hash-mismatch",
        RejectReason.AppTooOld => "app-too-old",
        RejectReason.NotNewer => "not-newer",
        RejectReason.InvalidContent => "invalid-content",
        RejectReason.ManifestMismatch => "manifest-mismatch",
        RejectReason.ApplyFailed => "apply-failed",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
