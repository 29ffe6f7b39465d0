using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Saarthi.Native.Interop.Libc;

/// <summary>How <see cref="SerialPortStream.Open(string, SerialPortSettings?)"/> sets the line up.</summary>
public sealed record SerialPortSettings
{
    /// <summary>Line speed (USB modems ignore it; a UART modem wants its configured rate, 115200 by default).</summary>
    public int BaudRate { get; init; } = 115200;

    /// <summary>RTS/CTS flow control (CRTSCTS).</summary>
    public bool HardwareFlowControl { get; init; }

    /// <summary>Take an exclusive <c>flock</c> and set <c>TIOCEXCL</c>, so a second opener gets a clear "busy" error.</summary>
    public bool Exclusive { get; init; } = true;

    /// <summary>Drop whatever the device buffered before we opened it (<c>tcflush(TCIOFLUSH)</c>).</summary>
    public bool DiscardPendingInput { get; init; } = true;
}

/// <summary>
/// A terminal device (a USB modem's AT port, a UART, one end of a pty) as a <see cref="Stream"/>, through libc termios:
/// <c>open(O_RDWR|O_NOCTTY|O_NONBLOCK)</c>, raw mode (<c>cfmakeraw</c>, <c>cfsetspeed</c>, <c>tcsetattr</c>).
/// One background thread waits in <c>poll</c> on the device and an <c>eventfd</c> (which <see cref="Stream.Dispose()"/>
/// signals), and hands the bytes to <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>, which therefore honours
/// cancellation without touching the descriptor. A hang-up (unplug, the pty peer gone) ends the stream: reads return 0.
/// </summary>
public sealed class SerialPortStream : Stream
{
    private const int ChunkSize = 4096;

    private readonly SafeFileDescriptor _fd;
    private readonly SafeFileDescriptor _wake;
    private readonly Channel<byte[]> _incoming =
        Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly Thread _reader;
    private readonly Lock _writeGate = new();
    private readonly bool _exclusive;
    private byte[]? _current;
    private int _currentOffset;
    private int _disposed;

