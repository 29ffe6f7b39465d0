using System.Buffers.Binary;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Saarthi.Speech.Audio;
using Xunit;

namespace Saarthi.Speech.Tests.Audio;

public sealed class WavTests(ITestOutputHelper output)
{
    private static byte[] Pcm16Wav(short[] samples, int rate = 8000, int channels = 1)
    {
        using var ms = new MemoryStream();
        WavFile.Write(ms, new AudioFormat(rate, channels, 16), samples);
        return ms.ToArray();
    }

    /// <summary>A hand-built RIFF file from raw chunks, for malformed-input tests.</summary>
    private static byte[] Riff(params (string Id, byte[] Body, uint? DeclaredSize)[] chunks)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8);
        w.Write(0u);
        w.Write("WAVE"u8);
        foreach (var (id, body, declared) in chunks)
        {
            w.Write(System.Text.Encoding.ASCII.GetBytes(id));
            w.Write(declared ?? (uint)body.Length);
            w.Write(body);
            if ((body.Length & 1) == 1 && declared is null)
            {
                w.Write((byte)0);
            }
        }

        w.Flush();
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    private static byte[] Fmt(int tag = 1, int channels = 1, int rate = 8000, int bits = 16, int? blockAlign = null, int size = 16)
    {
        var b = new byte[size];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)rate);
        var align = blockAlign ?? (channels * bits / 8);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), (uint)(rate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(14), (ushort)bits);
        return b;
    }

    private static AudioFormatException ReadFails(byte[] bytes) =>
        Assert.Throws<AudioFormatException>(() => WavFile.Read(new MemoryStream(bytes)));

    [Fact]
    public void WriteThenRead_Pcm16Mono_RoundTripsExactly()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<short[]>(), samples =>
        {
            var data = WavFile.Read(new MemoryStream(Pcm16Wav(samples, 16000)));
            return data.Samples.ToArray().SequenceEqual(samples) && data.Format == AudioFormat.Wideband16k && !data.Truncated;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WriteThenRead_ThroughNonSeekablePipe_ReadsUnknownLengthToEnd()
    {
        var samples = SampleConvert.ToInt16(TestSignals.WhiteNoise(12345, 0.2, seed: 5));
        using var sink = new MemoryStream();
        using (var writer = new WavWriter(new NonSeekableStream(sink), 8000, 1, leaveOpen: true))
        {
            writer.Write(samples);
        }

        var bytes = sink.ToArray();
        var data = WavFile.Read(new NonSeekableStream(new MemoryStream(bytes)));

        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Null(data.Source.DataBytes);
        Assert.False(data.Truncated);
        Assert.Equal(samples, data.Samples.ToArray());
    }

    [Theory]
    [InlineData(WavEncoding.MuLaw, 8)]
    [InlineData(WavEncoding.ALaw, 8)]
    [InlineData(WavEncoding.IeeeFloat, 32)]
    [InlineData(WavEncoding.Pcm, 8)]
    public void WriteThenRead_OtherEncodings_KeepSignalWithinEncodingPrecision(WavEncoding encoding, int bits)
    {
        var samples = SampleConvert.ToInt16(TestSignals.Sine(700, 8000, 4001, amplitude: 0.6));
        using var ms = new MemoryStream();
        using (var writer = new WavWriter(ms, 8000, 1, encoding, bits, leaveOpen: true))
        {
            writer.Write(samples);
        }

        ms.Position = 0;
        var data = WavFile.Read(ms);

        Assert.Equal(encoding, data.Source.Encoding);
        Assert.Equal(samples.Length, data.Samples.Length);
        var worst = samples.Select((s, i) => Math.Abs(s - data.Samples.Span[i])).Max();
        var limit = encoding switch { WavEncoding.IeeeFloat => 0, WavEncoding.Pcm => 128, _ => 1024 };
        Assert.True(worst <= limit, $"worst error {worst} > {limit}");
        Assert.Equal(0, ms.Length % 2); // odd 8-bit data padded to an even chunk
    }

    [Theory]
    [InlineData("u8", "-e", "unsigned", "-b", "8")]
    [InlineData("s16", "-e", "signed", "-b", "16")]
    [InlineData("s24-extensible", "-e", "signed", "-b", "24")]
    [InlineData("s32", "-e", "signed", "-b", "32")]
    [InlineData("f32", "-e", "floating-point", "-b", "32")]
    [InlineData("mulaw", "-e", "mu-law", "-b", "8")]
    [InlineData("alaw", "-e", "a-law", "-b", "8")]
    public void Read_SoxWrittenFile_MatchesSoxOwnConversionTo16Bit(string name, params string[] encodingArgs)
    {
        using var dir = new TempDir();
        var src = dir.File("src.wav");
        var file = dir.File(name + ".wav");
        var reference = dir.File("ref.wav");
        ExternalTool.Sox("-n", "-r", "16000", "-b", "32", "-e", "floating-point", src, "synth", "0.5", "sine", "200-5000", "vol", "0.6");
        ExternalTool.Sox([src, .. encodingArgs, file]);
        ExternalTool.Sox("-D", file, "-e", "signed", "-b", "16", reference);

        var ours = WavFile.Read(file);
        var sox = WavFile.Read(reference).Samples.ToArray();

        Assert.Equal(16000, ours.Format.SampleRate);
        Assert.Equal(sox.Length, ours.Samples.Length);
        var worst = sox.Select((s, i) => Math.Abs(s - ours.Samples.Span[i])).Max();
        Assert.True(worst <= 1, $"{name}: differs from sox by up to {worst} LSB");
    }

    [Fact]
    public void Read_StereoFile_AveragesChannels()
    {
        var interleaved = new short[] { 1000, 3000, -200, -400, 32767, 32767, -32768, -32768, 5, 6 };

        var data = WavFile.Read(new MemoryStream(Pcm16Wav(interleaved, 8000, 2)));

        Assert.Equal(2, data.Source.Channels);
        Assert.Equal(AudioFormat.Telephone8k, data.Format);
        Assert.Equal(new short[] { 2000, -300, 32767, -32768, 6 }, data.Samples.ToArray());
    }

    [Fact]
    public void Read_SoxStereoFile_MatchesSoxDownmix()
    {
        using var dir = new TempDir();
        var file = dir.File("st.wav");
        var reference = dir.File("mono.wav");
        ExternalTool.Sox("-n", "-r", "8000", "-b", "16", "-c", "2", file, "synth", "0.3", "sine", "440", "sine", "1300", "vol", "0.5");
        ExternalTool.Sox("-D", file, reference, "remix", "1,2");

        var ours = WavFile.Read(file).Samples.ToArray();
        var sox = WavFile.Read(reference).Samples.ToArray();

        // sox "remix 1,2" sums at half gain each: the average.
        Assert.True(ours.Select((s, i) => Math.Abs(s - sox[i])).Max() <= 1);
    }

    [Fact]
    public void Read_EmptyInput_ThrowsEmpty()
    {
        var ex = ReadFails([]);

        Assert.Equal(AudioFormatError.Empty, ex.Error);
        Assert.Contains("empty", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    [InlineData(16)]
    [InlineData(30)]
    [InlineData(40)]
    public void Read_InputCutInsideHeader_ThrowsTruncatedHeader(int length)
    {
        var whole = Pcm16Wav([1, 2, 3, 4]);

        var ex = ReadFails(whole[..length]);

        Assert.Equal(AudioFormatError.TruncatedHeader, ex.Error);
    }

    [Fact]
    public void Read_NoDataChunk_ThrowsTruncatedHeaderSayingSo()
    {
        var ex = ReadFails(Riff(("fmt ", Fmt(), null)));

        Assert.Equal(AudioFormatError.TruncatedHeader, ex.Error);
        Assert.Contains("data chunk", ex.Message);
    }

    [Fact]
    public void Read_Mp3File_ThrowsNotWaveNamingMagic()
    {
        var ex = ReadFails([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // "ID3" tag, version 4

        Assert.Equal(AudioFormatError.NotWave, ex.Error);
        Assert.Contains("49443304", ex.Message);
    }

    [Fact]
    public void Read_OggFile_ThrowsNotWaveNamingMagic()
    {
        var ex = ReadFails("OggS\0\u0002\0\0\0\0\0\0\0\0"u8.ToArray());

        Assert.Equal(AudioFormatError.NotWave, ex.Error);
        Assert.Contains("'OggS'", ex.Message);
    }

    [Fact]
    public void Read_RiffOfOtherType_ThrowsNotWave()
    {
        var bytes = Pcm16Wav([1, 2]);
        "AVI "u8.CopyTo(bytes.AsSpan(8));

        var ex = ReadFails(bytes);

        Assert.Equal(AudioFormatError.NotWave, ex.Error);
        Assert.Contains("'AVI '", ex.Message);
    }

    [Fact]
    public void Read_DataBeforeFmt_ThrowsMissingFormat()
    {
        var ex = ReadFails(Riff(("data", new byte[4], null), ("fmt ", Fmt(), null)));

        Assert.Equal(AudioFormatError.MissingFormat, ex.Error);
    }

    [Fact]
    public void Read_SoxMsAdpcmFile_ThrowsUnsupportedNamingAdpcm()
    {
        using var dir = new TempDir();
        var file = dir.File("adpcm.wav");
        ExternalTool.Sox("-n", "-r", "8000", "-e", "ms-adpcm", file, "synth", "0.2", "sine", "440");

        var ex = Assert.Throws<AudioFormatException>(() => WavFile.Read(file));

        Assert.Equal(AudioFormatError.UnsupportedEncoding, ex.Error);
        Assert.Contains("ADPCM", ex.Message);
    }

    [Fact]
    public void Read_64BitFloat_ThrowsUnsupported()
    {
        var ex = ReadFails(Riff(("fmt ", Fmt(tag: 3, bits: 64), null), ("data", new byte[16], null)));

        Assert.Equal(AudioFormatError.UnsupportedEncoding, ex.Error);
        Assert.Contains("64-bit", ex.Message);
    }

    [Fact]
    public void Read_BigEndianRifx_ThrowsUnsupported()
    {
        var bytes = Pcm16Wav([1, 2]);
        "RIFX"u8.CopyTo(bytes);

        Assert.Equal(AudioFormatError.UnsupportedEncoding, ReadFails(bytes).Error);
    }

    [Theory]
    [InlineData(0, 8000, 16, "0 channels")]
    [InlineData(200, 8000, 16, "200 channels")]
    [InlineData(1, 0, 16, "0 Hz")]
    [InlineData(1, 50_000_000, 16, "50000000 Hz")]
    public void Read_AbsurdChannelsOrRate_ThrowsAbsurdValueNamingIt(int channels, int rate, int bits, string named)
    {
        var fmt = Fmt(channels: channels, rate: rate, bits: bits, blockAlign: Math.Max(1, channels) * 2);

        var ex = ReadFails(Riff(("fmt ", fmt, null), ("data", new byte[8], null)));

        Assert.Equal(AudioFormatError.AbsurdValue, ex.Error);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Read_BlockAlignInconsistent_ThrowsAbsurdValue()
    {
        var ex = ReadFails(Riff(("fmt ", Fmt(channels: 2, blockAlign: 3), null), ("data", new byte[12], null)));

        Assert.Equal(AudioFormatError.AbsurdValue, ex.Error);
        Assert.Contains("block align", ex.Message);
    }

    [Fact]
    public void Read_HugeFmtChunk_ThrowsAbsurdValueWithoutAllocating()
    {
        var ex = ReadFails(Riff(("fmt ", Fmt(), 0x7FFF_0000u)));

        Assert.Equal(AudioFormatError.AbsurdValue, ex.Error);
        Assert.Contains("fmt chunk", ex.Message);
    }

    [Fact]
    public void Read_UnknownChunkLargerThanFile_ThrowsTruncatedHeader()
    {
        var ex = ReadFails(Riff(("fmt ", Fmt(), null), ("LIST", new byte[10], 1_000_000u)));

        Assert.Equal(AudioFormatError.TruncatedHeader, ex.Error);
        Assert.Contains("'LIST'", ex.Message);
    }

    [Fact]
    public void Read_OddSizedChunkBeforeData_SkipsPaddingAndReads()
    {
        var pcm = new byte[] { 1, 0, 2, 0, 0xFF, 0xFF };
        var bytes = Riff(("fmt ", Fmt(), null), ("LIST", new byte[7], null), ("data", pcm, null));

        var data = WavFile.Read(new NonSeekableStream(new MemoryStream(bytes)));

        Assert.Equal(new short[] { 1, 2, -1 }, data.Samples.ToArray());
    }

    [Fact]
    public void Read_DataChunkCutShort_ReturnsSamplesPresentAndFlagsTruncated()
    {
        var samples = Enumerable.Range(0, 1000).Select(i => (short)(i * 30)).ToArray();
        var whole = Pcm16Wav(samples);
        var cut = whole[..(44 + 601)]; // 300 whole samples and half of one more

        var data = WavFile.Read(new MemoryStream(cut));

        Assert.True(data.Truncated);
        Assert.Equal(samples[..300], data.Samples.ToArray());
        Assert.Equal(1000, data.Source.DeclaredFrames);
    }

    [Fact]
    public void Read_CompleteFile_IsNotTruncated()
    {
        var data = WavFile.Read(new NonSeekableStream(new MemoryStream(Pcm16Wav([1, 2, 3]))));

        Assert.False(data.Truncated);
    }

    [Fact]
    public void Read_MoreSamplesThanAllowed_ThrowsTooLarge()
    {
        var ex = Assert.Throws<AudioFormatException>(() => WavFile.Read(new MemoryStream(Pcm16Wav(new short[5000])), maxSamples: 4000));

        Assert.Equal(AudioFormatError.TooLarge, ex.Error);
    }

    [Fact]
    public void Read_UnknownLengthPipeBeyondLimit_ThrowsTooLarge()
    {
        using var sink = new MemoryStream();
        using (var writer = new WavWriter(new NonSeekableStream(sink), 8000, 1, leaveOpen: true))
        {
            writer.Write(new short[5000]);
        }

        var ex = Assert.Throws<AudioFormatException>(() =>
            WavFile.Read(new NonSeekableStream(new MemoryStream(sink.ToArray())), maxSamples: 4000));

        Assert.Equal(AudioFormatError.TooLarge, ex.Error);
    }

    [Fact]
    public void WavReader_TenMinuteFile_StreamsFramesWithBoundedAllocation()
    {
        using var dir = new TempDir();
        var path = dir.File("long.wav");
        var second = SampleConvert.ToInt16(TestSignals.WhiteNoise(8000, 0.1, seed: 9));
        using (var writer = WavWriter.Create(path, AudioFormat.Telephone8k))
        {
            for (var s = 0; s < 600; s++)
            {
                writer.Write(second);
            }
        }

        var buffer = new short[160];
        long total = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        using (var reader = WavReader.Open(path))
        {
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                total += n;
            }

            Assert.False(reader.Truncated);
        }

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"10 min 8 kHz PCM16: {total} samples in 20 ms frames, {clock.Elapsed.TotalMilliseconds:F0} ms ({total / clock.Elapsed.TotalSeconds / 8000:F0}× real time), {allocated / 1024} KiB allocated");
        Assert.Equal(600L * 8000, total);
        Assert.True(allocated < 512 * 1024, $"streaming read allocated {allocated} bytes for a {new FileInfo(path).Length}-byte file");
    }

    [Fact]
    public void WavFile_TenMinuteFile_HoldsOnlyTheSamplesInMemory()
    {
        using var dir = new TempDir();
        var path = dir.File("long-mulaw.wav");
        var second = SampleConvert.ToInt16(TestSignals.WhiteNoise(8000, 0.1, seed: 9));
        using (var writer = WavWriter.Create(path, AudioFormat.Telephone8k, WavEncoding.MuLaw))
        {
            for (var s = 0; s < 600; s++)
            {
                writer.Write(second);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var data = WavFile.Read(path);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"10 min 8 kHz µ-law → PCM16: {clock.Elapsed.TotalMilliseconds:F0} ms ({data.Samples.Length / clock.Elapsed.TotalSeconds / 1e6:F1} M samples/s), {allocated / 1024} KiB allocated");
        Assert.Equal(600 * 8000, data.Samples.Length);
        var samplesBytes = data.Samples.Length * 2L;
        Assert.True(allocated < samplesBytes + (512 * 1024), $"allocated {allocated} bytes for {samplesBytes} bytes of samples");
    }

    [Fact]
    public void ReadFrames_20msFrames_AreContiguousAndStamped()
    {
        var samples = SampleConvert.ToInt16(TestSignals.WhiteNoise(1000, 0.1, seed: 2));
        using var reader = new WavReader(new MemoryStream(Pcm16Wav(samples)));

        var frames = reader.ReadFrames(TimeSpan.FromMilliseconds(20)).ToList();

        Assert.Equal(7, frames.Count);
        Assert.All(frames[..^1], f => Assert.Equal(160, f.FrameCount));
        Assert.Equal(40, frames[^1].FrameCount);
        Assert.Equal(TimeSpan.FromMilliseconds(120), frames[^1].Timestamp);
        Assert.Equal(samples, frames.SelectMany(f => f.Samples.ToArray()).ToArray());
    }

    [Fact]
    public async Task ReadFramesAsync_Cancelled_Stops()
    {
        using var reader = new WavReader(new MemoryStream(Pcm16Wav(new short[8000])));
        using var cts = new CancellationTokenSource();
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in reader.ReadFramesAsync(TimeSpan.FromMilliseconds(20), cts.Token))
            {
                if (++count == 3)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(3, count);
    }

    /// <summary>Hides seeking, like a pipe or socket.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 777));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
