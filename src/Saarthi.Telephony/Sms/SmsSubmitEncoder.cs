using System.Globalization;
using System.Text;

namespace Saarthi.Telephony.Sms;

/// <summary>The alphabet of a message's user data (TP-DCS).</summary>
public enum SmsEncoding
{
    /// <summary>GSM 7-bit default alphabet (DCS 0x00): 160 septets, 153 per part when concatenated.</summary>
    Gsm7,

    /// <summary>8-bit data (DCS 0x04).</summary>
    EightBit,

    /// <summary>UCS2 / UTF-16BE (DCS 0x08), for Devanagari and other scripts: 70 characters, 67 per part.</summary>
    Ucs2,
}

/// <summary>Options of an SMS-SUBMIT.</summary>
public sealed record SmsSubmitOptions
{
    /// <summary>TP-VP, relative format (TS 23.040 §9.2.3.12.1): 0xAA is 4 days, 0xA7 is 24 hours.</summary>
    public byte ValidityPeriod { get; init; } = 0xAA;

    /// <summary>Ask the network for a status report (TP-SRR).</summary>
    public bool RequestStatusReport { get; init; }

    /// <summary>Use UCS2 even when the text fits the GSM alphabet.</summary>
    public bool ForceUcs2 { get; init; }

    /// <summary>The 8-bit concatenation reference shared by the parts of one long message.</summary>
    public byte ConcatReference { get; init; }
}

/// <summary>One SMS-SUBMIT ready for <c>AT+CMGS</c> in PDU mode.</summary>
/// <param name="Hex">SMSC field (<c>00</c>: the SIM's SMSC) followed by the TPDU, upper-case hex.</param>
/// <param name="TpduLength">Octets of the TPDU, the SMSC field excluded: the <c>&lt;length&gt;</c> of <c>AT+CMGS</c>.</param>
/// <param name="Part">1-based part number.</param>
/// <param name="Parts">Number of parts of the message.</param>
/// <param name="Text">The text this part carries.</param>
public sealed record SmsSubmitPdu(string Hex, int TpduLength, int Part, int Parts, string Text);

/// <summary>
/// Builds SMS-SUBMIT PDUs (3GPP TS 23.040 §9.2.2.2): GSM 7-bit when every character fits the default alphabet or its
/// extension table, UCS2 otherwise; longer texts become concatenated parts with an 8-bit-reference UDH (IEI 00), split at
/// 153 septets / 67 UCS2 code units without breaking an escape pair or a user-perceived character.
/// </summary>
public static class SmsSubmitEncoder
{
    public const int SingleGsm7Septets = 160;
    public const int PartGsm7Septets = 153;
    public const int SingleUcs2Units = 70;
    public const int PartUcs2Units = 67;
    public const int MaxParts = 255;

    /// <summary>Encodes <paramref name="text"/> to <paramref name="destination"/> as one or more PDUs.</summary>
    /// <exception cref="ArgumentException">Bad number, empty text, or more than 255 parts.</exception>
    public static IReadOnlyList<SmsSubmitPdu> Encode(string destination, string text, SmsSubmitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new SmsSubmitOptions();
        var address = SmsAddress.EncodeDestination(destination);
        var encoding = !options.ForceUcs2 && Gsm7.CanEncode(text) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;
        var parts = Split(text, encoding);
        if (parts.Count > MaxParts)
        {
            throw new ArgumentException($"The text needs {parts.Count} parts; an SMS has at most {MaxParts}.", nameof(text));
        }

        var result = new List<SmsSubmitPdu>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            byte[]? udh = parts.Count > 1 ? [0x05, 0x00, 0x03, options.ConcatReference, (byte)parts.Count, (byte)(i + 1)] : null;
            var tpdu = BuildTpdu(address, parts[i], encoding, udh, options);
            result.Add(new SmsSubmitPdu("00" + Convert.ToHexString(tpdu), tpdu.Length, i + 1, parts.Count, parts[i]));
        }

        return result;
    }

    /// <summary>How <paramref name="text"/> would be split (for previews and tests).</summary>
    public static IReadOnlyList<string> Split(string text, SmsEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        return encoding == SmsEncoding.Gsm7 ? SplitGsm7(text) : SplitUcs2(text);
    }

    private static List<string> SplitGsm7(string text)
    {
        if (Gsm7.SeptetCount(text) <= SingleGsm7Septets)
        {
            return [text];
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var septets = 0;
        foreach (var c in text)
        {
            var cost = Gsm7.Cost(c);
            if (septets + cost > PartGsm7Septets)
            {
                parts.Add(current.ToString());
                current.Clear();
                septets = 0;
            }

            current.Append(c);
            septets += cost;
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static List<string> SplitUcs2(string text)
    {
        if (text.Length <= SingleUcs2Units)
        {
            return [text];
        }

        // Cut only between text elements: never inside a surrogate pair, never before a matra or virama.
        var parts = new List<string>();
        var start = 0;
        var end = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            if (end + element.Length - start > PartUcs2Units)
            {
                if (end == start)
                {
                    // One element longer than a part (pathological): cut it, keeping surrogate pairs whole.
                    end = start + PartUcs2Units - (char.IsHighSurrogate(text[start + PartUcs2Units - 1]) ? 1 : 0);
                    parts.Add(text[start..end]);
                    start = end;
                    continue;
                }

                parts.Add(text[start..end]);
                start = end;
            }

            end += element.Length;
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static byte[] BuildTpdu(byte[] address, string text, SmsEncoding encoding, byte[]? udh, SmsSubmitOptions options)
    {
        var tpdu = new List<byte>(176);
        var firstOctet = 0x01 | 0x10; // TP-MTI SMS-SUBMIT, TP-VPF relative
        if (udh is not null)
        {
            firstOctet |= 0x40; // TP-UDHI
        }

        if (options.RequestStatusReport)
        {
            firstOctet |= 0x20; // TP-SRR
        }

        tpdu.Add((byte)firstOctet);
        tpdu.Add(0x00); // TP-MR: the modem assigns it
        tpdu.AddRange(address);
        tpdu.Add(0x00); // TP-PID
        tpdu.Add(encoding == SmsEncoding.Ucs2 ? (byte)0x08 : (byte)0x00); // TP-DCS
        tpdu.Add(options.ValidityPeriod);

        var udhLength = udh?.Length ?? 0;
        if (encoding == SmsEncoding.Gsm7)
        {
            var septets = Gsm7.ToSeptets(text);
            var fill = udhLength == 0 ? 0 : (7 - (udhLength * 8 % 7)) % 7;
            var headerSeptets = ((udhLength * 8) + fill) / 7;
            tpdu.Add((byte)(headerSeptets + septets.Length)); // TP-UDL in septets
            if (udh is not null)
            {
                tpdu.AddRange(udh);
            }

            tpdu.AddRange(Gsm7.Pack(septets, fill));
        }
        else
        {
            var body = Encoding.BigEndianUnicode.GetBytes(text);
            tpdu.Add((byte)(udhLength + body.Length)); // TP-UDL in octets
            if (udh is not null)
            {
                tpdu.AddRange(udh);
            }

            tpdu.AddRange(body);
        }

        return [.. tpdu];
    }
}
