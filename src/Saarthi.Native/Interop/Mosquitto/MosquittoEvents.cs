namespace Saarthi.Native.Interop.Mosquitto;

/// <summary>Something libmosquitto reported on its network thread, in the order it happened.</summary>
public abstract record MosquittoEvent;

/// <summary>A CONNACK arrived. <paramref name="ReturnCode"/> 0 is accepted; otherwise the broker refused (e.g. 5: not authorised).</summary>
/// <param name="SessionPresent">The broker still had this client's persistent session (clean_session=false).</param>
public sealed record MosquittoConnected(int ReturnCode, bool SessionPresent, string Description) : MosquittoEvent
{
    public bool Accepted => ReturnCode == 0;
}

/// <summary>The connection ended. <paramref name="ReasonCode"/> 0 means we asked for it; anything else was unexpected.</summary>
public sealed record MosquittoDisconnected(int ReasonCode, string Description) : MosquittoEvent
{
    public bool Expected => ReasonCode == 0;
}

/// <summary>
/// A connection attempt or the running connection failed inside the network loop; the loop retries after
/// <paramref name="RetryIn"/> (exponential backoff with jitter).
/// </summary>
public sealed record MosquittoConnectionFailed(int ErrorCode, string Description, TimeSpan RetryIn) : MosquittoEvent;

/// <summary>A PUBLISH arrived on a subscribed topic (for QoS 1 libmosquitto has already sent the PUBACK).</summary>
public sealed record MosquittoMessage(int Mid, string Topic, byte[] Payload, int Qos, bool Retain) : MosquittoEvent;

/// <summary>An outgoing message left the client completely (QoS 0: written; QoS 1: PUBACK received).</summary>
public sealed record MosquittoPublished(int Mid) : MosquittoEvent;

/// <summary>A SUBACK arrived; a granted QoS of 128 means the broker refused that subscription.</summary>
public sealed record MosquittoSubscribed(int Mid, IReadOnlyList<int> GrantedQos) : MosquittoEvent;

/// <summary>A warning or error line from libmosquitto's log.</summary>
public sealed record MosquittoLog(int Level, string Text) : MosquittoEvent;

/// <summary>The network loop has ended (after <see cref="MosquittoClient.Stop"/> or a configuration error it cannot retry).</summary>
public sealed record MosquittoStopped(string Reason) : MosquittoEvent;

/// <summary>The last will: what the broker publishes for this client when its connection dies without a DISCONNECT.</summary>
public sealed record MosquittoWill(string Topic, byte[] Payload, int Qos, bool Retain);

/// <summary>How to connect: identity, session, credentials, TLS, will, keepalive and reconnect backoff.</summary>
public sealed record MosquittoClientOptions
{
    /// <summary>The MQTT client id (for a kiosk: its kiosk id, so the broker keeps its session).</summary>
    public required string ClientId { get; init; }

    /// <summary><see langword="false"/> keeps subscriptions and queued QoS 1 messages at the broker while offline.</summary>
    public bool CleanSession { get; init; } = true;

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>PEM file of the CA that signed the broker's certificate; setting it turns TLS on.</summary>
    public string? CaFile { get; init; }

    /// <summary>Skip the host-name check of the broker's certificate (tests with a certificate for another name only).</summary>
    public bool TlsInsecure { get; init; }

    public MosquittoWill? Will { get; init; }

    public int KeepAliveSeconds { get; init; } = 30;

    /// <summary>The first delay after a failed connection; doubled per failure up to <see cref="ReconnectDelayMax"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Outgoing QoS 1 messages awaiting PUBACK at once (libmosquitto queues the rest).</summary>
    public int MaxInflight { get; init; } = 20;

    /// <summary>Capacity of the event channel; when full, libmosquitto's thread waits (back-pressure on the socket).</summary>
    public int EventCapacity { get; init; } = 256;

    /// <summary>The clock for reconnect delays.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
