using System.Text;

namespace Saarthi.Telephony.Sms;

/// <summary>TP-DA/TP-OA and SMSC addresses (TS 23.040 §9.1.2.5): type of address and BCD semi-octets, low nibble first.</summary>
public static class SmsAddress
{
    /// <summary>Type of address for an international number (<c>+91…</c>): TON international, NPI ISDN/E.164.</summary>
    public const byte International = 0x91;

    /// <summary>Type of address for a number without <c>+</c>: TON unknown, NPI ISDN/E.164.</summary>
    public const byte Unknown = 0x81;

    private const string BcdDigits = "0123456789*#abc";

    /// <summary>
    /// Encodes <paramref name="number"/> (<c>+919876543210</c>, <c>09876543210</c>) as TP-DA: digit count, type of address,
    /// semi-octets with an F filler. Spaces, dashes and brackets are ignored.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, or a character that is not a dialling digit.</exception>
    public static byte[] EncodeDestination(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var trimmed = number.Trim();
        var international = trimmed.StartsWith('+');
        var digits = new StringBuilder();
        foreach (var c in international ? trimmed[1..] : trimmed)
        {
            if (c is ' ' or '-' or '(' or ')' or '.')
            {
                continue;
            }

            if (c is not ((>= '0' and <= '9') or '*' or '#'))
            {
                throw new ArgumentException($"'{number}' is not a phone number ('{c}').", nameof(number));
            }

            digits.Append(c);
        }

        if (digits.Length is 0 or > 20)
        {
            throw new ArgumentException($"'{number}' is not a phone number (1 to 20 digits).", nameof(number));
        }

        var result = new byte[2 + ((digits.Length + 1) / 2)];
        result[0] = (byte)digits.Length;
        result[1] = international ? International : Unknown;
        for (var i = 0; i < digits.Length; i++)
        {
            var value = BcdDigits.IndexOf(digits[i], StringComparison.Ordinal);
            result[2 + (i / 2)] |= (byte)(i % 2 == 0 ? value : value << 4);
        }

        if (digits.Length % 2 == 1)
        {
            result[^1] |= 0xF0;
        }

        return result;
    }

    /// <summary>
    /// Decodes the semi-octet digits of an address whose type of address is <paramref name="typeOfAddress"/>; alphanumeric
    /// senders (TON 5) are GSM 7-bit packed. International numbers get a <c>+</c>.
    /// </summary>
    public static string Decode(byte typeOfAddress, ReadOnlySpan<byte> value, int semiOctets)
    {
        if ((typeOfAddress & 0x70) == 0x50)
        {
            return Gsm7.FromSeptets(Gsm7.Unpack(value, semiOctets * 4 / 7));
        }

        var digits = new StringBuilder(semiOctets + 1);
        if ((typeOfAddress & 0x70) == 0x10)
        {
            digits.Append('+');
        }

        for (var i = 0; i < semiOctets && (i / 2) < value.Length; i++)
        {
            var nibble = i % 2 == 0 ? value[i / 2] & 0x0F : value[i / 2] >> 4;
            if (nibble == 0x0F)
            {
                break;
            }

            digits.Append(BcdDigits[nibble]);
        }

        return digits.ToString();
    }
}
