using Saarthi.Speech.Audio;
using Saarthi.Speech.Tts;

namespace Saarthi.Speech.Tests.Vad;

/// <summary>Test signals at 8 kHz: espeak-ng speech (trimmed to its first and last audible sample), silence, white noise, clicks.</summary>
internal static class VadTestAudio
{
    public const int Rate = 8000;

    public static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    public static async Task<short[]> SpeechAsync(string text, CancellationToken cancellationToken, string language = "en")
    {
        var speech = await new EspeakSynthesizer().SynthesizeAsync(text, language, cancellationToken: cancellationToken);
        var narrow = Resampler.Resample(speech.Samples, speech.SampleRate, Rate);
        return Trim(narrow);
    }

    /// <summary>Cuts leading and trailing samples quieter than −50 dBFS.</summary>
    public static short[] Trim(short[] x)
    {
        const int threshold = 104; // −50 dBFS
        var first = Array.FindIndex(x, s => Math.Abs((int)s) > threshold);
        var last = Array.FindLastIndex(x, s => Math.Abs((int)s) > threshold);
        return first < 0 ? [] : x[first..(last + 1)];
    }

    public static short[] Silence(TimeSpan duration) => new short[(int)(duration.TotalSeconds * Rate)];

    public static short[] Noise(TimeSpan duration, float rmsDbfs, int seed = 11)
    {
        var random = new Random(seed);
        var rms = AudioLevel.FromDbfs(rmsDbfs) * 32768;
        var x = new short[(int)(duration.TotalSeconds * Rate)];
        for (var i = 0; i < x.Length; i++)
        {
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            x[i] = (short)Math.Clamp(Math.Round(g * rms), short.MinValue, short.MaxValue);
        }

        return x;
    }

    /// <summary>A loud 1 kHz burst of <paramref name="duration"/> with a sharp edge: a line click or a handset knock.</summary>
    public static short[] Click(TimeSpan duration)
    {
        var n = (int)(duration.TotalSeconds * Rate);
        return [.. Enumerable.Range(0, n).Select(i => (short)(20000 * Math.Sin(2 * Math.PI * 1000 * i / Rate)))];
    }

    public static short[] Concat(params short[][] parts) => [.. parts.SelectMany(p => p)];

    public static TimeSpan Time(int samples) => TimeSpan.FromSeconds(samples / (double)Rate);

    /// <summary>Cuts a signal into 20 ms frames stamped from zero.</summary>
    public static IEnumerable<AudioFrame> Frames(short[] signal) => AudioFrame.Split(AudioFormat.Telephone8k, signal, Frame);
}
