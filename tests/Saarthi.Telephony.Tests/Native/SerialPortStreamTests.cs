using System.Diagnostics;
using System.Text;
using Saarthi.Native.Interop.Libc;
using Saarthi.Telephony.Tests.Support;

namespace Saarthi.Telephony.Tests.Native;

public sealed class SerialPortStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Open_MissingDevice_ThrowsNotFoundNamingTheDevice()
    {
        var ex = Assert.Throws<SerialPortException>(() => SerialPortStream.Open("/dev/ttyUSB-saarthi-missing"));

        Assert.Equal(SerialPortError.NotFound, ex.Error);
        Assert.Equal("/dev/ttyUSB-saarthi-missing", ex.DevicePath);
        Assert.Contains("/dev/ttyUSB-saarthi-missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ENOENT", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.NativeCode);
    }

    [Fact]
    public async Task Open_DeviceAlreadyOpen_ThrowsBusy()
    {
        await using var pair = await SocatPair.StartAsync();
        using var first = SerialPortStream.Open(pair.PathA);

        var ex = Assert.Throws<SerialPortException>(() => SerialPortStream.Open(pair.PathA));

        Assert.Equal(SerialPortError.Busy, ex.Error);
        Assert.Contains(pair.PathA, ex.Message, StringComparison.Ordinal);
        Assert.Contains("in use", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ReleasesTheDevice_ReopenWorks()
    {
        await using var pair = await SocatPair.StartAsync();
        SerialPortStream.Open(pair.PathA).Dispose();

        using var again = SerialPortStream.Open(pair.PathA);

        Assert.True(again.CanRead);
    }

    [Fact]
    public void Open_RegularFile_ThrowsNotATerminal()
    {
        var file = Path.GetTempFileName();
        try
        {
            var ex = Assert.Throws<SerialPortException>(() => SerialPortStream.Open(file));

            Assert.Equal(SerialPortError.NotATerminal, ex.Error);
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Open_UnsupportedBaudRate_ThrowsBeforeOpening()
    {
        var ex = Assert.Throws<SerialPortException>(() => SerialPortStream.Open("/dev/null", new SerialPortSettings { BaudRate = 12345 }));

        Assert.Equal(SerialPortError.UnsupportedBaudRate, ex.Error);
    }

    [Fact]
    public async Task WriteAsync_64KiB_ArrivesIntactAndInOrder()
    {
        await using var pair = await SocatPair.StartAsync();
        using var a = SerialPortStream.Open(pair.PathA);
        using var b = SerialPortStream.Open(pair.PathB);
        var data = new byte[64 * 1024];
        new Random(7).NextBytes(data);

        var reading = Task.Run(async () =>
        {
            var received = new byte[data.Length];
            var total = 0;
            while (total < received.Length)
            {
                var n = await b.ReadAsync(received.AsMemory(total), Ct);
                Assert.NotEqual(0, n);
                total += n;
            }

            return received;
        }, Ct);
        await a.WriteAsync(data, Ct);

        Assert.Equal(data, await Eventually.Within(reading, "64 KiB over the pty"));
    }

    [Fact]
    public async Task ReadAsync_Cancelled_ThrowsPromptly()
    {
        await using var pair = await SocatPair.StartAsync();
        using var a = SerialPortStream.Open(pair.PathA);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await a.ReadAsync(new byte[16], cts.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ReadAsync_PeerGone_ReturnsEndOfStream()
    {
        await using var pair = await SocatPair.StartAsync();
        using var a = SerialPortStream.Open(pair.PathA);

        var read = a.ReadAsync(new byte[16], Ct).AsTask();
        await pair.StopAsync();

        Assert.Equal(0, await Eventually.Within(read, "end of stream after socat exits"));
    }

    [Fact]
    public async Task Dispose_WhileReading_EndsTheRead()
    {
        await using var pair = await SocatPair.StartAsync();
        var a = SerialPortStream.Open(pair.PathA);
        var read = a.ReadAsync(new byte[16], Ct).AsTask();

        a.Dispose();

        Assert.Equal(0, await Eventually.Within(read, "the read to end"));
    }

    [Fact]
    public async Task PseudoTerminal_Open_CarriesBytesBothWays()
    {
        using var pty = PseudoTerminal.Open();
        using var slave = SerialPortStream.Open(pty.SlavePath);

        await slave.WriteAsync("AT\r"u8.ToArray(), Ct);
        Assert.Equal("AT\r", await ReadExactly(pty.Master, 3));
        await pty.Master.WriteAsync("\r\nOK\r\n"u8.ToArray(), Ct);
        Assert.Equal("\r\nOK\r\n", await ReadExactly(slave, 6));
        Assert.StartsWith("/dev/pts/", pty.SlavePath, StringComparison.Ordinal);
    }

    private static async Task<string> ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var n = await Eventually.Within(stream.ReadAsync(buffer.AsMemory(total), Ct).AsTask(), "pty bytes");
            total += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }
}
