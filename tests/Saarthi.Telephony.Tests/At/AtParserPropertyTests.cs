using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Saarthi.Telephony.At;

namespace Saarthi.Telephony.Tests.At;

/// <summary>Whatever bytes arrive, the framer and parser neither throw nor stall.</summary>
public sealed class AtParserPropertyTests
{
    private static readonly string[] Fragments =
    [
        "\r\n", "\r", "\n", "OK", "ERROR", "RING", "+CLIP: \"+91", "\",145", "+CME ERROR: ", "+CMS ERROR: 3", "> ", ">",
        "+CMT: ,24", "NO CARRIER", "RDY", "+RXDTMF: ", "+QTONEDET: 4", "AT+CSQ", "+CSQ: 2", "\"", ",", "\u001a", "\u001b", " ",
    ];

    /// <summary>Byte soup: random bytes mixed with pieces of real AT traffic, so that near-misses are common.</summary>
    private static Gen<byte[]> Soup =>
        Gen.OneOf(
                Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)),
                Gen.Elements(Fragments).Select(Encoding.ASCII.GetBytes))
            .ArrayOf()
            .Select(parts => parts.SelectMany(p => p).ToArray());

    [Fact]
    public void Push_AnyBytes_NeverThrowsAndKeepsLinesClean()
    {
        Prop.ForAll(Soup.ToArbitrary(), bytes =>
        {
            var framer = new AtLineFramer();
            var tokens = new List<AtToken>();
            framer.Push(bytes, tokens);
            return tokens.All(t => t.Text.Length <= AtLineFramer.MaxLineLength && t.Text.All(c => c is >= ' ' and < '\u007f'))
                && framer.Pending.Length <= AtLineFramer.MaxLineLength;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Push_SameBytesAnyChunking_GivesSameTokens()
    {
        Prop.ForAll(Soup.ToArbitrary(), Gen.ArrayOf(Gen.Choose(1, 17)).ToArbitrary(), (bytes, cuts) =>
        {
            var whole = new List<AtToken>();
            new AtLineFramer().Push(bytes, whole);

            var chunked = new List<AtToken>();
            var framer = new AtLineFramer();
            var offset = 0;
            var i = 0;
            while (offset < bytes.Length)
            {
                var size = cuts.Length == 0 ? 1 : cuts[i++ % cuts.Length];
                var n = Math.Min(size, bytes.Length - offset);
                framer.Push(bytes.AsSpan(offset, n), chunked);
                offset += n;
            }

            return whole.SequenceEqual(chunked);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Feed_AnySoupThenOk_EndsTheCommandInFlight()
    {
        Prop.ForAll(Soup.ToArbitrary(), Gen.Elements("AT+CSQ", "ATA", "AT+CMGS=23", "AT").ToArbitrary(), (soup, text) =>
        {
            var command = text == "AT+CMGS=23" ? AtCommand.SmsSubmit(23, "00", TimeSpan.FromSeconds(1)) : new AtCommand(text);
            var parser = new AtParser();
            var framer = new AtLineFramer();
            parser.Begin(command);
            var tokens = new List<AtToken>();
            framer.Push(soup, tokens);
            framer.Push("\r\nOK\r\n"u8, tokens);
            var finals = 0;
            foreach (var token in tokens)
            {
                var result = parser.Feed(token);
                if (result.Kind == AtParseKind.Final)
                {
                    finals++;
                    Assert.NotNull(result.Response);
                }

                if (result.Kind == AtParseKind.Event)
                {
                    Assert.NotNull(result.Event);
                }
            }

            return finals == 1 && parser.Current is null;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Feed_AnySoupWithNothingInFlight_GivesOnlyEvents()
    {
        Prop.ForAll(Soup.ToArbitrary(), soup =>
        {
            var parser = new AtParser();
            var tokens = new List<AtToken>();
            new AtLineFramer().Push(soup, tokens);
            return tokens.Select(parser.Feed).All(r => r.Kind is AtParseKind.None or AtParseKind.Event);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryParse_AnyLine_NeverThrows()
    {
        Prop.ForAll(Gen.Elements(Fragments).ArrayOf().Select(string.Concat).ToArbitrary(), line =>
        {
            _ = UrcParser.TryParse(line, out _);
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
