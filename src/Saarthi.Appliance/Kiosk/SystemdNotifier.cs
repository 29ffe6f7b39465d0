using System.Net.Sockets;
using System.Text;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// sd_notify without libsystemd: "READY=1" when the kiosk can take calls and "WATCHDOG=1" while it is alive, sent to
/// $NOTIFY_SOCKET. Outside systemd (no socket) it does nothing.
/// </summary>
public sealed class SystemdNotifier
{
    private readonly string? _socket = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");

    public bool Active => !string.IsNullOrEmpty(_socket);

    /// <summary>Half the watchdog interval systemd asked for, or null when there is no watchdog.</summary>
    public static TimeSpan? WatchdogInterval =>
        long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out long usec) && usec > 0 ? TimeSpan.FromMicroseconds(usec / 2.0) : null;

    public void Notify(string state)
    {
        if (_socket is null || _socket.Length == 0) return;
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            // An abstract socket name starts with '@' in the variable and a NUL byte on the wire.
            var path = _socket[0] == '@' ? "\0" + _socket[1..] : _socket;
            s.Connect(new UnixDomainSocketEndPoint(path));
            s.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException)
        {
            // systemd not listening: nothing to tell.
        }
    }
}
