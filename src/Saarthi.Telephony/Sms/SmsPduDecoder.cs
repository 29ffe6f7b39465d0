using System.Globalization;
using System.Text;

namespace Saarthi.Telephony.Sms;

/// <summary>The TPDU types this decoder reads.</summary>
public enum SmsPduType
{
    Deliver,
    Submit,
}

/// <summary>Concatenation information from a UDH (IEI 00, 8-bit reference, or IEI 08, 16-bit reference).</summary>
public readonly record struct SmsConcatInfo(int Reference, int Total, int Sequence);

/// <summary>A decoded SMS-SUBMIT or SMS-DELIVER.</summary>
/// <param name="Type">Submit (kiosk → network) or deliver (network → kiosk).</param>
/// <param name="ServiceCenter">The SMSC address, or <see langword="null"/> for the SIM default (<c>00</c>).</param>
/// <param name="Address">TP-DA of a submit, TP-OA of a deliver.</param>
/// <param name="Encoding">The user-data alphabet.</param>
/// <param name="Text">The text (8-bit data as hex).</param>
/// <param name="Concat">Part information when the message is one part of a long one.</param>
/// <param name="MessageReference">TP-MR of a submit.</param>
/// <param name="ServiceCenterTimestamp">TP-SCTS of a deliver.</param>
/// <param name="TpduLength">Octets of the TPDU (the <c>AT+CMGS</c> length).</param>
/// <param name="UserDataLength">TP-UDL as sent (septets for GSM 7-bit, octets otherwise).</param>
public sealed record SmsPduInfo(
    SmsPduType Type,
    string? ServiceCenter,
    string Address,
    SmsEncoding Encoding,
    string Text,
    SmsConcatInfo? Concat,
    int? MessageReference,
    DateTimeOffset? ServiceCenterTimestamp,
    int TpduLength,
    int UserDataLength);

/// <summary>Reads SMS-SUBMIT and SMS-DELIVER PDUs (TS 23.040 §9.2.2.1, §9.2.2.2) in the hex form of PDU-mode AT commands.</summary>
public static class SmsPduDecoder
{
    /// <summary>Decodes <paramref name="hex"/> (SMSC field first, as in <c>AT+CMGS</c> and <c>+CMGR</c>).</summary>
    /// <exception cref="FormatException">Not hex, truncated, or an unsupported TP-MTI.</exception>
    public static SmsPduInfo Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        byte[] pdu;
        try
        {
            pdu = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Not a hex PDU: {ex.Message}", ex);
        }

