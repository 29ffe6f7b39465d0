using System.Diagnostics;
using System.Runtime.InteropServices;
using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Native.Tests.Interop;

/// <summary>The sherpa-onnx 1.13.4 VAD binding with the Silero v5 model laid out by setup.</summary>
public sealed class SherpaOnnxVadTests(ITestOutputHelper output)
{
    private static string ModelPath => NativePaths.FindModel("silero_vad.onnx") ?? throw new InvalidOperationException("silero_vad.onnx missing: run scripts/setup-native.sh");

    [Fact]
    public void Structs_Layout_MatchesCApiHeaderV1134()
    {
        // sizeof/offsetof printed by gcc from sherpa-onnx/c-api/c-api.h at tag v1.13.4 (x86_64; arm64 is the same LP64 layout).
        Assert.Equal(32, Marshal.SizeOf<SherpaOnnxSileroVadModelConfig>());
        Assert.Equal(8, Marshal.OffsetOf<SherpaOnnxSileroVadModelConfig>(nameof(SherpaOnnxSileroVadModelConfig.threshold)).ToInt32());
        Assert.Equal(20, Marshal.OffsetOf<SherpaOnnxSileroVadModelConfig>(nameof(SherpaOnnxSileroVadModelConfig.window_size)).ToInt32());
        Assert.Equal(24, Marshal.OffsetOf<SherpaOnnxSileroVadModelConfig>(nameof(SherpaOnnxSileroVadModelConfig.max_speech_duration)).ToInt32());
        Assert.Equal(32, Marshal.SizeOf<SherpaOnnxTenVadModelConfig>());
        Assert.Equal(88, Marshal.SizeOf<SherpaOnnxVadModelConfig>());
        Assert.Equal(32, Marshal.OffsetOf<SherpaOnnxVadModelConfig>(nameof(SherpaOnnxVadModelConfig.sample_rate)).ToInt32());
        Assert.Equal(40, Marshal.OffsetOf<SherpaOnnxVadModelConfig>(nameof(SherpaOnnxVadModelConfig.provider)).ToInt32());
        Assert.Equal(48, Marshal.OffsetOf<SherpaOnnxVadModelConfig>(nameof(SherpaOnnxVadModelConfig.debug)).ToInt32());
        Assert.Equal(56, Marshal.OffsetOf<SherpaOnnxVadModelConfig>(nameof(SherpaOnnxVadModelConfig.ten_vad)).ToInt32());
        Assert.Equal(24, Marshal.SizeOf<SherpaOnnxSpeechSegment>());
        Assert.Equal(8, Marshal.OffsetOf<SherpaOnnxSpeechSegment>(nameof(SherpaOnnxSpeechSegment.samples)).ToInt32());
        Assert.Equal(16, Marshal.OffsetOf<SherpaOnnxSpeechSegment>(nameof(SherpaOnnxSpeechSegment.n)).ToInt32());
    }

    [Fact]
    public void LibraryVersion_IsThePinnedRelease()
    {
        Assert.StartsWith("1.13.4", SileroVoiceActivityModel.LibraryVersion);
    }

    [Fact]
    public void Create_MissingModel_IsRefusedBeforeSherpaCanExit()
    {
        var ex = Assert.Throws<SherpaOnnxException>(() => SileroVoiceActivityModel.Create(new SileroVadSettings { ModelPath = "/nonexistent/silero_vad.onnx" }));

        Assert.Equal(-2, ex.NativeCode);
        Assert.Equal(NativeLibraryNames.SherpaOnnx, ex.Library);
        Assert.Contains("/nonexistent/silero_vad.onnx", ex.Message);
    }

    [Fact]
    public void Create_FileThatIsNotOnnx_IsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"saarthi-not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, new string('x', 4096));
        try
        {
            var ex = Assert.Throws<SherpaOnnxException>(() => SileroVoiceActivityModel.Create(new SileroVadSettings { ModelPath = path }));

            Assert.Contains("not an ONNX model", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_ThresholdOutOfRange_IsRefused()
    {
        Assert.Throws<SherpaOnnxException>(() => SileroVoiceActivityModel.Create(new SileroVadSettings { ModelPath = ModelPath, Threshold = 1.5f }));
    }

    [Fact]
    public void AcceptWaveform_SpeechBetweenSilences_DetectsItAndQueuesOneSegmentAtTheRightPlace()
    {
        using var vad = SileroVoiceActivityModel.Create(new SileroVadSettings { ModelPath = ModelPath, MinSilenceSeconds = 0.3f });
        var speech = PocketsphinxTestAudio.Speak("please tell me about the old age pension", padSeconds: 0);
        var silence = new short[PocketsphinxTestAudio.SampleRate];
        var signal = silence.Concat(speech).Concat(silence).ToArray();
        var detectedAt = new List<int>();
        var clock = Stopwatch.StartNew();

        for (var offset = 0; offset < signal.Length; offset += 320)
        {
            var chunk = signal.AsSpan(offset, Math.Min(320, signal.Length - offset));
            vad.AcceptWaveform(PocketsphinxTestAudio.ToFloat(chunk));
            if (vad.IsSpeechDetected)
            {
                detectedAt.Add(offset);
            }
        }

        clock.Stop();
        var seconds = signal.Length / (double)PocketsphinxTestAudio.SampleRate;
        output.WriteLine($"speech 1.000–{1 + (speech.Length / 16000.0):0.000} s; detected {detectedAt.First() / 16000.0:0.000}–{detectedAt.Last() / 16000.0:0.000} s; cost {clock.Elapsed.TotalMilliseconds / seconds:0.0} ms per second of audio");
        Assert.InRange(detectedAt.First() / 16000.0, 0.9, 1.3);
        Assert.InRange(detectedAt.Last() / 16000.0, 1 + (speech.Length / 16000.0) - 0.3, 1 + (speech.Length / 16000.0) + 0.5);
        var segment = vad.DequeueSegment();
        Assert.NotNull(segment);
        Assert.InRange(segment.StartSample / 16000.0, 0.7, 1.2);
        Assert.InRange(segment.Samples.Length / 16000.0, speech.Length / 16000.0 * 0.7, (speech.Length / 16000.0) + 0.6);
        Assert.Null(vad.DequeueSegment());
    }

    [Fact]
    public void AcceptWaveform_SilenceAndQuietNoise_NeverDetectsSpeech()
    {
        using var vad = SileroVoiceActivityModel.Create(new SileroVadSettings { ModelPath = ModelPath });
        var signal = new short[16000].Concat(PocketsphinxTestAudio.Noise(3 * 16000, -30)).ToArray();

        var any = false;
        for (var offset = 0; offset < signal.Length; offset += 512)
        {
            vad.AcceptWaveform(PocketsphinxTestAudio.ToFloat(signal.AsSpan(offset, Math.Min(512, signal.Length - offset))));
            any |= vad.IsSpeechDetected;
        }

        Assert.False(any);
        Assert.False(vad.HasSegments);
    }

    [Fact]
    public void Reset_AfterSpeech_ForgetsState()
    {
        using var vad = SileroVoiceActivityModel.Create(new SileroVadSettings { ModelPath = ModelPath });
        vad.AcceptWaveform(PocketsphinxTestAudio.ToFloat(PocketsphinxTestAudio.Speak("hello there", padSeconds: 0)));

        vad.Reset();

        Assert.False(vad.IsSpeechDetected);
        Assert.False(vad.HasSegments);
    }
}
