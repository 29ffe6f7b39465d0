using System.Globalization;

namespace Saarthi.Telephony.At;

/// <summary>
/// Recognises unsolicited result codes (pure, no state). Formats: 3GPP TS 27.007 (RING, +CRING, +CLIP, +CLCC, +CREG,
/// +CGREG, +CEREG, +CSQ, +CPIN, NO CARRIER/BUSY/NO ANSWER), TS 27.005 (+CMTI, +CMT), SIMCom SIM7600 (RDY,
/// <c>+RXDTMF: &lt;key&gt;</c>, <c>VOICE CALL: BEGIN/END</c>, <c>MISSED_CALL:</c>), Quectel EC25 (<c>+QTONEDET: &lt;ASCII code&gt;</c>,
/// <c>+QIND:</c>) and the older SIMCom <c>+DTMF: &lt;key&gt;</c>.
/// </summary>
public static class UrcParser
{
    private const string DtmfDigits = "0123456789*#ABCD";

    private static readonly string[] NoticePrefixes =
    [
        "SMS DONE", "PB DONE", "SMS READY", "CALL READY", "+QIND:", "+CFUN:", "+QUSIM:", "+CPBS:", "+CGEV:", "+STIN:",
        "+QCSQ:", "POWERED DOWN", "NORMAL POWER DOWN", "+CTZV:", "*PSUTTZ:", "DST:", "+CTZE:", "+QNITZ:",
    ];

    /// <summary>True for URCs whose payload is on the next line (<c>+CMT:</c>, <c>+CDS:</c>, <c>+CBM:</c>).</summary>
    public static bool StartsTwoLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.StartsWith("+CMT:", StringComparison.OrdinalIgnoreCase)
            || line.StartsWith("+CDS:", StringComparison.OrdinalIgnoreCase)
            || line.StartsWith("+CBM:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The event for a two-line URC.</summary>
    public static ModemEvent ParseTwoLine(string header, string body) => new SmsDeliveredEvent(header, body);

    /// <summary>Parses one line as a known URC. Never throws; malformed known URCs become <see cref="UnknownUrcEvent"/>.</summary>
    public static bool TryParse(string line, out ModemEvent? urc)
    {
        ArgumentNullException.ThrowIfNull(line);
        urc = null;
        try
        {
            urc = Parse(line.Trim());
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            urc = new UnknownUrcEvent(line);
        }

        return urc is not null;
    }

    private static ModemEvent? Parse(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        switch (line.ToUpperInvariant())
        {
            case "RING":
                return new RingEvent();
            case "NO CARRIER":
                return new CallEndedEvent(CallEndReason.NoCarrier);
            case "BUSY":
                return new CallEndedEvent(CallEndReason.Busy);
            case "NO ANSWER":
                return new CallEndedEvent(CallEndReason.NoAnswer);
            case "RDY":
                return new ModemReadyEvent(line);
            case "VOICE CALL: BEGIN":
                return new VoiceCallBeganEvent();
        }

        if (AtFields.After(line, "+CRING:") is { } cring)
        {
            return new RingEvent(cring);
        }

        if (AtFields.After(line, "+CLIP:") is { } clip)
        {
            return ParseClip(clip);
        }

        if (AtFields.After(line, "+CLCC:") is { } clcc)
        {
            return ParseClcc(clcc);
        }

        if (AtFields.After(line, "VOICE CALL: END") is { } end)
        {
            return new CallEndedEvent(CallEndReason.VoiceCallEnd, ParseHhmmss(end.TrimStart(':').Trim()));
        }

        if (AtFields.After(line, "MISSED_CALL:") is { } missed)
        {
            var parts = missed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new MissedCallEvent(parts.Length > 0 ? parts[^1] : null, line);
        }

        if (AtFields.After(line, "+RXDTMF:") is { } rx)
        {
            return Dtmf(rx, "+RXDTMF", line);
        }

        if (AtFields.After(line, "+DTMF:") is { } sim800)
        {
            return Dtmf(AtFields.Split(sim800)[0].Text, "+DTMF", line);
        }

        if (AtFields.After(line, "+QTONEDET:") is { } tone)
        {
            // Quectel reports the key's ASCII code: 49 is '1', 35 is '#', 42 is '*'.
            return int.TryParse(tone, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code is > 0 and < 128
                ? Dtmf(((char)code).ToString(), "+QTONEDET", line)
                : new UnknownUrcEvent(line);
        }

        if (AtFields.After(line, "+CMTI:") is { } cmti)
        {
            var f = AtFields.Split(cmti);
            return f.Count >= 2 && f[1].AsInt() is { } index ? new NewSmsEvent(f[0].Text, index) : new UnknownUrcEvent(line);
        }

        if (AtFields.After(line, "+CPIN:") is { } cpin)
        {
            return new SimStatusEvent(cpin.Trim('"'));
        }

        if (AtFields.After(line, "+CSQ:") is { } csq)
        {
            return ParseCsq(csq) ?? (ModemEvent)new UnknownUrcEvent(line);
        }

        if (AtFields.After(line, "+CREG:") is { } creg)
        {
            return ParseRegistration(RegistrationDomain.CircuitSwitched, creg) ?? (ModemEvent)new UnknownUrcEvent(line);
        }

        if (AtFields.After(line, "+CGREG:") is { } cgreg)
        {
            return ParseRegistration(RegistrationDomain.Packet, cgreg) ?? (ModemEvent)new UnknownUrcEvent(line);
        }

        if (AtFields.After(line, "+CEREG:") is { } cereg)
        {
            return ParseRegistration(RegistrationDomain.Eps, cereg) ?? (ModemEvent)new UnknownUrcEvent(line);
        }

        foreach (var prefix in NoticePrefixes)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return new ModemNoticeEvent(line);
            }
        }

        return null;
    }

