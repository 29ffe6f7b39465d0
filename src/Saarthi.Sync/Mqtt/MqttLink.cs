using System.Threading.Channels;
using Saarthi.Native.Interop.Mosquitto;

namespace Saarthi.Sync.Mqtt;

/// <summary>Who connects to which broker, and how (shared by the kiosk and the NGO tool).</summary>
public sealed record MqttLinkOptions
{
    public required BrokerAddress Broker { get; init; }

    public required string ClientId { get; init; }

    public bool CleanSession { get; init; } = true;

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? CaFile { get; init; }

    public MosquittoWill? Will { get; init; }

    public int KeepAliveSeconds { get; init; } = 30;

    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxInflight { get; init; } = 20;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// One MQTT connection kept up for its owner's loop. libmosquitto's client reconnects with backoff on its own thread;
/// this puts back what a reconnect loses (every subscription, on every accepted CONNACK), counts reconnects, follows the
/// SUBACKs, and hands out the events one at a time with a timeout so the loop can do periodic work between them.
/// The kiosk (<see cref="SyncClient"/>) and the NGO tool (<see cref="PackagePusher"/>) both run on it.
/// Not thread-safe: one loop reads the events and subscribes; publishing is safe from anywhere.
/// </summary>
public sealed class MqttLink : IDisposable
{
    private readonly MqttLinkOptions _options;
    private readonly MosquittoClient _client;
    private readonly List<(string Pattern, int Qos)> _subscriptions = [];
    private readonly HashSet<int> _pendingSubscriptions = [];

    /// <exception cref="MosquittoException">libmosquitto rejected an option.</exception>
    /// <exception cref="FileNotFoundException">The CA file is missing.</exception>
    public MqttLink(MqttLinkOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _client = new MosquittoClient(new MosquittoClientOptions
        {
            ClientId = options.ClientId,
            CleanSession = options.CleanSession,
            Username = options.Username,
            Password = options.Password,
            CaFile = options.CaFile,
            Will = options.Will,
            KeepAliveSeconds = options.KeepAliveSeconds,
            ReconnectDelay = options.ReconnectDelay,
            ReconnectDelayMax = options.ReconnectDelayMax,
            MaxInflight = options.MaxInflight,
            Time = options.Time,
        });
    }

    public BrokerAddress Broker => _options.Broker;

    public bool IsConnected => _client.IsConnected;

    /// <summary>Accepted connections after the first one.</summary>
    public int Reconnects { get; private set; } = -1;

    /// <summary>SUBACKs still awaited since the last connect.</summary>
    public bool SubscriptionsPending => _pendingSubscriptions.Count > 0;

    /// <summary>The broker refused a subscription since the last connect (its ACL).</summary>
    public bool SubscriptionRefused { get; private set; }

    /// <summary>Starts connecting (and reconnecting) in the background.</summary>
    public void Start() => _client.Start(_options.Broker.Host, _options.Broker.Port);

    /// <summary>Subscribes now when connected, and again after every reconnect.</summary>
    public void Subscribe(string pattern, int qos)
    {
        _subscriptions.Add((pattern, qos));
        if (_client.IsConnected)
        {
            _pendingSubscriptions.Add(_client.Subscribe(pattern, qos));
        }
    }

    /// <summary>Queues a message; returns its message id (matched by <see cref="MosquittoPublished"/>).</summary>
    public int Publish(string topic, ReadOnlySpan<byte> payload, int qos, bool retain) => _client.Publish(topic, payload, qos, retain);

    /// <summary>
    /// The next event, or <see langword="null"/> when none came within <paramref name="wait"/>. After an accepted
    /// CONNACK the subscriptions are already renewed when it is returned. A closed event stream reads as
    /// <see cref="MosquittoStopped"/>.
    /// </summary>
    public async Task<MosquittoEvent?> NextAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var ev = await ReadAsync(_client.Events, wait, cancellationToken).ConfigureAwait(false);
        switch (ev)
        {
            case MosquittoConnected { Accepted: true }:
                Reconnects++;
                SubscriptionRefused = false;
                _pendingSubscriptions.Clear();
                foreach (var (pattern, qos) in _subscriptions)
                {
                    _pendingSubscriptions.Add(_client.Subscribe(pattern, qos));
                }

                break;
            case MosquittoSubscribed s:
                _pendingSubscriptions.Remove(s.Mid);
                SubscriptionRefused |= s.GrantedQos.Any(q => q >= 128);
                break;
        }

        return ev;
    }

    /// <summary>Waits for the first accepted connection.</summary>
    /// <exception cref="SyncTransportException">Refused (credentials), not retryable (bad address), stopped, or not within <paramref name="timeout"/>.</exception>
    public async Task WaitConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var until = _options.Time.GetUtcNow() + timeout;
        string? last = null;
        while (_options.Time.GetUtcNow() < until)
        {
            switch (await NextAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false))
            {
                case MosquittoConnected { Accepted: true }:
                    return;
                case MosquittoConnected refused:
                    throw new SyncTransportException($"the broker at {Broker} refused the connection: {refused.Description}");
                case MosquittoConnectionFailed f:
                    last = f.Description;
                    if (f.RetryIn == Timeout.InfiniteTimeSpan)
                    {
                        throw new SyncTransportException(f.Description);
                    }

                    break;
                case MosquittoStopped s:
                    throw new SyncTransportException("the MQTT client stopped: " + s.Reason);
            }
        }

        throw new SyncTransportException($"could not connect to {Broker} within {timeout.TotalSeconds:F0} s{(last is null ? "" : ": " + last)}");
    }

    /// <summary>Sends DISCONNECT (no will), waits up to <paramref name="flushTimeout"/> and ends the network thread.</summary>
    public void Stop(TimeSpan flushTimeout) => _client.Stop(flushTimeout);

    public void Dispose() => _client.Dispose();

    private static async Task<MosquittoEvent?> ReadAsync(ChannelReader<MosquittoEvent> reader, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (reader.TryRead(out var ev))
        {
            return ev;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(wait);
        try
        {
            return await reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return new MosquittoStopped("closed");
        }
    }
}
