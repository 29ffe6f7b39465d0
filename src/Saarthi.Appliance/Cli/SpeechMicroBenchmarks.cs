using BenchmarkDotNet.Attributes;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;
using Saarthi.Speech.Vad;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// The per-frame audio stages of a call, each benchmark processing one second of 8 kHz caller audio in 20 ms frames
/// (so BenchmarkDotNet's mean is the cost per second of audio): resampling 8 → 16 kHz for the recogniser, the DTMF
/// detector, and the two voice activity detectors. Run in-process by <see cref="SpeechBench"/>.
/// </summary>
[MemoryDiagnoser]
public class SpeechMicroBenchmarks : IDisposable
{
    private const int Rate = 8000;
    private const int FrameSamples = Rate / 50;
    private readonly List<DtmfDigit> _digits = [];
    private AudioFrame[] _frames = [];
    private float[] _floats = [];
    private DtmfDetector _dtmf = null!;
    private Resampler _resampler = null!;
    private IVoiceActivityDetector _energy = null!;
    private IVoiceActivityDetector _silero = null!;

    /// <summary>Which detector the Silero benchmark really ran ("silero-v5 …", or "energy" when Silero cannot load here).</summary>
    public static string SileroName { get; private set; } = "not run";

    [GlobalSetup]
    public void Setup()
    {
        // Speech-like test audio: a vowel with harmonics, amplitude-modulated at syllable rate, and a key press in it.
        var samples = new float[Rate];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / (double)Rate;
            var envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * t));
            samples[i] = (float)(envelope * 0.2 * (Math.Sin(2 * Math.PI * 150 * t) + (0.5 * Math.Sin(2 * Math.PI * 450 * t)) + (0.3 * Math.Sin(2 * Math.PI * 1200 * t))));
        }

        DtmfGenerator.AddTone(samples.AsSpan(Rate / 2, Rate / 10), '5', Rate);
        _floats = samples;
        var pcm = SampleConvert.ToInt16(samples);
        _frames = AudioFrame.Split(AudioFormat.Telephone8k, pcm, TimeSpan.FromMilliseconds(20)).ToArray();
        _dtmf = new DtmfDetector(Rate);
        _resampler = new Resampler(Rate, 16000);
        _energy = new EnergyVoiceActivityDetector(Rate);
        _silero = VoiceActivityDetection.CreateDefault(Rate);
        SileroName = _silero.Name;
    }

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _energy?.Dispose();
        _silero?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "resample 8->16 kHz")]
    public int Resample()
    {
        var n = 0;
        for (var i = 0; i + FrameSamples <= _floats.Length; i += FrameSamples)
        {
            n += _resampler.Process(_floats.AsSpan(i, FrameSamples)).Length;
        }

        return n;
    }

    [Benchmark(Description = "dtmf detector")]
    public int Dtmf()
    {
        _digits.Clear();
        _dtmf.Reset();
        foreach (var frame in _frames)
        {
            _dtmf.Process(frame.Samples.Span, _digits);
        }

        return _digits.Count;
    }

    [Benchmark(Description = "vad energy")]
    public int EnergyVad() => Count(_energy);

    [Benchmark(Description = "vad silero")]
    public int SileroVad() => Count(_silero);

    private int Count(IVoiceActivityDetector vad)
    {
        var speech = 0;
        foreach (var frame in _frames)
        {
            speech += vad.IsSpeech(frame) ? 1 : 0;
        }

        return speech;
    }
}
