using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Saarthi.Telephony.Sms;

namespace Saarthi.Telephony.Tests.Sms;

public sealed class SmsPduTests
{
    [Fact]
    public void Pack_HelloHello_MatchesPublishedSeptets()
    {
        // The textbook example (GSM 03.40 / dreamfabric "SMS and the PDU format"): "hellohello" → E8329BFD4697D9EC37.
        var packed = Gsm7.Pack(Gsm7.ToSeptets("hellohello"));

        Assert.Equal("E8329BFD4697D9EC37", Convert.ToHexString(packed));
        Assert.Equal("hellohello", Gsm7.FromSeptets(Gsm7.Unpack(packed, 10)));
    }

    [Fact]
    public void Encode_ClassicSubmitExample_MatchesPublishedPdu()
    {
        // "hellohello" to +46708251358, validity AA (4 days): the PDU published with AT+CMGS=23.
        var pdu = Assert.Single(SmsSubmitEncoder.Encode("+46708251358", "hellohello"));

        Assert.Equal("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", pdu.Hex);
        Assert.Equal(23, pdu.TpduLength);
    }

    [Fact]
    public void Decode_ClassicSubmitExample_ReadsEveryField()
    {
        var info = SmsPduDecoder.Decode("0011000B916407281553F80000AA0AE8329BFD4697D9EC37");

        Assert.Equal(SmsPduType.Submit, info.Type);
        Assert.Null(info.ServiceCenter);
        Assert.Equal("+46708251358", info.Address);
        Assert.Equal(SmsEncoding.Gsm7, info.Encoding);
        Assert.Equal("hellohello", info.Text);
        Assert.Equal(23, info.TpduLength);
        Assert.Null(info.Concat);
    }

    [Fact]
    public void Decode_PublishedDeliverExample_ReadsSenderTimeAndText()
    {
        // The header of the widely published SMS-DELIVER example (SMSC +27381000015, sender 27838890001 with TON
        // "subscriber", SCTS 99-03-29 15:16:59 zone +8 quarter hours) carrying "Hello World" (11 septets).
        var info = SmsPduDecoder.Decode("07917283010010F5040BC87238880900F10000993092516195800BC8329BFD065DDF723619");

        Assert.Equal(SmsPduType.Deliver, info.Type);
        Assert.Equal("+27381000015", info.ServiceCenter);
        Assert.Equal("27838890001", info.Address);
        Assert.Equal("Hello World", info.Text);
        Assert.Equal("C8329BFD065DDF723619", Convert.ToHexString(Gsm7.Pack(Gsm7.ToSeptets("Hello World"))));
        Assert.Equal(new DateTimeOffset(2099, 3, 29, 15, 16, 59, TimeSpan.FromHours(2)), info.ServiceCenterTimestamp);
    }

