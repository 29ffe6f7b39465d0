namespace Saarthi.Telephony.At;

/// <summary>How a command's final result is recognised.</summary>
public enum AtCommandKind
{
    /// <summary>Ends with OK, ERROR, +CME ERROR or +CMS ERROR. NO CARRIER/BUSY/NO ANSWER meanwhile are unsolicited.</summary>
    Basic,

    /// <summary><c>ATD…</c>/<c>ATA</c>: CONNECT, NO CARRIER, BUSY, NO ANSWER and NO DIALTONE are final results too.</summary>
    Dial,

    /// <summary>Waits for the <c>"&gt; "</c> prompt, then sends <see cref="AtCommand.Payload"/> and Ctrl-Z (<c>AT+CMGS</c>).</summary>
    Prompt,
}

/// <summary>
/// One AT command line (without the trailing CR). The information-response prefixes it claims (<c>+CSQ:</c> for
/// <c>AT+CSQ</c>) are derived from the command name, so a <c>+CREG:</c> line is the answer to <c>AT+CREG?</c> while it is in
/// flight and an unsolicited registration change otherwise.
/// </summary>
public sealed record AtCommand
{
    public AtCommand(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An AT command line must not contain CR or LF.", nameof(text));
        }

        Text = text.Trim();
        Kind = IsDial(Text) ? AtCommandKind.Dial : AtCommandKind.Basic;
        ResponsePrefixes = DerivePrefixes(Text);
    }

    /// <summary>The command line as sent (a CR is appended on the wire).</summary>
    public string Text { get; }

    /// <summary>How long to wait for the final result; <see langword="null"/> takes the channel's default.</summary>
    public TimeSpan? Timeout { get; init; }

    public AtCommandKind Kind { get; init; }

    /// <summary>Line prefixes that belong to this command's response even though they could be unsolicited.</summary>
    public IReadOnlyList<string> ResponsePrefixes { get; init; }

    /// <summary>For <see cref="AtCommandKind.Prompt"/>: the text typed after the prompt (Ctrl-Z is added).</summary>
    public string? Payload { get; init; }

    /// <summary>
    /// Final results count only after a line with one of <see cref="ResponsePrefixes"/>: the resynchronisation probe after
    /// a timeout uses this to skip a late OK that belonged to the command that timed out.
    /// </summary>
    public bool RequireIntermediate { get; init; }

    /// <summary><c>AT+CMGS=&lt;length&gt;</c> in PDU mode: <paramref name="pduHex"/> is sent after the prompt.</summary>
    public static AtCommand SmsSubmit(int tpduLength, string pduHex, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tpduLength);
        ArgumentException.ThrowIfNullOrWhiteSpace(pduHex);
        return new AtCommand("AT+CMGS=" + tpduLength.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Kind = AtCommandKind.Prompt,
            Payload = pduHex,
            Timeout = timeout,
        };
    }

    public override string ToString() => Text;

    private static bool IsDial(string text) =>
        text.StartsWith("ATD", StringComparison.OrdinalIgnoreCase)
        || text.Equals("ATA", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>AT+CSQ</c> → <c>+CSQ:</c>; <c>AT+CREG?</c> → <c>+CREG:</c>; <c>AT+CMGS=23</c> → <c>+CMGS:</c>; basic commands → none.</summary>
    internal static IReadOnlyList<string> DerivePrefixes(string text)
    {
        if (text.Length < 4 || !text.StartsWith("AT", StringComparison.OrdinalIgnoreCase) || text[2] is not ('+' or '^' or '$' or '#' or '*'))
        {
            return [];
        }

        var end = 3;
        while (end < text.Length && text[end] is not ('=' or '?' or ';' or ' '))
        {
            end++;
        }

        return end > 3 ? [text[2..end].ToUpperInvariant() + ":"] : [];
    }
}
