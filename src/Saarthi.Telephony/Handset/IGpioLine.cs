namespace Saarthi.Telephony.Handset;

/// <summary>A level change on a GPIO line: the logical level afterwards and when the line saw it.</summary>
/// <param name="Active">The logical level after the edge (active-low already applied).</param>
/// <param name="Timestamp">When the edge happened, on the line's own clock (time since boot for libgpiod).</param>
public readonly record struct GpioEdge(bool Active, TimeSpan Timestamp);

/// <summary>
/// One input line whose edges matter (the handset's hook switch). The real one is <see cref="GpiodLine"/>; tests use a
/// scripted line, since this machine has no GPIO chip.
/// </summary>
public interface IGpioLine : IDisposable
{
    /// <summary>For logs and health: "gpiochip0:17".</summary>
    string Name { get; }

    /// <summary>The logical level now.</summary>
    bool Read();

    /// <summary>Every edge from now on, in order, until <paramref name="cancellationToken"/> ends (one reader).</summary>
    IAsyncEnumerable<GpioEdge> EdgesAsync(CancellationToken cancellationToken = default);
}
