using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Saarthi.Native.Interop.Mosquitto;

/// <summary>
/// One MQTT client on libmosquitto. A dedicated network thread runs <c>mosquitto_loop</c>; libmosquitto calls its
/// callbacks on that thread, and they are marshalled (copied) into a bounded <see cref="Channel{T}"/> read through
/// <see cref="Events"/>. Publish and subscribe may be called from any thread (threaded mode). When the connection
/// fails or drops, the loop reconnects with exponential backoff and jitter; QoS 1 messages not yet acknowledged are
/// sent again by libmosquitto after the reconnect.
/// </summary>
public sealed unsafe class MosquittoClient : IDisposable
{
    private static readonly Lazy<(int Major, int Minor, int Revision)> Init = new(InitializeLibrary);
    private readonly MosquittoClientOptions _options;
    private readonly Channel<MosquittoEvent> _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly SafeMosquittoHandle _handle;
    private readonly Lock _logGate = new();
    private readonly Queue<string> _recentLog = new();
    private GCHandle _self;
    private Thread? _thread;
    private string _host = string.Empty;
    private int _port;
    private volatile bool _connected;
    private volatile bool _stopping;
    private int _failures;
    private int _disposed;

    /// <summary>Creates the client (nothing is sent until <see cref="Start"/>).</summary>
    /// <exception cref="MosquittoException">libmosquitto rejected an option (e.g. an unreadable CA file).</exception>
    /// <exception cref="NativeLibraryMissingException">libmosquitto.so.1 is not installed.</exception>
    public MosquittoClient(MosquittoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ClientId);
        if (options.CaFile is not null && !File.Exists(options.CaFile))
        {
            throw new FileNotFoundException($"MQTT CA file not found: {options.CaFile}", options.CaFile);
        }

