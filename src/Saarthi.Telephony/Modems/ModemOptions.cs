using Saarthi.Telephony.At;

namespace Saarthi.Telephony.Modems;

/// <summary>Timing and recovery settings of a <see cref="Modem"/> (every duration runs on the injected TimeProvider).</summary>
public sealed record ModemOptions
{
    /// <summary>After RING, how long to wait for +CLIP before announcing the call without a caller id.</summary>
    public TimeSpan CallerIdWait { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How often an idle modem is asked <c>AT</c>; <see cref="TimeSpan.Zero"/> turns the watchdog off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Unanswered keep-alives in a row after which the modem counts as reset (a <see cref="CallLineEvent.Reset"/>).</summary>
    public int MissedKeepAlivesBeforeReset { get; init; } = 2;

    /// <summary>Attempts at the initialisation sequence before giving up (the watchdog tries again later).</summary>
    public int InitAttempts { get; init; } = 3;

    public TimeSpan InitRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First wait before reopening a serial port that went away (doubles up to <see cref="ReconnectMaxDelay"/>).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Hand audio to the voice path no faster than real time (so barge-in can cut it); off only for tests.</summary>
    public bool PaceAudio { get; init; } = true;

    /// <summary>How far ahead of real time playback may run (the voice path's jitter buffer).</summary>
    public TimeSpan PlaybackLead { get; init; } = TimeSpan.FromMilliseconds(120);

    /// <summary>Every AT line sent and received.</summary>
    public Action<AtTraceEntry>? Trace { get; init; }

    /// <summary>What the driver does and why (init steps skipped, resets, reconnects).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>Where a <see cref="Modem"/> is in its life.</summary>
public enum ModemLineState
{
    Stopped,
    Initializing,
    Ready,
    Ringing,
    InCall,

    /// <summary>The modem went silent, its port went away, or initialisation failed: waiting for it to answer again.</summary>
    Recovering,
    Closed,
}

/// <summary>The initialisation sequence failed (a required command answered an error, or the modem never answered).</summary>
public sealed class ModemInitializationException : IOException
{
    public ModemInitializationException()
    {
    }

    public ModemInitializationException(string message)
        : base(message)
    {
    }

    public ModemInitializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
