using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Saarthi.Speech.Audio;

namespace Saarthi.Telephony.Voice;

/// <summary>
/// An in-process voice path: two connected <see cref="IVoiceChannel"/>s (kiosk side, caller side), each direction a
/// bounded channel of frames. The fake modem uses it because a pty carries no audio.
/// </summary>
public static class VoiceLink
{
    /// <summary>Creates a connected pair; <paramref name="capacity"/> frames may wait in each direction (oldest dropped beyond).</summary>
    public static (IVoiceChannel Kiosk, IVoiceChannel Caller) Create(AudioFormat format, int capacity = 500)
    {
        format.EnsureValid(nameof(format));
        var toCaller = NewChannel(capacity);
        var toKiosk = NewChannel(capacity);
        var closed = new Closed();
        return (new End(format, toKiosk, toCaller, closed), new End(format, toCaller, toKiosk, closed));
    }

    private static Channel<AudioFrame> NewChannel(int capacity) =>
        Channel.CreateBounded<AudioFrame>(new BoundedChannelOptions(Math.Max(1, capacity)) { FullMode = BoundedChannelFullMode.DropOldest });

    private sealed class Closed
    {
        public int Value;
    }

    private sealed class End(AudioFormat format, Channel<AudioFrame> inbound, Channel<AudioFrame> outbound, Closed closed) : IVoiceChannel
    {
        public AudioFormat Format { get; } = format;

        public async IAsyncEnumerable<AudioFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var frame in inbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }

        public ValueTask WriteAsync(AudioFrame frame, CancellationToken cancellationToken = default)
        {
            if (frame.Format != Format)
            {
                throw new ArgumentException($"This voice path carries {Format}; the frame is {frame.Format}.", nameof(frame));
            }

            cancellationToken.ThrowIfCancellationRequested();
            outbound.Writer.TryWrite(frame);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref closed.Value, 1) == 0)
            {
                inbound.Writer.TryComplete();
                outbound.Writer.TryComplete();
            }

            return ValueTask.CompletedTask;
        }
    }
}