        try
        {
            return DecodeBytes(pdu);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException)
        {
            throw new FormatException($"Truncated or malformed PDU ({pdu.Length} octets).", ex);
        }
    }

    private static SmsPduInfo DecodeBytes(byte[] pdu)
    {
        var i = 0;
        var smscLength = pdu[i++];
        string? smsc = null;
        if (smscLength > 0)
        {
            var toa = pdu[i];
            smsc = SmsAddress.Decode(toa, pdu.AsSpan(i + 1, smscLength - 1), (smscLength - 1) * 2);
            i += smscLength;
        }

        var tpduStart = i;
        var first = pdu[i++];
        var mti = first & 0x03;
        var udhi = (first & 0x40) != 0;
        int? mr = null;
        DateTimeOffset? scts = null;
        SmsPduType type;
        if (mti == 1)
        {
            type = SmsPduType.Submit;
            mr = pdu[i++];
        }
        else if (mti == 0)
        {
            type = SmsPduType.Deliver;
        }
        else
        {
            throw new FormatException($"TP-MTI {mti} is not SMS-DELIVER or SMS-SUBMIT.");
        }

        var digits = pdu[i++];
        var addressToa = pdu[i++];
        var addressOctets = (digits + 1) / 2;
        var address = SmsAddress.Decode(addressToa, pdu.AsSpan(i, addressOctets), digits);
        i += addressOctets;
        i++; // TP-PID
        var dcs = pdu[i++];
        if (type == SmsPduType.Submit)
        {
            var vpf = (first >> 3) & 0x03;
            i += vpf switch { 0 => 0, 2 => 1, _ => 7 };
        }
        else
        {
            scts = ReadTimestamp(pdu.AsSpan(i, 7));
            i += 7;
        }

        var udl = pdu[i++];
        var userData = pdu.AsSpan(i);
        var encoding = Alphabet(dcs);
        SmsConcatInfo? concat = null;
        var headerOctets = 0;
        if (udhi && userData.Length > 0)
        {
            headerOctets = userData[0] + 1;
            concat = ReadConcat(userData[1..headerOctets]);
        }

        string text;
        if (encoding == SmsEncoding.Gsm7)
        {
            var fill = headerOctets == 0 ? 0 : (7 - (headerOctets * 8 % 7)) % 7;
            var headerSeptets = ((headerOctets * 8) + fill) / 7;
            var septets = Gsm7.Unpack(userData[headerOctets..], udl - headerSeptets, fill);
            text = Gsm7.FromSeptets(septets);
        }
        else
        {
            var body = userData.Slice(headerOctets, Math.Min(userData.Length, udl) - headerOctets);
            text = encoding == SmsEncoding.Ucs2 ? System.Text.Encoding.BigEndianUnicode.GetString(body) : Convert.ToHexString(body);
        }

        return new SmsPduInfo(type, smsc, address, encoding, text, concat, mr, scts, pdu.Length - tpduStart, udl);
    }

    /// <summary>The alphabet of a TP-DCS (TS 23.038 §4).</summary>
    public static SmsEncoding Alphabet(byte dcs)
    {
        if ((dcs & 0xC0) == 0x00 || (dcs & 0xC0) == 0x40)
        {
            return ((dcs >> 2) & 0x03) switch { 1 => SmsEncoding.EightBit, 2 => SmsEncoding.Ucs2, _ => SmsEncoding.Gsm7 };
        }

        if ((dcs & 0xF0) == 0xF0)
        {
            return (dcs & 0x04) != 0 ? SmsEncoding.EightBit : SmsEncoding.Gsm7;
        }

        return (dcs & 0xF0) == 0xE0 ? SmsEncoding.Ucs2 : SmsEncoding.Gsm7;
    }

    /// <summary>Joins the parts of concatenated messages (by address and reference) into whole texts, in part order.</summary>
    public static IReadOnlyList<(string Address, string Text, bool Complete)> Reassemble(IEnumerable<SmsPduInfo> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var result = new List<(string, string, bool)>();
        foreach (var group in parts.GroupBy(p => (p.Address, p.Concat?.Reference ?? -1, p.Concat is null ? Guid.NewGuid() : Guid.Empty)))
        {
            var ordered = group.OrderBy(p => p.Concat?.Sequence ?? 1).ToList();
            var total = ordered[0].Concat?.Total ?? 1;
            var text = new StringBuilder();
            foreach (var p in ordered)
            {
                text.Append(p.Text);
            }

            result.Add((group.Key.Address, text.ToString(), ordered.Select(p => p.Concat?.Sequence ?? 1).Distinct().Count() == total));
        }

        return result;
    }

    private static SmsConcatInfo? ReadConcat(ReadOnlySpan<byte> header)
    {
        var i = 0;
        while (i + 1 < header.Length)
        {
            var iei = header[i];
            var length = header[i + 1];
            var data = header.Slice(i + 2, Math.Min(length, header.Length - i - 2));
            if (iei == 0x00 && data.Length >= 3)
            {
                return new SmsConcatInfo(data[0], data[1], data[2]);
            }

            if (iei == 0x08 && data.Length >= 4)
            {
                return new SmsConcatInfo((data[0] << 8) | data[1], data[2], data[3]);
            }

            i += 2 + length;
        }

        return null;
    }

    private static DateTimeOffset? ReadTimestamp(ReadOnlySpan<byte> s)
    {
        static int Swap(byte b) => ((b & 0x0F) * 10) + ((b >> 4) & 0x0F);
        try
        {
            var quarterHours = (((s[6] & 0x07) * 10) + ((s[6] >> 4) & 0x0F)) * ((s[6] & 0x08) != 0 ? -1 : 1);
            return new DateTimeOffset(2000 + Swap(s[0]), Swap(s[1]), Swap(s[2]), Swap(s[3]), Swap(s[4]), Swap(s[5]), TimeSpan.FromMinutes(15 * quarterHours));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Formats a decoded PDU for logs.</summary>
    public static string Describe(SmsPduInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var part = info.Concat is { } c ? string.Create(CultureInfo.InvariantCulture, $", part {c.Sequence}/{c.Total} ref {c.Reference}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{info.Type} {(info.Type == SmsPduType.Submit ? "to" : "from")} {info.Address}, {info.Encoding}, {info.Text.Length} chars{part}");
    }
}