    /// <summary>
    /// <c>+CREG: &lt;stat&gt;[,&lt;lac&gt;,&lt;ci&gt;[,&lt;AcT&gt;]]</c> (unsolicited) or <c>+CREG: &lt;n&gt;,&lt;stat&gt;[,…]</c> (read response):
    /// the read form is recognised by an unquoted integer in the second place.
    /// </summary>
    public static RegistrationEvent? ParseRegistration(RegistrationDomain domain, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var f = AtFields.Split(value);
        var start = f.Count >= 2 && f[1].AsInt() is not null ? 1 : 0;
        if (f[start].AsInt() is not { } stat)
        {
            return null;
        }

        string? area = f.Count > start + 1 && !f[start + 1].IsEmpty ? f[start + 1].Text : null;
        string? cell = f.Count > start + 2 && !f[start + 2].IsEmpty ? f[start + 2].Text : null;
        int? act = f.Count > start + 3 ? f[start + 3].AsInt() : null;
        return new RegistrationEvent(domain, (RegistrationStatus)stat, area, cell, act);
    }

    /// <summary><c>&lt;rssi&gt;,&lt;ber&gt;</c> of +CSQ.</summary>
    public static SignalQualityEvent? ParseCsq(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var f = AtFields.Split(value);
        return f.Count >= 2 && f[0].AsInt() is { } rssi && f[1].AsInt() is { } ber ? new SignalQualityEvent(rssi, ber) : null;
    }

    private static ModemEvent ParseClip(string value)
    {
        var f = AtFields.Split(value);
        var number = f[0].Text;
        var type = f.Count > 1 ? f[1].AsInt() ?? 129 : 129;
        if (type == 145 && number.Length > 0 && number[0] != '+')
        {
            number = "+" + number;
        }

        var name = f.Count > 4 && !f[4].IsEmpty ? f[4].Text : null;
        int? validity = f.Count > 5 ? f[5].AsInt() : null;
        return new CallerIdEvent(number, type, name, validity);
    }

    private static ModemEvent ParseClcc(string value)
    {
        var f = AtFields.Split(value);
        if (f.Count < 5 || f[0].AsInt() is not { } id || f[1].AsInt() is not { } dir || f[2].AsInt() is not { } stat || f[3].AsInt() is not { } mode)
        {
            return new UnknownUrcEvent("+CLCC: " + value);
        }

        var number = f.Count > 5 && !f[5].IsEmpty ? f[5].Text : null;
        int? type = f.Count > 6 ? f[6].AsInt() : null;
        if (type == 145 && number is { Length: > 0 } && number[0] != '+')
        {
            number = "+" + number;
        }

        return new CallStatusEvent(id, (CallDirection)dir, (ModemCallState)stat, mode, f[4].AsInt() == 1, number, type);
    }

    private static ModemEvent Dtmf(string value, string source, string line)
    {
        var key = value.Trim().Trim('"');
        if (key.Length == 1 && DtmfDigits.Contains(char.ToUpperInvariant(key[0]), StringComparison.Ordinal))
        {
            return new DtmfReceivedEvent(char.ToUpperInvariant(key[0]), source);
        }

        return new UnknownUrcEvent(line);
    }

    private static TimeSpan? ParseHhmmss(string text) =>
        text.Length == 6 && text.All(char.IsAsciiDigit)
            ? new TimeSpan(int.Parse(text[..2], CultureInfo.InvariantCulture), int.Parse(text[2..4], CultureInfo.InvariantCulture), int.Parse(text[4..], CultureInfo.InvariantCulture))
            : null;
}
