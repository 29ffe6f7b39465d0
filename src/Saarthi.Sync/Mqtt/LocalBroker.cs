using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Saarthi.Sync.Mqtt;

/// <summary>How to run a local mosquitto (tests, <c>bench --sync</c>).</summary>
public sealed record LocalBrokerOptions
{
    /// <summary>Where the config, persistence file and log go.</summary>
    public required string Directory { get; init; }

    /// <summary>0: pick a free loopback port.</summary>
    public int Port { get; init; }

    public bool AllowAnonymous { get; init; } = true;

    /// <summary>A mosquitto_passwd file; set <see cref="AllowAnonymous"/> false to require it.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Server certificate, its key and the CA file: turns the listener into TLS.</summary>
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public string? CaFile { get; init; }

    /// <summary>Keep sessions and queued messages across restarts (mosquitto.db in <see cref="Directory"/>).</summary>
    public bool Persistence { get; init; } = true;

    public int MaxQueuedMessages { get; init; } = 10000;
}

/// <summary>
/// A real mosquitto broker on 127.0.0.1, run in the foreground (<c>mosquitto -c FILE</c>) as a child process.
/// <see cref="Restart"/> stops it with SIGTERM (it saves its persistence file) and starts it again on the same port.
/// </summary>
public sealed class LocalBroker : IDisposable
{
    private readonly LocalBrokerOptions _options;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private LocalBroker(LocalBrokerOptions options, int port)
    {
        _options = options;
        Port = port;
        ConfigPath = Path.Combine(options.Directory, "mosquitto.conf");
    }

    public int Port { get; }

    public string ConfigPath { get; }

    public bool Tls => _options.CertFile is not null;

    public BrokerAddress Address => new("127.0.0.1", Port, Tls);

    /// <summary>What the broker printed (for assertion messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Whether the <c>mosquitto</c> executable is installed.</summary>
    public static string? FindExecutable() =>
        new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto" }.FirstOrDefault(File.Exists);

    public static LocalBroker Start(LocalBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        System.IO.Directory.CreateDirectory(options.Directory);
        var broker = new LocalBroker(options, options.Port > 0 ? options.Port : FreePort());
        broker.WriteConfig();
        broker.Launch();
        return broker;
    }

    /// <summary>Stops the broker gracefully (SIGTERM: it writes its persistence file) and starts it again.</summary>
    public void Restart()
    {
        Stop();
        Launch();
    }

    /// <summary>SIGTERM, then wait for it to exit.</summary>
    public void Stop()
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!p.WaitForExit(10_000))
        {
            p.Kill();
            p.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
    }

    /// <summary>Runs mosquitto_passwd to make a password file with one user.</summary>
    public static string MakePasswordFile(string directory, string user, string password)
    {
        var path = Path.Combine(directory, "passwd");
        var psi = new ProcessStartInfo("mosquitto_passwd") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "-b", path, user, password })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("mosquitto_passwd did not start");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd failed ({p.ExitCode}): {err}");
        }

        return path;
    }

    private void WriteConfig()
    {
        var o = _options;
        var c = new StringBuilder();
        c.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} 127.0.0.1");
        c.AppendLine(o.AllowAnonymous ? "allow_anonymous true" : "allow_anonymous false");
        if (o.PasswordFile is not null)
        {
            c.AppendLine("password_file " + o.PasswordFile);
        }

        if (o.CertFile is not null)
        {
            c.AppendLine("certfile " + o.CertFile);
            c.AppendLine("keyfile " + o.KeyFile);
            if (o.CaFile is not null)
            {
                c.AppendLine("cafile " + o.CaFile);
            }
        }

        c.AppendLine(o.Persistence ? "persistence true" : "persistence false");
        c.AppendLine("persistence_location " + Path.TrimEndingDirectorySeparator(Path.GetFullPath(o.Directory)) + "/");
        c.AppendLine("autosave_interval 1");
        c.AppendLine(CultureInfo.InvariantCulture, $"max_queued_messages {o.MaxQueuedMessages}");
        c.AppendLine("max_inflight_messages 20");
        c.AppendLine("user root");
        c.AppendLine("log_dest stderr");
        c.AppendLine("log_type error");
        c.AppendLine("log_type warning");
        c.AppendLine("log_type notice");
        c.AppendLine("log_type information");
        File.WriteAllText(ConfigPath, c.ToString());
    }

    private void Launch()
    {
        var exe = FindExecutable() ?? throw new FileNotFoundException("mosquitto is not installed (apt-get install mosquitto)");
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(ConfigPath);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains(" running", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        }

        p.ErrorDataReceived += OnLine;
        p.OutputDataReceived += OnLine;
        p.Exited += (_, _) => running.TrySetException(new InvalidOperationException("mosquitto exited: " + Log));
        p.Start();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        _process?.Dispose();
        _process = p;
        if (!running.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("mosquitto did not start within 10 s: " + Log);
        }

        // "running" is printed once the listeners are open; make sure the port accepts.
        for (int i = 0; i < 50; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
