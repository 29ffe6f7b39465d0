using System.Text;
using Saarthi.Telephony.At;

namespace Saarthi.Telephony.Tests.At;

public sealed class AtParserTests
{
    [Fact]
    public void Push_LinesSplitAnywhere_ReassemblesThem()
    {
        var framer = new AtLineFramer();
        var tokens = new List<AtToken>();

        framer.Push("\r\n+CS"u8, tokens);
        framer.Push("Q: 23,99\r"u8, tokens);
        framer.Push("\n\r\nO"u8, tokens);
        framer.Push("K\r\n"u8, tokens);

        Assert.Equal(["+CSQ: 23,99", "OK"], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Push_SmsPrompt_IsATokenWithoutLineEnd()
    {
        var framer = new AtLineFramer();
        var tokens = new List<AtToken>();

        framer.Push("\r\n> "u8, tokens);

        Assert.Equal([AtToken.Prompt], tokens);
    }

    [Fact]
    public void Push_ControlAndHighBytes_AreDropped()
    {
        var framer = new AtLineFramer();
        var tokens = new List<AtToken>();

        framer.Push([0x00, 0xFF, 0x1A, (byte)'O', 0x80, (byte)'K', (byte)'\r', (byte)'\n'], tokens);

        Assert.Equal("OK", Assert.Single(tokens).Text);
        Assert.Equal(4, framer.DroppedBytes);
    }

    [Fact]
    public void Push_OverlongLine_IsDiscardedAndTheNextLineSurvives()
    {
        var framer = new AtLineFramer();
        var tokens = new List<AtToken>();

        framer.Push(Encoding.ASCII.GetBytes(new string('x', AtLineFramer.MaxLineLength + 10) + "\r\nOK\r\n"), tokens);

        Assert.Equal("OK", Assert.Single(tokens).Text);
    }

    [Fact]
    public void Feed_InformationLinesThenOk_CompletesWithLines()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("ATI"));

        Assert.Equal(AtParseKind.None, Feed(parser, "Manufacturer: SIMCOM INCORPORATED").Kind);
        Assert.Equal(AtParseKind.None, Feed(parser, "Model: SIMCOM_SIM7600G-H").Kind);
        var result = Feed(parser, "OK");

        Assert.Equal(AtParseKind.Final, result.Kind);
        Assert.Equal(AtFinal.Ok, result.Response!.Final);
        Assert.Equal(["Manufacturer: SIMCOM INCORPORATED", "Model: SIMCOM_SIM7600G-H"], result.Response.Lines);
        Assert.Null(parser.Current);
    }

    [Fact]
    public void Feed_Echo_IsDropped()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT+CGMM"));

        Feed(parser, "AT+CGMM");
        Feed(parser, "SIMCOM_SIM7600G-H");
        var result = Feed(parser, "OK");

