namespace Saarthi.Telephony.Sms;

/// <summary>
/// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), and septet packing
/// (TS 23.040 §9.2.3.24: septets packed LSB-first, optionally after fill bits that align them after a user-data header).
/// </summary>
public static class Gsm7
{
    /// <summary>The escape to the extension table.</summary>
    public const byte Escape = 0x1B;

    /// <summary>Code → character for the default alphabet (0x1B is the escape and has no character of its own).</summary>
    private static readonly char[] Default =
    [
        '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
        'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '\u001B', 'Æ', 'æ', 'ß', 'É',
        ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
        '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
        'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
        '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
        'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
    ];

    /// <summary>Extension table (after 0x1B).</summary>
    private static readonly Dictionary<byte, char> Extension = new()
    {
        [0x0A] = '\f',
        [0x14] = '^',
        [0x28] = '{',
        [0x29] = '}',
        [0x2F] = '\\',
        [0x3C] = '[',
        [0x3D] = '~',
        [0x3E] = ']',
        [0x40] = '|',
        [0x65] = '€',
    };

    private static readonly Dictionary<char, byte> DefaultCodes = BuildDefaultCodes();
    private static readonly Dictionary<char, byte> ExtensionCodes = Extension.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>Septets <paramref name="c"/> costs: 1 (default alphabet), 2 (extension table), 0 when not encodable.</summary>
    public static int Cost(char c) => DefaultCodes.ContainsKey(c) ? 1 : ExtensionCodes.ContainsKey(c) ? 2 : 0;

    /// <summary>True when every character of <paramref name="text"/> is in the default alphabet or its extension.</summary>
    public static bool CanEncode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (Cost(c) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Number of septets <paramref name="text"/> takes (extension characters count two).</summary>
    public static int SeptetCount(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var n = 0;
        foreach (var c in text)
        {
            var cost = Cost(c);
            if (cost == 0)
            {
                throw new ArgumentException($"'{c}' (U+{(int)c:X4}) is not in the GSM 7-bit alphabet.", nameof(text));
            }

            n += cost;
        }

        return n;
    }

    /// <summary>The septet codes (unpacked, one per byte) for <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">A character is not in the GSM 7-bit alphabet.</exception>
    public static byte[] ToSeptets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var septets = new List<byte>(text.Length);
        foreach (var c in text)
        {
            if (DefaultCodes.TryGetValue(c, out var code))
            {
                septets.Add(code);
            }
            else if (ExtensionCodes.TryGetValue(c, out var ext))
            {
                septets.Add(Escape);
                septets.Add(ext);
            }
            else
            {
                throw new ArgumentException($"'{c}' (U+{(int)c:X4}) is not in the GSM 7-bit alphabet.", nameof(text));
            }
        }

        return [.. septets];
    }

    /// <summary>Text for septet codes; an unknown escape shows as a space (TS 23.038), a lone trailing escape is dropped.</summary>
    public static string FromSeptets(ReadOnlySpan<byte> septets)
    {
        var chars = new char[septets.Length];
        var n = 0;
        for (var i = 0; i < septets.Length; i++)
        {
            var s = (byte)(septets[i] & 0x7F);
            if (s == Escape)
            {
                if (i + 1 >= septets.Length)
                {
                    break;
                }

                var next = (byte)(septets[++i] & 0x7F);
                chars[n++] = Extension.TryGetValue(next, out var ext) ? ext : next == Escape ? ' ' : Default[next];
                continue;
            }

            chars[n++] = Default[s];
        }

        return new string(chars, 0, n);
    }

    /// <summary>
    /// Packs septets LSB-first into octets after <paramref name="fillBits"/> zero bits (0–6; used to align the text after a
    /// user-data header). Returns ⌈(fill + 7·n) / 8⌉ octets.
    /// </summary>
    public static byte[] Pack(ReadOnlySpan<byte> septets, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fillBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillBits, 6);
        var totalBits = fillBits + (septets.Length * 7);
        var packed = new byte[(totalBits + 7) / 8];
        var bit = fillBits;
        foreach (var septet in septets)
        {
            var value = septet & 0x7F;
            var index = bit >> 3;
            var shift = bit & 7;
            packed[index] |= (byte)(value << shift);
            if (shift > 1)
            {
                packed[index + 1] |= (byte)(value >> (8 - shift));
            }

            bit += 7;
        }

        return packed;
    }

    /// <summary>Unpacks <paramref name="count"/> septets that start <paramref name="fillBits"/> bits into <paramref name="packed"/>.</summary>
    public static byte[] Unpack(ReadOnlySpan<byte> packed, int count, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(fillBits);
        var available = ((packed.Length * 8) - fillBits) / 7;
        count = Math.Min(count, Math.Max(0, available));
        var septets = new byte[count];
        var bit = fillBits;
        for (var i = 0; i < count; i++)
        {
            var index = bit >> 3;
            var shift = bit & 7;
            var value = packed[index] >> shift;
            if (shift > 1 && index + 1 < packed.Length)
            {
                value |= packed[index + 1] << (8 - shift);
            }

            septets[i] = (byte)(value & 0x7F);
            bit += 7;
        }

        return septets;
    }

    private static Dictionary<char, byte> BuildDefaultCodes()
    {
        var codes = new Dictionary<char, byte>();
        for (var i = 0; i < Default.Length; i++)
        {
            if (i != Escape)
            {
                codes[Default[i]] = (byte)i;
            }
        }

        codes['ç'] = 0x09; // Unicode's GSM0338 mapping reads 0x09 as small c-cedilla; accept both when encoding
        return codes;
    }
}
