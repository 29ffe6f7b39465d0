using System.Buffers.Binary;
using Saarthi.Native.Interop.Libc;
using Saarthi.Speech.Audio;
using Saarthi.Telephony.Tests.Support;
using Saarthi.Telephony.Voice;

namespace Saarthi.Telephony.Tests.Voice;

/// <summary>The modem's PCM audio port (raw 16-bit little-endian, 8 kHz) modelled by a socat pty pair.</summary>
public sealed class StreamVoiceChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_PcmBytes_ComeOutAs20msFramesWithTimestamps()
    {
        await using var pair = await SocatPair.StartAsync();
        await using var voice = new StreamVoiceChannel(SerialPortStream.Open(pair.PathA), AudioFormat.Telephone8k, TimeSpan.FromMilliseconds(20));
        using var modemSide = SerialPortStream.Open(pair.PathB);
        var pcm = new byte[3 * 320];
        for (var i = 0; i < pcm.Length / 2; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), (short)(i - 200));
        }

        await modemSide.WriteAsync(pcm, Ct);
        await using var frames = voice.ReadAsync(Ct).GetAsyncEnumerator(Ct);

        for (var f = 0; f < 3; f++)
        {
            var frame = await Eventually.Next(frames, $"frame {f}");
            Assert.Equal(160, frame.FrameCount);
            Assert.Equal(TimeSpan.FromMilliseconds(20 * f), frame.Timestamp);
            Assert.Equal((short)((f * 160) - 200), frame.Samples.Span[0]);
        }
    }

    [Fact]
    public async Task WriteAsync_Frame_ArrivesAsLittleEndianPcm()
    {
        await using var pair = await SocatPair.StartAsync();
        await using var voice = new StreamVoiceChannel(SerialPortStream.Open(pair.PathA), AudioFormat.Telephone8k, TimeSpan.FromMilliseconds(20));
        using var modemSide = SerialPortStream.Open(pair.PathB);
        var samples = Enumerable.Range(0, 160).Select(i => (short)(i * 100 - 8000)).ToArray();

        await voice.WriteAsync(new AudioFrame(AudioFormat.Telephone8k, samples, TimeSpan.Zero), Ct);

        var bytes = new byte[320];
        var total = 0;
        while (total < bytes.Length)
        {
            total += await Eventually.Within(modemSide.ReadAsync(bytes.AsMemory(total), Ct).AsTask(), "PCM bytes");
        }

        Assert.Equal(samples, Enumerable.Range(0, 160).Select(i => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2))));
    }
}
