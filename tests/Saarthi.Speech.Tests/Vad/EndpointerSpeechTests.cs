using System.Diagnostics;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Vad;
using Xunit;

namespace Saarthi.Speech.Tests.Vad;

/// <summary>The endpointer on real detectors (Silero through sherpa-onnx, and energy) with espeak-ng speech, silence and noise at 8 kHz.</summary>
public sealed class EndpointerSpeechTests(ITestOutputHelper output)
{
    public static TheoryData<string> Detectors() => ["silero", "energy"];

    private static IVoiceActivityDetector Create(string name) => name switch
    {
        "silero" => new SileroVoiceActivityDetector(),
        _ => new EnergyVoiceActivityDetector(),
    };

    private static List<EndpointEvent> Run(IVoiceActivityDetector detector, short[] signal, EndpointerOptions? options = null)
    {
        var endpointer = new Endpointer(detector, options);
        var events = VadTestAudio.Frames(signal).SelectMany(endpointer.Process).ToList();
        if (endpointer.Flush() is { } last)
        {
            events.Add(last);
        }

        return events;
    }

    private static string Describe(IEnumerable<EndpointEvent> events) => string.Join("; ", events.Select(e => e switch
    {
        SpeechStarted s => $"started {s.SpeechStart.TotalSeconds:0.000} (known {s.DetectedAt.TotalSeconds:0.000})",
        UtteranceEnded u => $"ended {u.SpeechStart.TotalSeconds:0.000}–{u.SpeechEnd.TotalSeconds:0.000} (known {u.DetectedAt.TotalSeconds:0.000}, {u.Reason})",
        _ => e.ToString(),
    }));