        Assert.Equal(["SIMCOM_SIM7600G-H"], result.Response!.Lines);
        Assert.Equal(1, parser.Echoes);
    }

    [Theory]
    [InlineData("+CME ERROR: 10", AtFinal.CmeError, 10, "SIM not inserted")]
    [InlineData("+CME ERROR: SIM not inserted", AtFinal.CmeError, 10, "SIM not inserted")]
    [InlineData("+CME ERROR: sim PIN Required", AtFinal.CmeError, 11, "sim PIN Required")]
    [InlineData("+CMS ERROR: 330", AtFinal.CmsError, 330, "SMSC address unknown")]
    [InlineData("+CMS ERROR: 304", AtFinal.CmsError, 304, "invalid PDU mode parameter")]
    [InlineData("+CME ERROR: 777", AtFinal.CmeError, 777, null)]
    [InlineData("+CME ERROR: weird vendor text", AtFinal.CmeError, null, "weird vendor text")]
    public void Feed_ErrorResults_CarryCodeAndText(string line, AtFinal final, int? code, string? text)
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT+CPIN?"));

        var response = Feed(parser, line).Response!;

        Assert.Equal(final, response.Final);
        Assert.Equal(code, response.ErrorCode);
        Assert.Equal(text, response.ErrorText);
        Assert.False(response.IsSuccess);
    }

    [Fact]
    public void EnsureSuccess_CmeAndCms_ThrowTypedErrors()
    {
        var cme = Assert.Throws<CmeErrorException>(() => new AtResponse("AT+CPIN?", AtFinal.CmeError, [], 10, "SIM not inserted").EnsureSuccess());
        var cms = Assert.Throws<CmsErrorException>(() => new AtResponse("AT+CMGS=23", AtFinal.CmsError, [], 330, "SMSC address unknown").EnsureSuccess());
        var error = Assert.Throws<AtCommandException>(() => new AtResponse("AT+FOO", AtFinal.Error, []).EnsureSuccess());

        Assert.Equal(10, cme.Code);
        Assert.Contains("SIM not inserted", cme.Message, StringComparison.Ordinal);
        Assert.Equal(330, cms.Code);
        Assert.Equal(AtFinal.Error, error.Final);
        Assert.IsAssignableFrom<IOException>(error);
    }

    [Fact]
    public void Feed_UrcDuringCommand_IsAnEventNotALine()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT+CSQ"));

        Feed(parser, "+CSQ: 20,99");
        var ring = Feed(parser, "RING");
        var clip = Feed(parser, "+CLIP: \"+919876543210\",145,\"\",0,\"\",0");
        var creg = Feed(parser, "+CREG: 5,\"00C3\",\"0D2E\",7");
        var done = Feed(parser, "OK");

        Assert.IsType<RingEvent>(ring.Event);
        Assert.Equal(new CallerIdEvent("+919876543210", 145, null, 0), clip.Event);
        Assert.Equal(new RegistrationEvent(RegistrationDomain.CircuitSwitched, RegistrationStatus.RegisteredRoaming, "00C3", "0D2E", 7), creg.Event);
        Assert.Equal(["+CSQ: 20,99"], done.Response!.Lines);
    }

    [Fact]
    public void Feed_ClaimedPrefix_IsTheCommandsLineElsewhereAnEvent()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT+CREG?"));
        Feed(parser, "+CREG: 2,1,\"00C3\",\"0D2E\",7");
        var read = Feed(parser, "OK").Response!;

        var unsolicited = Feed(parser, "+CREG: 1,\"00C3\",\"0D2E\",7");

        Assert.Equal(["+CREG: 2,1,\"00C3\",\"0D2E\",7"], read.Lines);
        Assert.Equal(RegistrationStatus.RegisteredHome, Assert.IsType<RegistrationEvent>(unsolicited.Event).Status);
        Assert.Equal(RegistrationStatus.RegisteredHome, UrcParser.ParseRegistration(RegistrationDomain.CircuitSwitched, "2,1,\"00C3\",\"0D2E\",7")!.Status);
    }

    [Theory]
    [InlineData("NO CARRIER", AtFinal.NoCarrier)]
    [InlineData("BUSY", AtFinal.Busy)]
    [InlineData("NO ANSWER", AtFinal.NoAnswer)]
    [InlineData("CONNECT 9600", AtFinal.Connect)]
    public void Feed_CallResultsDuringAta_AreFinal(string line, AtFinal final)
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("ATA"));

        Assert.Equal(final, Feed(parser, line).Response!.Final);
    }

    [Fact]
    public void Feed_NoCarrierDuringOtherCommand_IsACallEndEvent()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT+CSQ"));

        var result = Feed(parser, "NO CARRIER");

        Assert.Equal(new CallEndedEvent(CallEndReason.NoCarrier), result.Event);
        Assert.NotNull(parser.Current);
    }

    [Fact]
    public void Feed_StaleOkWithNothingInFlight_IsDropped()
    {
        var parser = new AtParser();

        Assert.Equal(AtParseKind.None, Feed(parser, "OK").Kind);
        Assert.Equal(AtParseKind.None, Feed(parser, "AT+CSQ").Kind);
        Assert.Equal(1, parser.StaleFinals);
    }

    [Fact]
    public void Feed_ProbeRequiringItsLine_SkipsAStaleOk()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT+CMEE?") { RequireIntermediate = true });

        Assert.Equal(AtParseKind.None, Feed(parser, "OK").Kind);
        Feed(parser, "+CMEE: 2");
        var result = Feed(parser, "OK");

        Assert.Equal(AtParseKind.Final, result.Kind);
        Assert.Equal(1, parser.StaleFinals);
    }

    [Fact]
    public void Feed_PromptForCmgs_IsReportedOnce()
    {
        var parser = new AtParser();
        parser.Begin(AtCommand.SmsSubmit(23, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37", TimeSpan.FromSeconds(60)));

        Assert.Equal(AtParseKind.Prompt, parser.Feed(AtToken.Prompt).Kind);
        Assert.Equal(AtParseKind.None, parser.Feed(AtToken.Prompt).Kind);
        Assert.Equal(AtParseKind.None, Feed(parser, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37").Kind); // echo of the PDU
        Feed(parser, "+CMGS: 12");
        var result = Feed(parser, "OK");

        Assert.Equal("12", result.Response!.Value("+CMGS:"));
    }

    [Fact]
    public void Feed_PromptForOtherCommand_IsIgnored()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT+CSQ"));

        Assert.Equal(AtParseKind.None, parser.Feed(AtToken.Prompt).Kind);
    }

    [Fact]
    public void Feed_CmtHeaderAndPdu_IsOneEvent()
    {
        var parser = new AtParser();

        Assert.Equal(AtParseKind.None, Feed(parser, "+CMT: ,24").Kind);
        var result = Feed(parser, "07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37");

        Assert.Equal("+CMT: ,24", Assert.IsType<SmsDeliveredEvent>(result.Event).Header);
    }

    [Fact]
    public void Feed_CmtHeaderFollowedByOk_DoesNotSwallowTheOk()
    {
        var parser = new AtParser();
        parser.Begin(new AtCommand("AT"));

        Feed(parser, "+CMT: ,24");
        var result = Feed(parser, "OK");

        Assert.Equal(AtParseKind.Final, result.Kind);
    }

    [Fact]
    public void Feed_UnknownLineWhenIdle_IsAnUnknownEvent()
    {
        var parser = new AtParser();

        Assert.Equal(new UnknownUrcEvent("+XYZZY: 1"), Feed(parser, "+XYZZY: 1").Event);
    }

    [Theory]
    [InlineData("AT+CSQ", "+CSQ:")]
    [InlineData("AT+CREG?", "+CREG:")]
    [InlineData("AT+CMGS=23", "+CMGS:")]
    [InlineData("at+cmee?", "+CMEE:")]
    [InlineData("AT+QTONEDET=1", "+QTONEDET:")]
    public void Constructor_ExtendedCommand_ClaimsItsPrefix(string command, string prefix) =>
        Assert.Equal([prefix], new AtCommand(command).ResponsePrefixes);

    [Theory]
    [InlineData("ATA", AtCommandKind.Dial)]
    [InlineData("ATD+919876543210;", AtCommandKind.Dial)]
    [InlineData("ATE0", AtCommandKind.Basic)]
    [InlineData("AT+CHUP", AtCommandKind.Basic)]
    public void Constructor_Command_KnowsItsKind(string command, AtCommandKind kind) =>
        Assert.Equal(kind, new AtCommand(command).Kind);

    [Fact]
    public void Constructor_LineBreak_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new AtCommand("AT\rATH"));

    private static AtParseResult Feed(AtParser parser, string line) => parser.Feed(AtToken.Line(line));
}
