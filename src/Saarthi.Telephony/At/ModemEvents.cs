namespace Saarthi.Telephony.At;

/// <summary>An unsolicited result code from the modem, parsed. Published by <see cref="AtChannel.Events"/>.</summary>
public abstract record ModemEvent;

/// <summary><c>RING</c> or <c>+CRING: VOICE</c>: an incoming call is alerting.</summary>
public sealed record RingEvent(string? CallType = null) : ModemEvent;

/// <summary><c>+CLIP: "&lt;number&gt;",&lt;type&gt;[,&lt;subaddr&gt;,&lt;satype&gt;[,&lt;alpha&gt;[,&lt;CLI validity&gt;]]]</c> (TS 27.007 §7.18).</summary>
/// <param name="Number">The caller's number as presented; with a leading <c>+</c> when the type is international (145).</param>
/// <param name="NumberType">Type of address octet (129 national/unknown, 145 international).</param>
/// <param name="Name">The phonebook/network name, when given.</param>
/// <param name="Validity">0 valid, 1 withheld by the caller, 2 not available; <see langword="null"/> when absent.</param>
public sealed record CallerIdEvent(string Number, int NumberType, string? Name, int? Validity) : ModemEvent
{
    /// <summary>True when there is a number to call back (not withheld, not empty).</summary>
    public bool IsPresented => Number.Length > 0 && Validity is null or 0;
}

/// <summary>Direction of a call in +CLCC.</summary>
public enum CallDirection
{
    MobileOriginated = 0,
    MobileTerminated = 1,
}

/// <summary>State of a call in +CLCC (TS 27.007 §7.18; 6 is SIMCom's "disconnect").</summary>
public enum ModemCallState
{
    Active = 0,
    Held = 1,
    Dialing = 2,
    Alerting = 3,
    Incoming = 4,
    Waiting = 5,
    Disconnected = 6,
}

/// <summary><c>+CLCC: &lt;id&gt;,&lt;dir&gt;,&lt;stat&gt;,&lt;mode&gt;,&lt;mpty&gt;[,&lt;number&gt;,&lt;type&gt;…]</c>: one call's state.</summary>
public sealed record CallStatusEvent(int Id, CallDirection Direction, ModemCallState State, int Mode, bool Multiparty, string? Number, int? NumberType) : ModemEvent;

/// <summary>Why a call ended, as the modem said it.</summary>
public enum CallEndReason
{
    /// <summary><c>NO CARRIER</c>: the far end hung up (or the call dropped).</summary>
    NoCarrier,

    /// <summary><c>BUSY</c>.</summary>
    Busy,

    /// <summary><c>NO ANSWER</c>.</summary>
    NoAnswer,

    /// <summary>SIMCom's <c>VOICE CALL: END: &lt;hhmmss&gt;</c>.</summary>
    VoiceCallEnd,

    /// <summary>The modem restarted during the call.</summary>
    ModemReset,

    /// <summary>The kiosk hung up.</summary>
    LocalHangup,
}

/// <summary>The call ended (<c>NO CARRIER</c>, <c>BUSY</c>, <c>NO ANSWER</c>, <c>VOICE CALL: END</c>).</summary>
public sealed record CallEndedEvent(CallEndReason Reason, TimeSpan? Duration = null) : ModemEvent;

/// <summary>SIMCom's <c>VOICE CALL: BEGIN</c>: the voice path is up (after ATA/ATD).</summary>
public sealed record VoiceCallBeganEvent : ModemEvent;

/// <summary>SIMCom's <c>MISSED_CALL: &lt;time&gt; &lt;number&gt;</c>.</summary>
public sealed record MissedCallEvent(string? Number, string Line) : ModemEvent;

/// <summary>A DTMF key the far end pressed, as the modem's own detector reported it.</summary>
/// <param name="Digit">0-9, *, #, A-D.</param>
/// <param name="Source">The URC it came from (<c>+RXDTMF</c>, <c>+QTONEDET</c>, <c>+DTMF</c>).</param>
public sealed record DtmfReceivedEvent(char Digit, string Source) : ModemEvent;

