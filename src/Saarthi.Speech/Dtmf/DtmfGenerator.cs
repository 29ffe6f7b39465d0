using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Dtmf;

/// <summary>How <see cref="DtmfGenerator"/> shapes each key press.</summary>
public sealed record DtmfToneOptions
{
    public TimeSpan ToneDuration { get; init; } = TimeSpan.FromMilliseconds(70);

    /// <summary>Silence after each tone.</summary>
    public TimeSpan GapDuration { get; init; } = TimeSpan.FromMilliseconds(70);

    /// <summary>Silence before the first tone.</summary>
    public TimeSpan LeadingSilence { get; init; }

    /// <summary>RMS level of each of the two tones, in dBFS (before twist is split between them).</summary>
    public float LevelDbfs { get; init; } = -12f;

    /// <summary>
    /// Low-group level minus high-group level, in dB, split evenly around <see cref="LevelDbfs"/>. Positive is
    /// "normal" twist (row tone louder), negative "reverse" twist (column tone louder).
    /// </summary>
    public float TwistDb { get; init; }

    /// <summary>Relative frequency error of the low tone (0.015 = +1.5 %).</summary>
    public double LowFrequencyDeviation { get; init; }

    /// <summary>Relative frequency error of the high tone.</summary>
    public double HighFrequencyDeviation { get; init; }
}

/// <summary>Synthesises DTMF key presses (all 16 keys) as float samples in [-1, 1].</summary>
public static class DtmfGenerator
{
    /// <summary>Generates <paramref name="keys"/> one after another: optional leading silence, then tone + gap per key.</summary>
    public static float[] Generate(string keys, int sampleRate, DtmfToneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        options ??= new DtmfToneOptions();
        var lead = (int)AudioFormat.TimeToFrames(options.LeadingSilence, sampleRate);
        var tone = (int)AudioFormat.TimeToFrames(options.ToneDuration, sampleRate);
        var gap = (int)AudioFormat.TimeToFrames(options.GapDuration, sampleRate);
        var output = new float[lead + (keys.Length * (tone + gap))];
        for (var i = 0; i < keys.Length; i++)
        {
            AddTone(output.AsSpan(lead + (i * (tone + gap)), tone), keys[i], sampleRate, options);
        }

        return output;
    }

    /// <summary>As <see cref="Generate"/>, rounded to 16-bit PCM.</summary>
    public static short[] GeneratePcm(string keys, int sampleRate, DtmfToneOptions? options = null) =>
        SampleConvert.ToInt16(Generate(keys, sampleRate, options));

    /// <summary>Adds (mixes) one key's tone pair into <paramref name="destination"/>, filling all of it.</summary>
    public static void AddTone(Span<float> destination, char key, int sampleRate, DtmfToneOptions? options = null)
    {
        options ??= new DtmfToneOptions();
        var (low, high) = DtmfKeypad.Frequencies(key);
        var lowFrequency = low * (1 + options.LowFrequencyDeviation);
        var highFrequency = high * (1 + options.HighFrequencyDeviation);
        var lowAmplitude = AudioLevel.FromDbfs(options.LevelDbfs + (options.TwistDb / 2)) * MathF.Sqrt(2);
        var highAmplitude = AudioLevel.FromDbfs(options.LevelDbfs - (options.TwistDb / 2)) * MathF.Sqrt(2);
        var wLow = 2 * Math.PI * lowFrequency / sampleRate;
        var wHigh = 2 * Math.PI * highFrequency / sampleRate;
        for (var n = 0; n < destination.Length; n++)
        {
            destination[n] += (float)((lowAmplitude * Math.Sin(wLow * n)) + (highAmplitude * Math.Sin(wHigh * n)));
        }
    }
}
