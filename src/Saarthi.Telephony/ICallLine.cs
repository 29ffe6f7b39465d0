using Saarthi.Speech.Audio;
using Saarthi.Telephony.At;

namespace Saarthi.Telephony;

/// <summary>Something that happened on a call line, in the order it happened.</summary>
public abstract record CallLineEvent
{
    /// <summary>A call is ringing; <see cref="CallerId"/> is null when the network withheld it or sent none.</summary>
    public sealed record IncomingCall(string? CallerId) : CallLineEvent;

    /// <summary>The caller hung up or the network dropped the call (or the caller gave up before it was answered).</summary>
    public sealed record RemoteHangup(CallEndReason Reason) : CallLineEvent;

    /// <summary>A key the far end pressed, as the modem's own DTMF detector reported it.</summary>
    public sealed record Dtmf(char Digit) : CallLineEvent;

    /// <summary>The line restarted (modem reset, serial port reopened, modem silent); a call that was up is gone.</summary>
    public sealed record Reset(string Detail, bool CallWasUp) : CallLineEvent;
}

/// <summary>What happened to a text message.</summary>
/// <param name="Sent">Every part was accepted by the network.</param>
/// <param name="Parts">Number of SMS parts the text needed.</param>
/// <param name="MessageReferences">TP-MR of each accepted part (<c>+CMGS: &lt;mr&gt;</c>).</param>
/// <param name="Error">Why it was not sent, when it was not.</param>
public sealed record SmsSendResult(bool Sent, int Parts, IReadOnlyList<int> MessageReferences, string? Error = null);

/// <summary>The state of a line for <c>doctor</c> and telemetry.</summary>
/// <param name="Ready">The line is initialised and can take a call.</param>
/// <param name="SimReady"><c>+CPIN: READY</c>.</param>
/// <param name="Registration">Best registration state seen (+CREG / +CEREG).</param>
/// <param name="SignalDbm">Received signal strength, when known.</param>
/// <param name="Operator">Network name (+COPS), when known.</param>
/// <param name="Detail">One line for people: what is wrong, or "registered (home), -67 dBm, airtel".</param>
public sealed record LineHealth(bool Ready, bool SimReady, RegistrationStatus? Registration, int? SignalDbm, string? Operator, string Detail)
{
    public bool Registered => Registration is RegistrationStatus.RegisteredHome or RegistrationStatus.RegisteredRoaming
        or RegistrationStatus.RegisteredSmsOnlyHome or RegistrationStatus.RegisteredSmsOnlyRoaming
        or RegistrationStatus.RegisteredCsfbNotPreferredHome or RegistrationStatus.RegisteredCsfbNotPreferredRoaming;

    public bool Roaming => Registration is RegistrationStatus.RegisteredRoaming or RegistrationStatus.RegisteredSmsOnlyRoaming
        or RegistrationStatus.RegisteredCsfbNotPreferredRoaming;
}

/// <summary>
/// A line calls arrive on: the GSM modem (with its USB audio), the kiosk handset, or the fake modem of tests and
/// <c>demo</c>. Events are read by one consumer; audio flows only while a call is up.
/// </summary>
public interface ICallLine : IAsyncDisposable
{
    /// <summary>A short name for logs: "modem:sim7600", "fake-modem".</summary>
    string Name { get; }

    /// <summary>Line events until the line is disposed or <paramref name="cancellationToken"/> ends (one reader).</summary>
    IAsyncEnumerable<CallLineEvent> EventsAsync(CancellationToken cancellationToken = default);

    /// <summary>Answers the ringing call and opens its voice path.</summary>
    Task AnswerAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends the call (nothing happens when none is up). No <see cref="CallLineEvent.RemoteHangup"/> follows.</summary>
    Task HangUpAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a text message (split into parts when long).</summary>
    Task<SmsSendResult> SendSmsAsync(string number, string text, CancellationToken cancellationToken = default);

    /// <summary>The caller's voice as 8 kHz frames while a call is up; ends with the call.</summary>
    IAsyncEnumerable<AudioFrame> ListenAsync(CancellationToken cancellationToken = default);

    /// <summary>Plays audio to the caller, paced in real time; returns when handed to the line. Dropped when no call is up.</summary>
    Task PlayAsync(AudioFrame audio, CancellationToken cancellationToken = default);

    /// <summary>SIM, registration, signal, operator.</summary>
    Task<LineHealth> HealthAsync(CancellationToken cancellationToken = default);
}