/// <summary><c>+CMTI: "&lt;mem&gt;",&lt;index&gt;</c> (TS 27.005 §3.4.1): an SMS was stored.</summary>
public sealed record NewSmsEvent(string Storage, int Index) : ModemEvent;

/// <summary><c>+CMT: [&lt;alpha&gt;],&lt;length&gt;</c> followed by the PDU line: an SMS delivered straight to the terminal.</summary>
public sealed record SmsDeliveredEvent(string Header, string Body) : ModemEvent;

/// <summary><c>RDY</c>: the modem (re)started and lost its configuration.</summary>
public sealed record ModemReadyEvent(string Line) : ModemEvent;

/// <summary><c>+CPIN: &lt;code&gt;</c>: SIM state (READY, SIM PIN, NOT INSERTED…).</summary>
public sealed record SimStatusEvent(string Status) : ModemEvent
{
    public bool IsReady => Status.Equals("READY", StringComparison.OrdinalIgnoreCase);
}

/// <summary><c>+CSQ: &lt;rssi&gt;,&lt;ber&gt;</c> (TS 27.007 §8.5).</summary>
public sealed record SignalQualityEvent(int Rssi, int Ber) : ModemEvent
{
    /// <summary>Received signal strength in dBm (−113 + 2·rssi), or <see langword="null"/> for rssi 99 (unknown).</summary>
    public int? Dbm => Rssi is >= 0 and <= 31 ? -113 + (2 * Rssi) : null;
}

/// <summary>Which registration a +CREG/+CGREG/+CEREG line is about.</summary>
public enum RegistrationDomain
{
    /// <summary>+CREG: circuit-switched (voice calls, SMS over CS).</summary>
    CircuitSwitched,

    /// <summary>+CGREG: GPRS packet domain.</summary>
    Packet,

    /// <summary>+CEREG: LTE (EPS).</summary>
    Eps,
}

/// <summary><c>&lt;stat&gt;</c> of +CREG/+CGREG/+CEREG (TS 27.007 §7.2).</summary>
public enum RegistrationStatus
{
    NotRegistered = 0,
    RegisteredHome = 1,
    Searching = 2,
    Denied = 3,
    Unknown = 4,
    RegisteredRoaming = 5,
    RegisteredSmsOnlyHome = 6,
    RegisteredSmsOnlyRoaming = 7,
    EmergencyOnly = 8,
    RegisteredCsfbNotPreferredHome = 9,
    RegisteredCsfbNotPreferredRoaming = 10,
}

/// <summary>A network registration state (unsolicited <c>+CREG: &lt;stat&gt;[,&lt;lac&gt;,&lt;ci&gt;[,&lt;AcT&gt;]]</c> or a read response).</summary>
public sealed record RegistrationEvent(RegistrationDomain Domain, RegistrationStatus Status, string? Area, string? CellId, int? AccessTechnology) : ModemEvent
{
    public bool IsRegistered => Status is RegistrationStatus.RegisteredHome or RegistrationStatus.RegisteredRoaming
        or RegistrationStatus.RegisteredSmsOnlyHome or RegistrationStatus.RegisteredSmsOnlyRoaming
        or RegistrationStatus.RegisteredCsfbNotPreferredHome or RegistrationStatus.RegisteredCsfbNotPreferredRoaming;

    public bool IsRoaming => Status is RegistrationStatus.RegisteredRoaming or RegistrationStatus.RegisteredSmsOnlyRoaming
        or RegistrationStatus.RegisteredCsfbNotPreferredRoaming;
}

/// <summary>A start-up notice with nothing to act on (<c>SMS DONE</c>, <c>PB DONE</c>, <c>+QIND: …</c>, <c>+CFUN: 1</c>).</summary>
public sealed record ModemNoticeEvent(string Line) : ModemEvent;

/// <summary>A line the channel could not attribute to a command and does not know.</summary>
public sealed record UnknownUrcEvent(string Line) : ModemEvent;