    [Fact]
    public void Encode_ExtensionCharacters_CostTwoSeptetsAndRoundTrip()
    {
        const string text = "Fee €10 [form A|B] {ok} ~^\\";
        var pdu = Assert.Single(SmsSubmitEncoder.Encode("9876543210", text));
        var info = SmsPduDecoder.Decode(pdu.Hex);

        Assert.Equal(text.Length + 9, Gsm7.SeptetCount(text)); // € [ | ] { } ~ ^ \ each take an escape
        Assert.Equal(text.Length + 9, info.UserDataLength);
        Assert.Equal(text, info.Text);
        Assert.Equal("9876543210", info.Address);
        Assert.StartsWith("0011000A8189674523010000AA", pdu.Hex, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_HindiText_IsUcs2WithExpectedCodeUnits()
    {
        // नमस्ते = न U+0928, म U+092E, स U+0938, ् U+094D, त U+0924, े U+0947.
        var pdu = Assert.Single(SmsSubmitEncoder.Encode("+919876543210", "नमस्ते"));

        Assert.Equal("0011000C911989674523010008AA0C0928092E0938094D09240947", pdu.Hex);
        Assert.Equal(26, pdu.TpduLength);
        var info = SmsPduDecoder.Decode(pdu.Hex);
        Assert.Equal(SmsEncoding.Ucs2, info.Encoding);
        Assert.Equal("नमस्ते", info.Text);
        Assert.Equal("+919876543210", info.Address);
    }

    [Fact]
    public void Encode_LongGsmText_SplitsAt153SeptetsWithConcatHeader()
    {
        var text = string.Concat(Enumerable.Repeat("PM-KISAN gives 6000 rupees a year. ", 10)); // 350 characters
        var parts = SmsSubmitEncoder.Encode("+919876543210", text, new SmsSubmitOptions { ConcatReference = 0x42 });

        Assert.Equal(3, parts.Count);
        Assert.Equal([153, 153, 44], parts.Select(p => p.Text.Length));
        for (var i = 0; i < parts.Count; i++)
        {
            var info = SmsPduDecoder.Decode(parts[i].Hex);
            Assert.Equal(new SmsConcatInfo(0x42, 3, i + 1), info.Concat);
            Assert.Equal(parts[i].Text, info.Text);
            Assert.Equal(7 + parts[i].Text.Length, info.UserDataLength); // 6-octet UDH + 1 fill bit = 7 septets
            // UDL, then UDH: UDHL 05, IEI 00 (concatenation, 8-bit reference), IEDL 03, ref 42, 3 parts, part i+1.
            Assert.Contains($"05000342030{i + 1}", parts[i].Hex, StringComparison.Ordinal);
        }

        Assert.Equal(text, string.Concat(parts.Select(p => SmsPduDecoder.Decode(p.Hex).Text)));
        Assert.Equal(0x51, Convert.FromHexString(parts[0].Hex)[1]); // SUBMIT + VPF relative + UDHI
        Assert.True(parts.All(p => p.TpduLength <= 140 + 14));
    }

    [Fact]
    public void Encode_160Septets_IsOneMessage_161IsTwo()
    {
        Assert.Single(SmsSubmitEncoder.Encode("123", new string('a', 160)));
        Assert.Equal(2, SmsSubmitEncoder.Encode("123", new string('a', 161)).Count);
        Assert.Single(SmsSubmitEncoder.Encode("123", new string('क', 70)));
        Assert.Equal(2, SmsSubmitEncoder.Encode("123", new string('क', 71)).Count);
    }

    [Fact]
    public void Split_EscapePairAtBoundary_IsNotBroken()
    {
        var text = new string('a', 152) + "€" + new string('b', 10);

        var parts = SmsSubmitEncoder.Split(text, SmsEncoding.Gsm7);

        Assert.Equal(new string('a', 152), parts[0]); // € would need septets 153 and 154
        Assert.StartsWith("€", parts[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_LongHindiText_SplitsAt67CodeUnitsAndReassembles()
    {
        var text = new string('क', 200);
        var parts = SmsSubmitEncoder.Encode("+919876543210", text);

        Assert.Equal([67, 67, 66], parts.Select(p => p.Text.Length));
        Assert.All(parts, p => Assert.Equal(6 + (2 * p.Text.Length), SmsPduDecoder.Decode(p.Hex).UserDataLength));
        var joined = SmsPduDecoder.Reassemble(parts.Select(p => SmsPduDecoder.Decode(p.Hex)));
        Assert.Equal(text, Assert.Single(joined).Text);
        Assert.True(joined[0].Complete);
    }

    [Fact]
    public void Encode_HindiSentence_NeverStartsAPartWithAMatraOrVirama()
    {
        var text = string.Concat(Enumerable.Repeat("प्रधानमंत्री किसान सम्मान निधि में हर साल छह हज़ार रुपये मिलते हैं। ", 4));
        var parts = SmsSubmitEncoder.Encode("+919876543210", text);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.True(p.Text.Length <= 67));
        Assert.All(parts.Skip(1), p => Assert.NotEqual(System.Globalization.UnicodeCategory.NonSpacingMark, char.GetUnicodeCategory(p.Text[0])));
        Assert.All(parts.Skip(1), p => Assert.NotEqual(System.Globalization.UnicodeCategory.SpacingCombiningMark, char.GetUnicodeCategory(p.Text[0])));
        Assert.Equal(text, string.Concat(parts.Select(p => SmsPduDecoder.Decode(p.Hex).Text)));
    }

    [Fact]
    public void Encode_SurrogatePairs_AreNeverSplit()
    {
        var text = string.Concat(Enumerable.Repeat("a😀", 60));

        var parts = SmsSubmitEncoder.Encode("123", text);

        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p.Text[^1])));
        Assert.Equal(text, string.Concat(parts.Select(p => SmsPduDecoder.Decode(p.Hex).Text)));
    }

    [Fact]
    public void EncodeDestination_NotANumber_Throws()
    {
        Assert.Throws<ArgumentException>(() => SmsSubmitEncoder.Encode("call me", "hi"));
        Assert.Throws<ArgumentException>(() => SmsSubmitEncoder.Encode("", "hi"));
    }

    [Fact]
    public void Decode_Garbage_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => SmsPduDecoder.Decode("zz"));
        Assert.Throws<FormatException>(() => SmsPduDecoder.Decode("0011000B91"));
    }

    [Fact]
    public void EncodeDecode_AnyGsmText_RoundTrips()
    {
        var alphabet = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f";
        var texts = Gen.ListOf(Gen.Elements(alphabet.ToCharArray())).Select(cs => new string([.. cs])).Where(s => s.Length > 0);

        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var parts = SmsSubmitEncoder.Encode("+911234567890", text, new SmsSubmitOptions { ConcatReference = 7 });
            var decoded = parts.Select(p => SmsPduDecoder.Decode(p.Hex)).ToList();
            return string.Concat(decoded.Select(d => d.Text)) == text
                && decoded.All(d => d.Encoding == SmsEncoding.Gsm7)
                && parts.All(p => p.TpduLength <= 176);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void EncodeDecode_AnyUnicodeText_RoundTrips()
    {
        var texts = Gen.ListOf(Gen.Choose(0x20, 0xD7FF).Select(c => (char)c)).Select(cs => new string([.. cs])).Where(s => s.Length > 0);

        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var parts = SmsSubmitEncoder.Encode("+911234567890", text);
            return string.Concat(parts.Select(p => SmsPduDecoder.Decode(p.Hex).Text)) == text && parts.All(p => p.TpduLength <= 176);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Pack_WithFillBits_UnpacksToSameSeptets()
    {
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 127).Select(i => (byte)i)).ToArbitrary(), Gen.Choose(0, 6).ToArbitrary(), (septets, fill) =>
        {
            var array = septets.ToArray();
            return Gsm7.Unpack(Gsm7.Pack(array, fill), array.Length, fill).SequenceEqual(array);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Alphabet_DataCodingSchemes_AreRead()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsPduDecoder.Alphabet(0x00));
        Assert.Equal(SmsEncoding.EightBit, SmsPduDecoder.Alphabet(0x04));
        Assert.Equal(SmsEncoding.Ucs2, SmsPduDecoder.Alphabet(0x08));
        Assert.Equal(SmsEncoding.Gsm7, SmsPduDecoder.Alphabet(0xF0));
        Assert.Equal(SmsEncoding.EightBit, SmsPduDecoder.Alphabet(0xF4));
        _ = Encoding.UTF8;
    }
}
