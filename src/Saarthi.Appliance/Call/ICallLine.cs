using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Call;

/// <summary>Something that happened on the line (the modem or the handset), in the order it happened.</summary>
public abstract record LineEvent
{
    /// <summary>The SIM is ringing; <see cref="CallerId"/> is null when the network withheld it.</summary>
    public sealed record Ringing(string? CallerId) : LineEvent;

    /// <summary>The handset was lifted (no ring, no caller id).</summary>
    public sealed record HandsetLifted : LineEvent;

    /// <summary>The caller hung up, the handset went on-hook, or the network dropped the call.</summary>
    public sealed record HungUp(string Reason) : LineEvent;

    /// <summary>A key the modem itself detected (some modems report DTMF as a URC; others only in the audio).</summary>
    public sealed record KeyPressed(char Key) : LineEvent;

    /// <summary>The line restarted (modem reset); the call, if any, is gone.</summary>
    public sealed record LineReset(string Detail) : LineEvent;
}

/// <summary>
/// What a call needs from the line it arrives on: the GSM modem (with its USB audio), the kiosk handset (hook
/// switch + ALSA), or the fake modem of tests and `demo`. The call session talks only to this.
/// </summary>
public interface ICallLine
{
    /// <summary>A short name for logs: "modem:sim7600", "handset", "fake-modem".</summary>
    string Name { get; }

    /// <summary>Line events until the line is disposed or <paramref name="cancellationToken"/> ends.</summary>
    IAsyncEnumerable<LineEvent> EventsAsync(CancellationToken cancellationToken = default);

    Task AnswerAsync(CancellationToken cancellationToken = default);

    Task HangUpAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a text message to the caller; false when this line cannot (a handset) or the network refused.</summary>
    Task<bool> SendSmsAsync(string number, string text, CancellationToken cancellationToken = default);

    /// <summary>The caller's voice, as 8 kHz frames, while a call is up.</summary>
    IAsyncEnumerable<AudioFrame> ListenAsync(CancellationToken cancellationToken = default);

    /// <summary>Plays audio to the caller; returns when it has been handed to the line (or cancelled for barge-in).</summary>
    Task PlayAsync(AudioFrame audio, CancellationToken cancellationToken = default);
}
