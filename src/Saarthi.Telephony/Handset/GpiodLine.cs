using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saarthi.Native.Interop.Gpiod;

namespace Saarthi.Telephony.Handset;

/// <summary>
/// A GPIO input through libgpiod: the line is requested for both edges, and a long-running thread waits for them in
/// 100 ms slices (so a stop is seen promptly) and hands them over with the kernel's timestamps.
/// </summary>
public sealed class GpiodLine : IGpioLine
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);
    private readonly GpioChip _chip;
    private readonly GpioEdgeLine _line;

    private GpiodLine(GpioChip chip, GpioEdgeLine line, string name)
    {
        _chip = chip;
        _line = line;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Opens <paramref name="chip"/> and requests line <paramref name="offset"/> for edge events as "saarthi-hook".</summary>
    /// <exception cref="GpiodException">No such chip or line, no permission, or the line is in use; the message names it.</exception>
    public static GpiodLine Open(string chip, int offset, bool activeLow, bool pullUp = false)
    {
        var gpio = GpioChip.Open(chip);
        try
        {
            return new GpiodLine(gpio, gpio.RequestEdges(offset, "saarthi-hook", activeLow, pullUp), $"{chip}:{offset}");
        }
        catch
        {
            gpio.Dispose();
            throw;
        }
    }

    public bool Read() => _line.Read();

    public async IAsyncEnumerable<GpioEdge> EdgesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var edges = Channel.CreateUnbounded<GpioEdge>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waiter = Task.Factory.StartNew(() => Wait(edges.Writer, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var edge in edges.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return edge;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await waiter.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public void Dispose()
    {
        _line.Dispose();
        _chip.Dispose();
    }

    private void Wait(ChannelWriter<GpioEdge> output, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (_line.WaitForEdge(WaitSlice) is { } e)
                {
                    output.TryWrite(new GpioEdge(e.Active, e.Timestamp));
                }
            }

            output.TryComplete();
        }
        catch (GpiodException e)
        {
            output.TryComplete(new IOException($"hook switch {Name}: {e.Message}", e));
        }
    }
}
