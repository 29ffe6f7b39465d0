using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;
using Saarthi.Speech.Tests.Audio;

namespace Saarthi.Speech.Tests.Dtmf;

internal static class DtmfTestKit
{
    public static List<DtmfDigit> Detect(float[] samples, int sampleRate, DtmfDetectorOptions? options = null)
    {
        var detector = new DtmfDetector(sampleRate, options);
        var digits = new List<DtmfDigit>();
        detector.Process(samples, digits);
        return digits;
    }

    public static string Keys(IEnumerable<DtmfDigit> digits) => string.Concat(digits.Select(d => d.Key));

    /// <summary>Adds white noise so that the signal (both tones together) is <paramref name="snrDb"/> above it, over the full band.</summary>
    public static float[] WithNoise(float[] signal, float toneLevelDbfs, double snrDb, int seed)
    {
        var signalRms = AudioLevel.FromDbfs(toneLevelDbfs) * Math.Sqrt(2); // two tones of equal level
        var noise = TestSignals.WhiteNoise(signal.Length, signalRms / Math.Pow(10, snrDb / 20), seed);
        var result = new float[signal.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = signal[i] + noise[i];
        }

        return result;
    }

    /// <summary>Silence of <paramref name="lead"/> samples, a tone of <paramref name="tone"/> samples, then 100 ms silence.</summary>
    public static float[] SingleTone(char key, int sampleRate, int lead, int tone, DtmfToneOptions? options = null)
    {
        var x = new float[lead + tone + (sampleRate / 10)];
        DtmfGenerator.AddTone(x.AsSpan(lead, tone), key, sampleRate, options);
        return x;
    }
}
