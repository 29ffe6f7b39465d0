using System.Globalization;

namespace Saarthi.Sync.Mqtt;

/// <summary>A broker URL: <c>mqtt://host[:1883]</c> or <c>mqtts://host[:8883]</c> (TLS).</summary>
public sealed record BrokerAddress(string Host, int Port, bool Tls)
{
    /// <exception cref="FormatException">Not an mqtt:// or mqtts:// URL.</exception>
    public static BrokerAddress Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "mqtt://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts" or "tcp" or "ssl") || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{url}' is not a broker URL (mqtt://HOST:PORT or mqtts://HOST:PORT)");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new FormatException("put the user name and password in --user/--password, not in the URL");
        }

        bool tls = uri.Scheme is "mqtts" or "ssl";
        int port = uri.IsDefaultPort || uri.Port <= 0 ? (tls ? 8883 : 1883) : uri.Port;
        return new BrokerAddress(uri.Host.Trim('[', ']'), port, tls);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Tls ? "mqtts" : "mqtt")}://{Host}:{Port}");
}

/// <summary>Connecting to the broker or moving data through it failed in a way retrying will not fix (credentials, ACL, timeout).</summary>
public sealed class SyncTransportException : Exception
{
    public SyncTransportException()
    {
    }

    public SyncTransportException(string message)
        : base(message)
    {
    }

    public SyncTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