    private SerialPortStream(SafeFileDescriptor fd, string devicePath, int baudRate, bool exclusive)
    {
        _fd = fd;
        DevicePath = devicePath;
        BaudRate = baudRate;
        _exclusive = exclusive;
        var wake = LibcNative.eventfd(0, LibcNative.EFD_CLOEXEC | LibcNative.EFD_NONBLOCK);
        SerialPortException.ThrowIfError(wake, "eventfd", devicePath);
        _wake = new SafeFileDescriptor(wake);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "serial " + devicePath };
        _reader.Start();
    }

    /// <summary>The device path given to <see cref="Open(string, SerialPortSettings?)"/> (or the pty's description).</summary>
    public string DevicePath { get; }

    /// <summary>The configured line speed.</summary>
    public int BaudRate { get; }

    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    public override bool CanWrite => Volatile.Read(ref _disposed) == 0;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Opens <paramref name="devicePath"/> in raw mode.</summary>
    /// <exception cref="SerialPortException">Missing, busy, not permitted, not a terminal; the message names the device.</exception>
    public static unsafe SerialPortStream Open(string devicePath, SerialPortSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(devicePath);
        settings ??= new SerialPortSettings();
        var speed = LibcNative.SpeedConstant(settings.BaudRate)
            ?? throw new SerialPortException(devicePath, SerialPortError.UnsupportedBaudRate, "cfsetspeed", 0,
                $"serial device {devicePath}: {settings.BaudRate} baud has no termios speed constant");

        var raw = LibcNative.open(devicePath, LibcNative.O_RDWR | LibcNative.O_NOCTTY | LibcNative.O_NONBLOCK | LibcNative.O_CLOEXEC);
        if (raw < 0)
        {
            throw SerialPortException.FromErrno(Marshal.GetLastPInvokeError(), $"open({devicePath})", devicePath);
        }

        var fd = new SafeFileDescriptor(raw);
        try
        {
            if (settings.Exclusive && LibcNative.flock(raw, LibcNative.LOCK_EX | LibcNative.LOCK_NB) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw SerialPortException.FromErrno(errno == LibcNative.EAGAIN ? LibcNative.EBUSY : errno, $"flock({devicePath})", devicePath);
            }

            termios t;
            SerialPortException.ThrowIfError(LibcNative.tcgetattr(raw, &t), $"tcgetattr({devicePath})", devicePath);
            if (settings.Exclusive)
            {
                _ = LibcNative.ioctl(raw, LibcNative.TIOCEXCL, 0); // root ignores it; flock above still answers "busy"
            }

            ConfigureRaw(&t, speed, settings.HardwareFlowControl, devicePath);
            SerialPortException.ThrowIfError(LibcNative.tcsetattr(raw, LibcNative.TCSANOW, &t), $"tcsetattr({devicePath})", devicePath);
            if (settings.DiscardPendingInput)
            {
                _ = LibcNative.tcflush(raw, LibcNative.TCIOFLUSH);
            }

            return new SerialPortStream(fd, devicePath, settings.BaudRate, settings.Exclusive);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Wraps an already-open terminal descriptor (the master side of a pty); makes it non-blocking.</summary>
    internal static unsafe SerialPortStream FromDescriptor(SafeFileDescriptor fd, string description)
    {
        var added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            var on = 1;
            SerialPortException.ThrowIfError(LibcNative.ioctl(fd.Fd, LibcNative.FIONBIO, (nint)(&on)), "ioctl(FIONBIO)", description);
            _ = LibcNative.ioctl(fd.Fd, LibcNative.FIOCLEX, 0);
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }

        return new SerialPortStream(fd, description, 115200, exclusive: false);
    }

    internal static unsafe void ConfigureRaw(termios* t, uint speed, bool hardwareFlowControl, string devicePath)
    {
        LibcNative.cfmakeraw(t);
        SerialPortException.ThrowIfError(LibcNative.cfsetspeed(t, speed), $"cfsetspeed({devicePath})", devicePath);
        t->c_cflag |= LibcNative.CLOCAL | LibcNative.CREAD;
        if (hardwareFlowControl)
        {
            t->c_cflag |= LibcNative.CRTSCTS;
        }
        else
        {
            t->c_cflag &= ~LibcNative.CRTSCTS;
        }

        t->c_cc[LibcNative.VMIN] = 1;
        t->c_cc[LibcNative.VTIME] = 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_current is null)
        {
            if (_incoming.Reader.TryRead(out var chunk))
            {
                (_current, _currentOffset) = (chunk, 0);
                break;
            }

            if (!await _incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0; // hang-up or disposed: end of stream
            }
        }

        var count = Math.Min(buffer.Length, _current.Length - _currentOffset);
        _current.AsSpan(_currentOffset, count).CopyTo(buffer.Span);
        _currentOffset += count;
        if (_currentOffset == _current.Length)
        {
            _current = null;
        }

        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var temp = new byte[buffer.Length];
        var n = Read(temp, 0, temp.Length);
        temp.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => WriteAll(buffer, CancellationToken.None);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The descriptor is non-blocking: a write only waits (in poll, 50 ms at a time) when the device's buffer is full.
        WriteAll(buffer.Span, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            base.Dispose(disposing);
            return;
        }

        if (disposing)
        {
            Signal(_wake);
            _ = _reader.Join(TimeSpan.FromSeconds(2));
            if (_exclusive)
            {
                ClearExclusive();
            }

            _fd.Dispose();
            _wake.Dispose();
            _incoming.Writer.TryComplete();
        }

        base.Dispose(disposing);
    }

    private void ClearExclusive()
    {
        var added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            _ = LibcNative.ioctl(_fd.Fd, LibcNative.TIOCNXCL, 0);
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }
    }

    private static unsafe void Signal(SafeFileDescriptor eventFd)
    {
        var added = false;
        try
        {
            eventFd.DangerousAddRef(ref added);
            ulong one = 1;
            _ = LibcNative.write(eventFd.Fd, (byte*)&one, sizeof(ulong));
        }
        finally
        {
            if (added)
            {
                eventFd.DangerousRelease();
            }
        }
    }

    private unsafe void WriteAll(ReadOnlySpan<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_writeGate)
        {
            var added = false;
            try
            {
                _fd.DangerousAddRef(ref added);
                fixed (byte* p = data)
                {
                    var offset = 0;
                    while (offset < data.Length)
                    {
                        var n = LibcNative.write(_fd.Fd, p + offset, (nuint)(data.Length - offset));
                        if (n >= 0)
                        {
                            offset += (int)n;
                            continue;
                        }

                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == LibcNative.EINTR)
                        {
                            continue;
                        }

                        if (errno != LibcNative.EAGAIN)
                        {
                            throw SerialPortException.FromErrno(errno, $"write({DevicePath})", DevicePath);
                        }

                        WaitWritable(cancellationToken);
                    }
                }
            }
            finally
            {
                if (added)
                {
                    _fd.DangerousRelease();
                }
            }
        }
    }

    private unsafe void WaitWritable(CancellationToken cancellationToken)
    {
        var pfd = new pollfd { fd = _fd.Fd, events = LibcNative.POLLOUT };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            pfd.revents = 0;
            var rc = LibcNative.poll(&pfd, 1, 50);
            if (rc > 0)
            {
                if ((pfd.revents & (LibcNative.POLLHUP | LibcNative.POLLERR | LibcNative.POLLNVAL)) != 0)
                {
                    throw SerialPortException.FromErrno(LibcNative.EIO, $"write({DevicePath})", DevicePath);
                }

                return;
            }

            if (rc < 0 && Marshal.GetLastPInvokeError() is var errno && errno != LibcNative.EINTR)
            {
                throw SerialPortException.FromErrno(errno, $"poll({DevicePath})", DevicePath);
            }
        }
    }

    private unsafe void ReadLoop()
    {
        Exception? error = null;
        var fdAdded = false;
        var wakeAdded = false;
        try
        {
            _fd.DangerousAddRef(ref fdAdded);
            _wake.DangerousAddRef(ref wakeAdded);
            var buffer = new byte[ChunkSize];
            var fds = stackalloc pollfd[2];
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    fds[0] = new pollfd { fd = _fd.Fd, events = LibcNative.POLLIN };
                    fds[1] = new pollfd { fd = _wake.Fd, events = LibcNative.POLLIN };
                    var rc = LibcNative.poll(fds, 2, -1);
                    if (rc < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == LibcNative.EINTR)
                        {
                            continue;
                        }

                        error = SerialPortException.FromErrno(errno, $"poll({DevicePath})", DevicePath);
                        break;
                    }

                    if (fds[1].revents != 0)
                    {
                        break; // Dispose
                    }

                    var revents = fds[0].revents;
                    if ((revents & LibcNative.POLLNVAL) != 0)
                    {
                        error = SerialPortException.FromErrno(LibcNative.EIO, $"poll({DevicePath})", DevicePath);
                        break;
                    }

                    if ((revents & (LibcNative.POLLIN | LibcNative.POLLHUP | LibcNative.POLLERR)) == 0)
                    {
                        continue;
                    }

                    var n = LibcNative.read(_fd.Fd, p, ChunkSize);
                    if (n > 0)
                    {
                        _incoming.Writer.TryWrite(buffer.AsSpan(0, (int)n).ToArray());
                        continue;
                    }

                    if (n == 0)
                    {
                        break; // end of file
                    }

                    var readErrno = Marshal.GetLastPInvokeError();
                    if (readErrno is LibcNative.EINTR || (readErrno == LibcNative.EAGAIN && (revents & LibcNative.POLLHUP) == 0))
                    {
                        continue;
                    }

                    if (readErrno is LibcNative.EIO or LibcNative.EAGAIN)
                    {
                        break; // hang-up: the peer closed, the device went away
                    }

                    error = SerialPortException.FromErrno(readErrno, $"read({DevicePath})", DevicePath);
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            if (wakeAdded)
            {
                _wake.DangerousRelease();
            }

            if (fdAdded)
            {
                _fd.DangerousRelease();
            }

            _incoming.Writer.TryComplete(error);
        }
    }
}
