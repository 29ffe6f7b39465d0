using Saarthi.Telephony.At;

namespace Saarthi.Telephony.Tests.At;

public sealed class UrcParserTests
{
    public static TheoryData<string, ModemEvent> Known => new()
    {
        { "RING", new RingEvent() },
        { "+CRING: VOICE", new RingEvent("VOICE") },
        { "+CLIP: \"9876543210\",129,\"\",0,\"\",0", new CallerIdEvent("9876543210", 129, null, 0) },
        { "+CLIP: \"919876543210\",145,,,\"Ramesh\",0", new CallerIdEvent("+919876543210", 145, "Ramesh", 0) },
        { "+CLIP: \"\",128,\"\",0,\"\",1", new CallerIdEvent(string.Empty, 128, null, 1) },
        { "+CLIP: \"+919876543210\",145", new CallerIdEvent("+919876543210", 145, null, null) },
        { "NO CARRIER", new CallEndedEvent(CallEndReason.NoCarrier) },
        { "BUSY", new CallEndedEvent(CallEndReason.Busy) },
        { "NO ANSWER", new CallEndedEvent(CallEndReason.NoAnswer) },
        { "VOICE CALL: BEGIN", new VoiceCallBeganEvent() },
        { "VOICE CALL: END: 000352", new CallEndedEvent(CallEndReason.VoiceCallEnd, new TimeSpan(0, 3, 52)) },
        { "+RXDTMF: 5", new DtmfReceivedEvent('5', "+RXDTMF") },
        { "+RXDTMF: #", new DtmfReceivedEvent('#', "+RXDTMF") },
        { "+RXDTMF: *", new DtmfReceivedEvent('*', "+RXDTMF") },
        { "+QTONEDET: 49", new DtmfReceivedEvent('1', "+QTONEDET") },
        { "+QTONEDET: 35", new DtmfReceivedEvent('#', "+QTONEDET") },
        { "+QTONEDET: 42", new DtmfReceivedEvent('*', "+QTONEDET") },
        { "+QTONEDET: 65", new DtmfReceivedEvent('A', "+QTONEDET") },
        { "+DTMF: 7,160", new DtmfReceivedEvent('7', "+DTMF") },
        { "+CMTI: \"SM\",3", new NewSmsEvent("SM", 3) },
        { "+CMTI: \"ME\",12", new NewSmsEvent("ME", 12) },
        { "RDY", new ModemReadyEvent("RDY") },
        { "+CPIN: READY", new SimStatusEvent("READY") },
        { "+CPIN: NOT INSERTED", new SimStatusEvent("NOT INSERTED") },
        { "+CSQ: 23,99", new SignalQualityEvent(23, 99) },
        { "+CREG: 1", new RegistrationEvent(RegistrationDomain.CircuitSwitched, RegistrationStatus.RegisteredHome, null, null, null) },
        { "+CEREG: 5,\"1A2B\",\"01C2D3E4\",7", new RegistrationEvent(RegistrationDomain.Eps, RegistrationStatus.RegisteredRoaming, "1A2B", "01C2D3E4", 7) },
        { "+CGREG: 2", new RegistrationEvent(RegistrationDomain.Packet, RegistrationStatus.Searching, null, null, null) },
        { "+CLCC: 1,1,4,0,0,\"+919876543210\",145", new CallStatusEvent(1, CallDirection.MobileTerminated, ModemCallState.Incoming, 0, false, "+919876543210", 145) },
        { "MISSED_CALL: 08:48AM +27839776374", new MissedCallEvent("+27839776374", "MISSED_CALL: 08:48AM +27839776374") },
        { "SMS DONE", new ModemNoticeEvent("SMS DONE") },
        { "+QIND: SMS DONE", new ModemNoticeEvent("+QIND: SMS DONE") },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void TryParse_KnownUrc_IsTyped(string line, ModemEvent expected)
    {
        Assert.True(UrcParser.TryParse(line, out var urc));
        Assert.Equal(expected, urc);
    }

    [Theory]
    [InlineData("+RXDTMF: X")]
    [InlineData("+QTONEDET: 1400")]
    [InlineData("+QTONEDET: abc")]
    [InlineData("+CSQ: nonsense")]
    [InlineData("+CMTI: \"SM\"")]
    public void TryParse_MalformedKnownUrc_IsUnknownNotAnException(string line)
    {
        Assert.True(UrcParser.TryParse(line, out var urc));
        Assert.IsType<UnknownUrcEvent>(urc);
    }

    [Fact]
    public void TryParse_PlainText_IsNotAUrc() =>
        Assert.False(UrcParser.TryParse("SIMCOM_SIM7600G-H", out _));

    [Fact]
    public void SignalQuality_Rssi_MapsToDbm()
    {
        Assert.Equal(-67, new SignalQualityEvent(23, 99).Dbm);
        Assert.Equal(-113, new SignalQualityEvent(0, 99).Dbm);
        Assert.Null(new SignalQualityEvent(99, 99).Dbm);
    }
}
