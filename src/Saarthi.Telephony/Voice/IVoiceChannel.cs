using Saarthi.Speech.Audio;

namespace Saarthi.Telephony.Voice;

/// <summary>
/// One side of a call's audio path: frames from the far end (<see cref="ReadAsync"/>) and frames to it
/// (<see cref="WriteAsync"/>). Disposing either side ends the path for both.
/// </summary>
public interface IVoiceChannel : IAsyncDisposable
{
    /// <summary>The format of every frame in both directions (8 kHz mono 16-bit for a GSM call).</summary>
    AudioFormat Format { get; }

    /// <summary>Frames from the far end, until the path closes.</summary>
    IAsyncEnumerable<AudioFrame> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a frame to the far end; silently dropped once the path has closed.</summary>
    ValueTask WriteAsync(AudioFrame frame, CancellationToken cancellationToken = default);
}

/// <summary>Where a line gets the voice path of a call it has just answered.</summary>
public interface IVoicePort
{
    /// <summary>Opens the voice path of the call that is up.</summary>
    ValueTask<IVoiceChannel> OpenAsync(CancellationToken cancellationToken = default);
}
