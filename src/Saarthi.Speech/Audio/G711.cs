namespace Saarthi.Speech.Audio;

/// <summary>
/// ITU-T G.711 companding between 16-bit linear PCM and 8-bit µ-law / A-law, bit-exact with the ITU-T G.191
/// software tool library (<c>ulaw_compress</c>/<c>alaw_compress</c> and their expanders). µ-law works on the top
/// 14 bits of the sample, A-law on the top 13; negative inputs use the one's complement as in G.191, so the
/// quantiser is symmetric. Encoding uses a 64 K lookup table built once.
/// </summary>
public static class G711
{
    private static readonly short[] MuLawToLinear = BuildMuLawDecode();
    private static readonly short[] ALawToLinear = BuildALawDecode();
    private static readonly byte[] LinearToMuLaw = BuildEncodeTable(MuLawCompress);
    private static readonly byte[] LinearToALaw = BuildEncodeTable(ALawCompress);

    public static byte MuLawEncode(short sample) => LinearToMuLaw[(ushort)sample];

    public static short MuLawDecode(byte code) => MuLawToLinear[code];

    public static byte ALawEncode(short sample) => LinearToALaw[(ushort)sample];

    public static short ALawDecode(byte code) => ALawToLinear[code];

    public static void MuLawEncode(ReadOnlySpan<short> source, Span<byte> destination)
    {
        CheckLength(source.Length, destination.Length);
        var table = LinearToMuLaw;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = table[(ushort)source[i]];
        }
    }

    public static void MuLawDecode(ReadOnlySpan<byte> source, Span<short> destination)
    {
        CheckLength(source.Length, destination.Length);
        var table = MuLawToLinear;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = table[source[i]];
        }
    }

    public static void ALawEncode(ReadOnlySpan<short> source, Span<byte> destination)
    {
        CheckLength(source.Length, destination.Length);
        var table = LinearToALaw;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = table[(ushort)source[i]];
        }
    }

    public static void ALawDecode(ReadOnlySpan<byte> source, Span<short> destination)
    {
        CheckLength(source.Length, destination.Length);
        var table = ALawToLinear;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = table[source[i]];
        }
    }

    private static void CheckLength(int source, int destination)
    {
        if (destination < source)
        {
            throw new ArgumentException($"Destination holds {destination} samples, source has {source}.", nameof(destination));
        }
    }

    private static byte[] BuildEncodeTable(Func<int, byte> compress)
    {
        var table = new byte[65536];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = compress((short)(ushort)i);
        }

        return table;
    }

    // G.191 ulaw_compress.
    private static byte MuLawCompress(int x)
    {
        var absno = (x < 0 ? (~x) >> 2 : x >> 2) + 33;
        if (absno > 0x1FFF)
        {
            absno = 0x1FFF;
        }

        var segno = 1;
        for (var i = absno >> 6; i != 0; i >>= 1)
        {
            segno++;
        }

        var highNibble = 0x08 - segno;
        var lowNibble = 0x0F - ((absno >> segno) & 0x0F);
        var code = (highNibble << 4) | lowNibble;
        if (x >= 0)
        {
            code |= 0x80;
        }

        return (byte)code;
    }

    // G.191 alaw_compress.
    private static byte ALawCompress(int x)
    {
        var ix = x < 0 ? (~x) >> 4 : x >> 4;
        if (ix > 15)
        {
            var exponent = 1;
            while (ix > 16 + 15)
            {
                ix >>= 1;
                exponent++;
            }

            ix -= 16;
            ix += exponent << 4;
        }

        if (x >= 0)
        {
            ix |= 0x80;
        }

        return (byte)(ix ^ 0x55);
    }

    // G.191 ulaw_expand.
    private static short[] BuildMuLawDecode()
    {
        var table = new short[256];
        for (var y = 0; y < 256; y++)
        {
            var sign = y < 0x80 ? -1 : 1;
            var inverted = ~y;
            var exponent = (inverted >> 4) & 0x07;
            var mantissa = inverted & 0x0F;
            var step = 4 << (exponent + 1);
            table[y] = (short)(sign * ((0x80 << exponent) + (step * mantissa) + (step / 2) - (4 * 33)));
        }

        return table;
    }

    // G.191 alaw_expand.
    private static short[] BuildALawDecode()
    {
        var table = new short[256];
        for (var y = 0; y < 256; y++)
        {
            var ix = y ^ 0x55;
            var exponent = (ix & 0x7F) >> 4;
            var mantissa = ix & 0x0F;
            if (exponent > 0)
            {
                mantissa += 16;
            }

            mantissa = (mantissa << 4) + 0x08;
            if (exponent > 1)
            {
                mantissa <<= exponent - 1;
            }

            table[y] = (short)(ix > 127 ? mantissa : -mantissa);
        }

        return table;
    }
}
