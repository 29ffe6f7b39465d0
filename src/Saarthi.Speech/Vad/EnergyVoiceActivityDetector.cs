using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Vad;

/// <summary>
/// Energy VAD, the fallback when Silero cannot load: a 10 ms analysis frame is speech when it stands
/// <see cref="ThresholdDb"/> above <see cref="LevelMeter"/>'s noise floor and above <see cref="MinimumDbfs"/> (a line at
/// digital silence has no floor to rise above). A frame of any length is speech when any of its 10 ms parts is, or was
/// within <see cref="HangOver"/>. It cannot tell speech from a noise that starts loud after quiet until the floor has
/// risen to it (3 dB/s), and it hears any loud stationary sound at first; Silero does not have those faults.
/// </summary>
public sealed class EnergyVoiceActivityDetector : IVoiceActivityDetector
{
    private readonly List<LevelReading> _readings = [];
    private LevelMeter _meter;
    private TimeSpan _sinceVoiced = TimeSpan.MaxValue;

    public EnergyVoiceActivityDetector(int sampleRate = 8000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        SampleRate = sampleRate;
        _meter = NewMeter();
    }

    public string Name => "energy";

    public int SampleRate { get; }

    /// <summary>Level above the noise floor that counts as speech (12 dB).</summary>
    public float ThresholdDb { get; init; } = 12f;

    /// <summary>Below this level nothing is speech (−50 dBFS).</summary>
    public float MinimumDbfs { get; init; } = -50f;

    /// <summary>How long a voiced 10 ms frame keeps the detector "in speech". None by default: the endpointer bridges dips, and a hang-over would lengthen clicks past its minimum.</summary>
    public TimeSpan HangOver { get; init; } = TimeSpan.Zero;

    public bool IsSpeech(AudioFrame frame)
    {
        CheckFormat(frame, SampleRate);
        _readings.Clear();
        _meter.Process(frame.Samples.Span, _readings);
        var step = TimeSpan.FromMilliseconds(10);
        foreach (var r in _readings)
        {
            var voiced = r.AboveFloorDb > ThresholdDb && r.RmsDbfs > MinimumDbfs;
            _sinceVoiced = voiced ? TimeSpan.Zero : _sinceVoiced == TimeSpan.MaxValue ? _sinceVoiced : _sinceVoiced + step;
        }

        return _sinceVoiced <= HangOver;
    }

    public void Reset()
    {
        _meter = NewMeter();
        _sinceVoiced = TimeSpan.MaxValue;
    }

    public void Dispose()
    {
    }

    internal static void CheckFormat(AudioFrame frame, int sampleRate)
    {
        if (frame.Format.SampleRate != sampleRate || frame.Format.Channels != 1)
        {
            throw new ArgumentException($"The detector takes mono {sampleRate} Hz frames; got {frame.Format}.", nameof(frame));
        }
    }

    private LevelMeter NewMeter() => new(SampleRate, TimeSpan.FromMilliseconds(10));
}
