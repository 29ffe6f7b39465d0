using System.Text;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Sync.Mqtt;

namespace Saarthi.Sync.Tests;

/// <summary>The libmosquitto binding against a real mosquitto on 127.0.0.1.</summary>
public sealed class MosquittoClientTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MosquittoClient Client(string id, bool clean = true, MosquittoWill? will = null) => new(new MosquittoClientOptions
    {
        ClientId = id,
        CleanSession = clean,
        Will = will,
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(500),
    });

    private static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void LibraryVersion_IsDebians2x()
    {
        Assert.Equal(2, MosquittoClient.LibraryVersion.Major);
    }

    [Fact]
    public async Task PublishSubscribe_Loopback_MessageArrivesThroughTheChannel()
    {
        var topic = "test/" + Unique("t");
        using var sub = Client(Unique("sub"));
        using var pub = Client(Unique("pub"));
        sub.Start("127.0.0.1", fixture.Broker.Port);
        pub.Start("127.0.0.1", fixture.Broker.Port);
        await sub.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        var mid = sub.Subscribe(topic, 1);
        var granted = await sub.Events.WaitForAsync<MosquittoSubscribed>(s => s.Mid == mid);
        Assert.Equal([1], granted.GrantedQos);
        await pub.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);

        var pubMid = pub.Publish(topic, "नमस्ते kiosk"u8, 1, retain: false);

        await pub.Events.WaitForAsync<MosquittoPublished>(p => p.Mid == pubMid);
        var message = await sub.Events.WaitForAsync<MosquittoMessage>(m => m.Topic == topic);
        Assert.Equal("नमस्ते kiosk", Encoding.UTF8.GetString(message.Payload));
        Assert.Equal(1, message.Qos);
    }

    [Fact]
    public async Task Publish_BeforeBrokerIsUp_SentAfterTheLoopConnectsWithBackoff()
    {
        using var broker = LocalBroker.Start(new LocalBrokerOptions { Directory = _dir.Sub("late") });
        var port = broker.Port;
        broker.Stop();
        var topic = "test/late";
        using var pub = Client(Unique("pub"));
        pub.Start("127.0.0.1", port);
        var failed = await pub.Events.WaitForAsync<MosquittoConnectionFailed>();
        Assert.True(failed.RetryIn > TimeSpan.Zero);
        var mid = pub.Publish(topic, "queued while offline"u8, 1, retain: true);

        broker.Restart();

        await pub.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        await pub.Events.WaitForAsync<MosquittoPublished>(p => p.Mid == mid);
        using var sub = Client(Unique("sub"));
        sub.Start("127.0.0.1", port);
        await sub.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        sub.Subscribe(topic, 1);
        var retained = await sub.Events.WaitForAsync<MosquittoMessage>(m => m.Topic == topic);
        Assert.Equal("queued while offline", Encoding.UTF8.GetString(retained.Payload));
    }

    [Fact]
    public async Task Will_ConnectionDroppedWithoutDisconnect_BrokerPublishesIt()
    {
        var topic = "test/" + Unique("presence");
        using var watcher = Client(Unique("watch"));
        watcher.Start("127.0.0.1", fixture.Broker.Port);
        await watcher.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        watcher.Subscribe(topic, 1);
        await watcher.Events.WaitForAsync<MosquittoSubscribed>();
        var kiosk = Client(Unique("kiosk"), will: new MosquittoWill(topic, "offline"u8.ToArray(), 1, true));
        kiosk.Start("127.0.0.1", fixture.Broker.Port);
        await kiosk.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);

        kiosk.Abort();   // the loop stops without DISCONNECT: a power cut, as far as the broker can tell
        kiosk.Dispose(); // closes the socket

        var will = await watcher.Events.WaitForAsync<MosquittoMessage>(m => m.Topic == topic);
        Assert.Equal("offline", Encoding.UTF8.GetString(will.Payload));
    }

    [Fact]
    public async Task Stop_CleanDisconnect_NoWillAndStoppedEvent()
    {
        var topic = "test/" + Unique("presence");
        using var watcher = Client(Unique("watch"));
        watcher.Start("127.0.0.1", fixture.Broker.Port);
        await watcher.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        watcher.Subscribe(topic, 1);
        await watcher.Events.WaitForAsync<MosquittoSubscribed>();
        using var kiosk = Client(Unique("kiosk"), will: new MosquittoWill(topic, "offline"u8.ToArray(), 1, false));
        kiosk.Start("127.0.0.1", fixture.Broker.Port);
        await kiosk.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);

        kiosk.Stop(TimeSpan.FromSeconds(2));

        await kiosk.Events.WaitForAsync<MosquittoDisconnected>(d => d.Expected);
        await kiosk.Events.WaitForAsync<MosquittoStopped>();
        await Assert.ThrowsAsync<TimeoutException>(() => watcher.Events.WaitForAsync<MosquittoMessage>(m => m.Topic == topic, seconds: 1));
    }

    [Fact]
    public async Task BrokerRestart_ClientReconnectsAndResumesItsSession()
    {
        using var broker = LocalBroker.Start(new LocalBrokerOptions { Directory = _dir.Sub("restart") });
        var topic = "test/resume";
        using var kiosk = Client("kiosk-resume", clean: false);
        kiosk.Start("127.0.0.1", broker.Port);
        await kiosk.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        kiosk.Subscribe(topic, 1);
        await kiosk.Events.WaitForAsync<MosquittoSubscribed>();

        broker.Restart();

        await kiosk.Events.WaitForAsync<MosquittoDisconnected>(d => !d.Expected);
        var again = await kiosk.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        Assert.True(again.SessionPresent, "the broker's persistence should keep the kiosk's session");
        using var pub = Client(Unique("pub"));
        pub.Start("127.0.0.1", broker.Port);
        await pub.Events.WaitForAsync<MosquittoConnected>(c => c.Accepted);
        pub.Publish(topic, "after restart"u8, 1, false);
        var m = await kiosk.Events.WaitForAsync<MosquittoMessage>(x => x.Topic == topic);
        Assert.Equal("after restart", Encoding.UTF8.GetString(m.Payload));
    }

    [Fact]
    public async Task Tls_RightCaAndPassword_Connects()
    {
        var (broker, certs) = Brokers.TlsWithPassword(_dir.Sub("tls"));
        using (broker)
        {
            using var client = new MosquittoClient(new MosquittoClientOptions
            {
                ClientId = Unique("tls"), CaFile = certs.CaFile, Username = Brokers.User, Password = Brokers.Password,
            });
            client.Start("127.0.0.1", broker.Port);

            var connected = await client.Events.WaitForAsync<MosquittoConnected>();

            Assert.True(connected.Accepted, connected.Description);
        }
    }

    [Fact]
    public async Task Tls_WrongPassword_RefusedNotAuthorised()
    {
        var (broker, certs) = Brokers.TlsWithPassword(_dir.Sub("tls"));
        using (broker)
        {
            using var client = new MosquittoClient(new MosquittoClientOptions
            {
                ClientId = Unique("tls"), CaFile = certs.CaFile, Username = Brokers.User, Password = "wrong",
            });
            client.Start("127.0.0.1", broker.Port);

            var refused = await client.Events.WaitForAsync<MosquittoConnected>();

            Assert.False(refused.Accepted);
            Assert.Equal(5, refused.ReturnCode);
            Assert.Contains("not authorised", refused.Description, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Tls_BrokerCertificateFromAnotherCa_ConnectionFailsWithTlsError()
    {
        var (broker, certs) = Brokers.TlsWithPassword(_dir.Sub("tls"));
        using (broker)
        {
            using var client = new MosquittoClient(new MosquittoClientOptions
            {
                ClientId = Unique("tls"), CaFile = certs.OtherCaFile, Username = Brokers.User, Password = Brokers.Password,
                ReconnectDelay = TimeSpan.FromMilliseconds(200),
            });
            client.Start("127.0.0.1", broker.Port);

            var failed = await client.Events.WaitForAsync<MosquittoConnectionFailed>();

            Assert.Contains("TLS", failed.Description, StringComparison.OrdinalIgnoreCase);
            Assert.False(client.IsConnected);
        }
    }

    [Fact]
    public void Constructor_MissingCaFile_NamesIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new MosquittoClient(new MosquittoClientOptions { ClientId = "x", CaFile = "/nonexistent/ca.pem" }));

        Assert.Contains("/nonexistent/ca.pem", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_WhileRetryingAnUnreachableBroker_ReturnsPromptly()
    {
        var client = new MosquittoClient(new MosquittoClientOptions
        {
            ClientId = Unique("gone"), ReconnectDelay = TimeSpan.FromSeconds(30), ReconnectDelayMax = TimeSpan.FromSeconds(60),
        });
        client.Start("127.0.0.1", 1); // nothing listens on port 1
        await client.Events.WaitForAsync<MosquittoConnectionFailed>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        client.Dispose();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
    }
}
