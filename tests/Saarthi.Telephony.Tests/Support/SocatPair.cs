using System.Diagnostics;

namespace Saarthi.Telephony.Tests.Support;

/// <summary>
/// A pty pair made by socat (<c>socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B</c>): two serial devices
/// joined back to back, the real peer the telephony tests run against. Disposing kills this socat only.
/// </summary>
public sealed class SocatPair : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _ownedDirectory;

    private SocatPair(Process process, string a, string b, string? ownedDirectory)
    {
        _process = process;
        _ownedDirectory = ownedDirectory;
        PathA = a;
        PathB = b;
    }

    /// <summary>The kiosk's end (the modem's AT port as the driver sees it).</summary>
    public string PathA { get; }

    /// <summary>The far end (where the fake modem sits).</summary>
    public string PathB { get; }

    public static async Task<SocatPair> StartAsync(string? directory = null, string a = "kiosk", string b = "modem")
    {
        if (!File.Exists("/usr/bin/socat") && !File.Exists("/bin/socat"))
        {
            Assert.Skip("socat is not installed (./saarthi installs it: apt-get install socat)");
        }

        var owned = directory is null;
        directory ??= Directory.CreateTempSubdirectory("saarthi-pty-").FullName;
        var pathA = Path.Combine(directory, a);
        var pathB = Path.Combine(directory, b);
        var info = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", "-d", $"pty,raw,echo=0,link={pathA}", $"pty,raw,echo=0,link={pathB}" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("socat did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(pathA) && File.Exists(pathB)))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"socat did not create {pathA} and {pathB}");
            }

            await Task.Delay(10);
        }

        return new SocatPair(process, pathA, pathB, owned ? directory : null);
    }

    /// <summary>Kills socat: both ends hang up.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        // socat removes its links on a clean exit only.
        File.Delete(PathA);
        File.Delete(PathB);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
            if (_ownedDirectory is not null && Directory.Exists(_ownedDirectory))
            {
                Directory.Delete(_ownedDirectory, recursive: true);
            }
        }
    }
}