    [Theory]
    [MemberData(nameof(Detectors))]
    public async Task Process_QuestionBetweenSilences_OneUtteranceWithStartAndEndWithinTolerance(string name)
    {
        var speech = await VadTestAudio.SpeechAsync("How do I apply for the old age pension?", TestContext.Current.CancellationToken);
        var signal = VadTestAudio.Concat(VadTestAudio.Silence(TimeSpan.FromSeconds(1)), speech, VadTestAudio.Silence(TimeSpan.FromSeconds(2)));
        var trueStart = TimeSpan.FromSeconds(1);
        var trueEnd = trueStart + VadTestAudio.Time(speech.Length);
        using var detector = Create(name);

        var events = Run(detector, signal);

        output.WriteLine($"{detector.Name}: speech {trueStart.TotalSeconds:0.000}–{trueEnd.TotalSeconds:0.000}; {Describe(events)}");
        Assert.Equal(2, events.Count);
        var started = Assert.IsType<SpeechStarted>(events[0]);
        var ended = Assert.IsType<UtteranceEnded>(events[1]);
        Assert.Equal(UtteranceEndReason.Silence, ended.Reason);
        Assert.InRange(started.SpeechStart.TotalSeconds, trueStart.TotalSeconds - 0.05, trueStart.TotalSeconds + 0.2);
        Assert.InRange(started.DetectedAt.TotalSeconds, trueStart.TotalSeconds + 0.1, trueStart.TotalSeconds + 0.35); // barge-in latency
        Assert.InRange(ended.SpeechEnd.TotalSeconds, trueEnd.TotalSeconds - 0.2, trueEnd.TotalSeconds + 0.25);
        Assert.InRange((ended.DetectedAt - ended.SpeechEnd).TotalMilliseconds, 700, 720);
        Assert.True(ended.Audio.Timestamp <= trueStart && ended.Audio.End >= trueEnd, "the utterance's audio covers the whole question");
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Process_FiveSecondsOfSilence_NoUtterance(string name)
    {
        using var detector = Create(name);

        Assert.Empty(Run(detector, VadTestAudio.Silence(TimeSpan.FromSeconds(5))));
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Process_WhiteNoiseAtMinus30Dbfs_NoUtterance(string name)
    {
        using var detector = Create(name);

        var events = Run(detector, VadTestAudio.Noise(TimeSpan.FromSeconds(5), -30));

        output.WriteLine($"{detector.Name}: {Describe(events)}");
        Assert.Empty(events);
    }

    [Fact]
    public void Process_NoiseStartingAfterSilence_SileroStaysQuietWhereEnergyCannot()
    {
        var signal = VadTestAudio.Concat(VadTestAudio.Silence(TimeSpan.FromSeconds(1)), VadTestAudio.Noise(TimeSpan.FromSeconds(4), -30));
        using var silero = new SileroVoiceActivityDetector();
        using var energy = new EnergyVoiceActivityDetector();

        var fromSilero = Run(silero, signal);
        var fromEnergy = Run(energy, signal);

        output.WriteLine($"silero: {Describe(fromSilero)}; energy: {Describe(fromEnergy)}");
        Assert.Empty(fromSilero);
        Assert.NotEmpty(fromEnergy); // documents the fallback's known weakness: a noise onset looks like speech until its floor catches up
    }

    [Fact]
    public async Task Process_QuestionInNoiseAtMinus30Dbfs_SileroFindsIt()
    {
        var speech = await VadTestAudio.SpeechAsync("What documents do I need for the ration card?", TestContext.Current.CancellationToken);
        var noise = VadTestAudio.Noise(TimeSpan.FromSeconds(1 + VadTestAudio.Time(speech.Length).TotalSeconds + 2), -30);
        var signal = (short[])noise.Clone();
        for (var i = 0; i < speech.Length; i++)
        {
            signal[8000 + i] = (short)Math.Clamp(signal[8000 + i] + speech[i], short.MinValue, short.MaxValue);
        }

        using var detector = new SileroVoiceActivityDetector();
        var events = Run(detector, signal);

        output.WriteLine($"speech 1.000–{1 + VadTestAudio.Time(speech.Length).TotalSeconds:0.000} at {AudioLevel.RmsDbfs(speech):0.0} dBFS in −30 dBFS noise; {Describe(events)}");
        var ended = Assert.Single(events.OfType<UtteranceEnded>());
        Assert.InRange(ended.SpeechStart.TotalSeconds, 0.95, 1.3);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Process_ClicksShorterThan100Ms_AreIgnored(string name)
    {
        var gap = VadTestAudio.Silence(TimeSpan.FromSeconds(1));
        var signal = VadTestAudio.Concat(gap, VadTestAudio.Click(TimeSpan.FromMilliseconds(20)), gap, VadTestAudio.Click(TimeSpan.FromMilliseconds(40)), gap,
            VadTestAudio.Click(TimeSpan.FromMilliseconds(60)), gap);
        using var detector = Create(name);

        var events = Run(detector, signal);

        output.WriteLine($"{detector.Name}: {Describe(events)}");
        Assert.Empty(events);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public async Task Process_TwoMinutesOfContinuousSpeech_IsCutAtTheMaximumLengthRepeatedly(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        string[] sentences =
        [
            "Under this scheme every farmer family gets six thousand rupees a year in three instalments",
            "you can apply at the common service centre with your Aadhaar card and your bank passbook",
            "the old age pension is paid every month to people above sixty years of age",
            "my mother has not received her pension since March and I want to know why",
        ];
        var pieces = new List<short[]>();
        foreach (var s in sentences)
        {
            pieces.Add(await VadTestAudio.SpeechAsync(s, ct));
            pieces.Add(VadTestAudio.Silence(TimeSpan.FromMilliseconds(150))); // breaths, far shorter than the 700 ms end silence
        }

        var once = VadTestAudio.Concat([.. pieces]);
        var total = 120 * VadTestAudio.Rate;
        var signal = Enumerable.Range(0, total).Select(i => once[i % once.Length]).ToArray();
        var options = new EndpointerOptions { MaxUtterance = TimeSpan.FromSeconds(15) };
        using var detector = Create(name);

        var events = Run(detector, signal, options);

        var utterances = events.OfType<UtteranceEnded>().ToList();
        output.WriteLine($"{detector.Name}: {utterances.Count} utterances: " +
            string.Join(", ", utterances.Select(u => $"{(u.DetectedAt - u.SpeechStart).TotalSeconds:0.0} s {u.Reason}")));
        Assert.InRange(utterances.Count, 8, 10);
        Assert.True(utterances.Count(u => u.Reason == UtteranceEndReason.MaxLength) >= 7);
        Assert.All(utterances, u => Assert.True(u.DetectedAt - u.SpeechStart <= options.MaxUtterance + VadTestAudio.Frame));
        Assert.All(utterances, u => Assert.True(u.Audio.Duration <= options.MaxUtterance + options.PreRoll + VadTestAudio.Frame));
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public async Task IsSpeech_OneMinuteOfSpeechAndSilence_CostPerSecondOfAudio(string name)
    {
        var speech = await VadTestAudio.SpeechAsync("Please tell me about the scholarship for students of class nine and ten.", TestContext.Current.CancellationToken);
        var block = VadTestAudio.Concat(speech, VadTestAudio.Silence(TimeSpan.FromSeconds(1)), VadTestAudio.Noise(TimeSpan.FromSeconds(1), -45));
        var signal = Enumerable.Range(0, 60 * VadTestAudio.Rate).Select(i => block[i % block.Length]).ToArray();
        var frames = VadTestAudio.Frames(signal).ToList();
        using var detector = Create(name);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        var speechFrames = frames.Count(detector.IsSpeech);

        clock.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{detector.Name}: {clock.Elapsed.TotalMilliseconds / 60:0.00} ms wall, {cpuUsed.TotalMilliseconds / 60:0.00} ms CPU per second of 8 kHz audio " +
            $"({frames.Count} frames of 20 ms, {speechFrames * 100 / frames.Count} % speech)");
        Assert.InRange(speechFrames, frames.Count / 5, frames.Count * 4 / 5);
    }

    [Fact]
    public void CreateDefault_Here_IsSileroAndSaysSo()
    {
        var lines = new List<string>();

        using var detector = VoiceActivityDetection.CreateDefault(8000, lines.Add);

        Assert.IsType<SileroVoiceActivityDetector>(detector);
        Assert.StartsWith("voice activity: silero-v5", Assert.Single(lines));
        Assert.Contains("silero_vad.onnx", lines[0]);
    }

    [Fact]
    public void CreateDefault_ModelMissing_FallsBackToEnergyAndSaysWhy()
    {
        var lines = new List<string>();

        using var detector = VoiceActivityDetection.CreateDefault(8000, lines.Add, "/nonexistent/silero_vad.onnx");

        Assert.IsType<EnergyVoiceActivityDetector>(detector);
        Assert.StartsWith("voice activity: energy (Silero unavailable:", Assert.Single(lines));
        Assert.Contains("/nonexistent/silero_vad.onnx", lines[0]);
    }
}