        _ = Init.Value;
        _options = options;
        _events = Channel.CreateBounded<MosquittoEvent>(new BoundedChannelOptions(Math.Max(16, options.EventCapacity))
        {
            SingleWriter = true,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _self = GCHandle.Alloc(this);
        _handle = MosquittoNative.mosquitto_new(options.ClientId, options.CleanSession ? (byte)1 : (byte)0, GCHandle.ToIntPtr(_self));
        if (_handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            _handle.Dispose();
            _self.Free();
            throw new MosquittoException("mosquitto_new", MosquittoNative.MOSQ_ERR_ERRNO, Marshal.GetPInvokeErrorMessage(errno));
        }

        try
        {
            Configure(options);
        }
        catch
        {
            _handle.Dispose();
            _self.Free();
            throw;
        }
    }

    /// <summary>The libmosquitto version, e.g. (2, 0, 11).</summary>
    public static (int Major, int Minor, int Revision) LibraryVersion => Init.Value;

    /// <summary>Everything libmosquitto reported, in order; completed after the loop has stopped.</summary>
    public ChannelReader<MosquittoEvent> Events => _events.Reader;

    /// <summary>Whether the last CONNACK accepted us and the connection has not dropped since.</summary>
    public bool IsConnected => _connected;

    public string ClientId => _options.ClientId;

    /// <summary>The last few warning/error lines from libmosquitto's log (for error messages).</summary>
    public IReadOnlyList<string> RecentLog
    {
        get
        {
            lock (_logGate)
            {
                return [.. _recentLog];
            }
        }
    }

    /// <summary>Starts the network thread, which connects to <paramref name="host"/>:<paramref name="port"/> and keeps reconnecting.</summary>
    public void Start(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("the MQTT client is already started");
        }

        (_host, _port) = (host, port);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "mosquitto-loop " + _options.ClientId };
        _thread.Start();
    }

    /// <summary>Queues a message; returns its message id (matched by <see cref="MosquittoPublished"/>).</summary>
    /// <remarks>QoS 1 messages published while offline are kept by libmosquitto and sent after the next connect.</remarks>
    public int Publish(string topic, ReadOnlySpan<byte> payload, int qos, bool retain)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(qos);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qos, 2);
        int mid = 0;
        int rc;
        fixed (byte* p = payload)
        {
            rc = MosquittoNative.mosquitto_publish(_handle, &mid, topic, payload.Length, p, qos, retain ? (byte)1 : (byte)0);
        }

        if (rc == MosquittoNative.MOSQ_ERR_NO_CONN && qos > 0)
        {
            // libmosquitto 2.0 keeps a QoS 1/2 message in its outgoing list and says NO_CONN; it goes out after the reconnect.
            return mid;
        }

        MosquittoException.ThrowIfError(rc, $"mosquitto_publish({topic})");
        return mid;
    }

    /// <summary>Subscribes to <paramref name="pattern"/> (wildcards allowed); returns the message id of the SUBSCRIBE.</summary>
    /// <remarks>Call it after each accepted <see cref="MosquittoConnected"/>: packets queued while offline are dropped on reconnect.</remarks>
    public int Subscribe(string pattern, int qos)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        int mid = 0;
        MosquittoException.ThrowIfError(MosquittoNative.mosquitto_subscribe(_handle, &mid, pattern, qos), $"mosquitto_subscribe({pattern})");
        return mid;
    }

    /// <summary>
    /// Sends DISCONNECT (so the broker does not publish the will), waits up to <paramref name="flushTimeout"/> for it to
    /// leave, and ends the network thread. Safe to call more than once.
    /// </summary>
    public void Stop(TimeSpan flushTimeout)
    {
        if (_thread is null || _stopping && !_thread.IsAlive)
        {
            _stopping = true;
            return;
        }

        _stopping = true;
        _ = MosquittoNative.mosquitto_disconnect(_handle); // NO_CONN when offline: nothing to send
        if (!_thread.Join(flushTimeout))
        {
            _stop.Cancel();
            _thread.Join();
        }
    }

    /// <summary>
    /// Drops the connection without a DISCONNECT, as a power cut or a lost GSM link would (the broker then
    /// publishes the will). For tests and for forcing a reconnect.
    /// </summary>
    public void Abort()
    {
        _stopping = true;
        _stop.Cancel();
        _thread?.Join();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Stop(TimeSpan.FromSeconds(2));
        _events.Writer.TryComplete();
        _handle.Dispose(); // mosquitto_destroy: the loop thread is gone, nothing calls back any more
        if (_self.IsAllocated)
        {
            _self.Free();
        }

        _stop.Dispose();
    }

    private static (int, int, int) InitializeLibrary()
    {
        MosquittoException.ThrowIfError(MosquittoNative.mosquitto_lib_init(), "mosquitto_lib_init");
        int major, minor, revision;
        _ = MosquittoNative.mosquitto_lib_version(&major, &minor, &revision);
        return (major, minor, revision);
    }

    private void Configure(MosquittoClientOptions o)
    {
        MosquittoException.ThrowIfError(MosquittoNative.mosquitto_threaded_set(_handle, 1), "mosquitto_threaded_set");
        MosquittoException.ThrowIfError(
            MosquittoNative.mosquitto_int_option(_handle, MosquittoNative.MOSQ_OPT_PROTOCOL_VERSION, MosquittoNative.MQTT_PROTOCOL_V311),
            "mosquitto_int_option(PROTOCOL_VERSION)");
        MosquittoException.ThrowIfError(
            MosquittoNative.mosquitto_max_inflight_messages_set(_handle, (uint)Math.Max(1, o.MaxInflight)), "mosquitto_max_inflight_messages_set");
        if (o.Username is not null)
        {
            MosquittoException.ThrowIfError(MosquittoNative.mosquitto_username_pw_set(_handle, o.Username, o.Password), "mosquitto_username_pw_set");
        }

        if (o.CaFile is not null)
        {
            MosquittoException.ThrowIfError(MosquittoNative.mosquitto_tls_set(_handle, o.CaFile, null, null, null, 0), $"mosquitto_tls_set({o.CaFile})");
            if (o.TlsInsecure)
            {
                MosquittoException.ThrowIfError(MosquittoNative.mosquitto_tls_insecure_set(_handle, 1), "mosquitto_tls_insecure_set");
            }
        }

        if (o.Will is { } will)
        {
            fixed (byte* p = will.Payload)
            {
                MosquittoException.ThrowIfError(
                    MosquittoNative.mosquitto_will_set(_handle, will.Topic, will.Payload.Length, p, will.Qos, will.Retain ? (byte)1 : (byte)0),
                    $"mosquitto_will_set({will.Topic})");
            }
        }

        MosquittoNative.mosquitto_connect_with_flags_callback_set(_handle, &OnConnect);
        MosquittoNative.mosquitto_disconnect_callback_set(_handle, &OnDisconnect);
        MosquittoNative.mosquitto_publish_callback_set(_handle, &OnPublish);
        MosquittoNative.mosquitto_message_callback_set(_handle, &OnMessage);
        MosquittoNative.mosquitto_subscribe_callback_set(_handle, &OnSubscribe);
        MosquittoNative.mosquitto_log_callback_set(_handle, &OnLog);
    }

    /// <summary>The network thread: connect, loop, and on any failure wait (backoff) and reconnect, until stopped.</summary>
    private void RunLoop()
    {
        var stopReason = "stopped";
        try
        {
            bool everConfigured = false;
            bool needConnect = true;
            while (!_stop.IsCancellationRequested)
            {
                if (needConnect)
                {
                    if (_stopping)
                    {
                        break;
                    }

                    int rc = everConfigured
                        ? MosquittoNative.mosquitto_reconnect_async(_handle)
                        : MosquittoNative.mosquitto_connect_async(_handle, _host, _port, _options.KeepAliveSeconds);
                    int errno = Marshal.GetLastPInvokeError();
                    if (rc == MosquittoNative.MOSQ_ERR_INVAL && !everConfigured)
                    {
                        stopReason = $"cannot connect to {_host}:{_port}: {MosquittoException.Describe(rc)}";
                        Post(new MosquittoConnectionFailed(rc, stopReason, Timeout.InfiniteTimeSpan));
                        return;
                    }

                    everConfigured = true;
                    if (rc is not MosquittoNative.MOSQ_ERR_SUCCESS and not MosquittoNative.MOSQ_ERR_CONN_PENDING)
                    {
                        Backoff(rc, errno);
                        continue;
                    }

                    needConnect = false;
                }

                int loop = MosquittoNative.mosquitto_loop(_handle, 200, 1);
                int loopErrno = Marshal.GetLastPInvokeError();
                if (loop == MosquittoNative.MOSQ_ERR_SUCCESS)
                {
                    continue;
                }

                _connected = false;
                if (_stopping)
                {
                    break; // our DISCONNECT went out (or there was no connection to end)
                }

                needConnect = true;
                Backoff(loop, loopErrno);
            }

            if (_stop.IsCancellationRequested)
            {
                stopReason = "aborted";
            }
        }
        catch (Exception ex)
        {
            stopReason = "network loop failed: " + ex.Message;
        }
        finally
        {
            _connected = false;
            try
            {
                _events.Writer.TryWrite(new MosquittoStopped(stopReason));
            }
            finally
            {
                _events.Writer.TryComplete();
            }
        }
    }

    private void Backoff(int rc, int errno)
    {
        var delay = NextDelay(_failures++);
        Post(new MosquittoConnectionFailed(rc, MosquittoException.Describe(rc, errno), delay));
        try
        {
            Task.Delay(delay, _options.Time, _stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>ReconnectDelay × 2^failures, capped at ReconnectDelayMax, ±20 % jitter so kiosks do not reconnect in step.</summary>
    private TimeSpan NextDelay(int failures)
    {
        var baseMs = _options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20));
        var capped = Math.Min(baseMs, _options.ReconnectDelayMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    /// <summary>Hands an event to the channel; waits while it is full (back-pressure), unless the client is being torn down.</summary>
    private void Post(MosquittoEvent ev)
    {
        if (_events.Writer.TryWrite(ev))
        {
            return;
        }

        try
        {
            _events.Writer.WriteAsync(ev, _stop.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    private static MosquittoClient? From(nint obj) =>
        obj == 0 ? null : GCHandle.FromIntPtr(obj).Target as MosquittoClient;

    [UnmanagedCallersOnly]
    private static void OnConnect(nint mosq, nint obj, int rc, int flags)
    {
        try
        {
            if (From(obj) is not { } client)
            {
                return;
            }

            client._connected = rc == 0;
            if (rc == 0)
            {
                client._failures = 0;
            }

            client.Post(new MosquittoConnected(rc, (flags & 1) != 0, rc == 0 ? "connected" : MosquittoException.DescribeConnack(rc)));
        }
        catch (Exception)
        {
            // never let an exception cross into libmosquitto
        }
    }

    [UnmanagedCallersOnly]
    private static void OnDisconnect(nint mosq, nint obj, int rc)
    {
        try
        {
            if (From(obj) is not { } client)
            {
                return;
            }

            client._connected = false;
            client.Post(new MosquittoDisconnected(rc, rc == 0 ? "disconnected on request" : MosquittoException.Describe(rc)));
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static void OnPublish(nint mosq, nint obj, int mid)
    {
        try
        {
            From(obj)?.Post(new MosquittoPublished(mid));
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static void OnMessage(nint mosq, nint obj, mosquitto_message* message)
    {
        try
        {
            if (message is null || From(obj) is not { } client)
            {
                return;
            }

            var topic = Marshal.PtrToStringUTF8((nint)message->topic) ?? string.Empty;
            var payload = message->payloadlen > 0 && message->payload is not null
                ? new ReadOnlySpan<byte>(message->payload, message->payloadlen).ToArray()
                : [];
            client.Post(new MosquittoMessage(message->mid, topic, payload, message->qos, message->retain != 0));
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static void OnSubscribe(nint mosq, nint obj, int mid, int qosCount, int* grantedQos)
    {
        try
        {
            if (From(obj) is not { } client)
            {
                return;
            }

            var granted = qosCount > 0 && grantedQos is not null ? new ReadOnlySpan<int>(grantedQos, qosCount).ToArray() : [];
            client.Post(new MosquittoSubscribed(mid, granted));
        }
        catch (Exception)
        {
        }
    }

    [UnmanagedCallersOnly]
    private static void OnLog(nint mosq, nint obj, int level, byte* text)
    {
        try
        {
            if ((level & (MosquittoNative.MOSQ_LOG_WARNING | MosquittoNative.MOSQ_LOG_ERR)) == 0 || From(obj) is not { } client)
            {
                return;
            }

            var line = Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
            lock (client._logGate)
            {
                client._recentLog.Enqueue(line);
                while (client._recentLog.Count > 20)
                {
                    client._recentLog.Dequeue();
                }
            }

            client.Post(new MosquittoLog(level, line));
        }
        catch (Exception)
        {
        }
    }
}
