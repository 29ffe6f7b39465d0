using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Saarthi.Native.Interop.Mosquitto;
using Saarthi.Sync.Mqtt;

namespace Saarthi.Sync.Tests;

/// <summary>A CA and a server certificate for 127.0.0.1/localhost, made at test time and written as PEM files.</summary>
internal sealed class TestCertificates
{
    public TestCertificates(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Saarthi Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));

        Directory.CreateDirectory(directory);
        CaFile = Path.Combine(directory, "ca.pem");
        CertFile = Path.Combine(directory, "server.pem");
        KeyFile = Path.Combine(directory, "server-key.pem");
        File.WriteAllText(CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(CertFile, server.ExportCertificatePem() + "\n");
        File.WriteAllText(KeyFile, serverKey.ExportPkcs8PrivateKeyPem() + "\n");

        // A second CA that signed nothing: a kiosk pinned to it must refuse the broker.
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=Another CA", otherKey, HashAlgorithmName.SHA256);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = otherRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        OtherCaFile = Path.Combine(directory, "other-ca.pem");
        File.WriteAllText(OtherCaFile, other.ExportCertificatePem() + "\n");
    }

    public string CaFile { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public string OtherCaFile { get; }
}

/// <summary>Brokers for the tests: plain anonymous, or TLS with a password file made by mosquitto_passwd.</summary>
internal static class Brokers
{
    public const string User = "ngo-field";
    public const string Password = "s3cret-pass";

    public static LocalBroker Plain(string directory) => LocalBroker.Start(new LocalBrokerOptions { Directory = directory });

    public static (LocalBroker Broker, TestCertificates Certificates) TlsWithPassword(string directory)
    {
        var certs = new TestCertificates(Path.Combine(directory, "certs"));
        var passwd = LocalBroker.MakePasswordFile(directory, User, Password);
        var broker = LocalBroker.Start(new LocalBrokerOptions
        {
            Directory = directory,
            AllowAnonymous = false,
            PasswordFile = passwd,
            CertFile = certs.CertFile,
            KeyFile = certs.KeyFile,
            CaFile = certs.CaFile,
        });
        return (broker, certs);
    }
}

/// <summary>A broker shared by the tests of one class (each test uses its own kiosk ids).</summary>
public sealed class BrokerFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public BrokerFixture() => Broker = Brokers.Plain(_dir.Sub("broker"));

    internal LocalBroker Broker { get; }

    public void Dispose()
    {
        Broker.Dispose();
        _dir.Dispose();
    }
}

internal static class EventWaiting
{
    /// <summary>Reads events until one of type <typeparamref name="T"/> matches; fails with what was seen on timeout.</summary>
    public static async Task<T> WaitForAsync<T>(this ChannelReader<MosquittoEvent> events, Func<T, bool>? match = null, double seconds = 10)
        where T : MosquittoEvent
    {
        var seen = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var ev = await events.ReadAsync(cts.Token);
                if (ev is T t && (match is null || match(t)))
                {
                    return t;
                }

                seen.Add(ev.ToString());
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {typeof(T).Name} within {seconds} s; saw: {string.Join(" | ", seen.TakeLast(20))}");
        }
    }
}
