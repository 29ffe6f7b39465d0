namespace Saarthi.Telephony.At;

/// <summary>The final result code that ended a command.</summary>
public enum AtFinal
{
    Ok,
    Connect,
    Error,
    CmeError,
    CmsError,
    NoCarrier,
    Busy,
    NoAnswer,
    NoDialtone,
}

/// <summary>A command's complete response: its information lines and the final result.</summary>
/// <param name="Command">The command line sent.</param>
/// <param name="Final">How it ended.</param>
/// <param name="Lines">Information-response lines, in order (echo and unsolicited lines removed).</param>
/// <param name="ErrorCode">For +CME/+CMS ERROR: the numeric code (looked up from the text when the modem is verbose).</param>
/// <param name="ErrorText">For +CME/+CMS ERROR: the verbose text (looked up from the code when the modem is numeric).</param>
public sealed record AtResponse(string Command, AtFinal Final, IReadOnlyList<string> Lines, int? ErrorCode = null, string? ErrorText = null)
{
    /// <summary>From writing the command to its final result.</summary>
    public TimeSpan Elapsed { get; init; }

    public bool IsSuccess => Final is AtFinal.Ok or AtFinal.Connect;

    /// <summary>The value after the first line starting with <paramref name="prefix"/> (e.g. <c>+CSQ:</c>), or <see langword="null"/>.</summary>
    public string? Value(string prefix)
    {
        foreach (var line in Lines)
        {
            if (AtFields.After(line, prefix) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>This response when it succeeded; otherwise the typed error it stands for.</summary>
    /// <exception cref="AtCommandException">ERROR, +CME ERROR (<see cref="CmeErrorException"/>), +CMS ERROR (<see cref="CmsErrorException"/>), NO CARRIER…</exception>
    public AtResponse EnsureSuccess() => IsSuccess ? this : throw AtCommandException.From(this);

    public override string ToString() =>
        Final switch
        {
            AtFinal.CmeError => $"{Command} → +CME ERROR: {ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ({ErrorText})",
            AtFinal.CmsError => $"{Command} → +CMS ERROR: {ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ({ErrorText})",
            _ => $"{Command} → {Final}" + (Lines.Count > 0 ? " [" + string.Join(" | ", Lines) + "]" : string.Empty),
        };
}
