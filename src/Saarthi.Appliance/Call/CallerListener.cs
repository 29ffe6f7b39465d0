using System.Diagnostics;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;
using Saarthi.Speech.Vad;

namespace Saarthi.Appliance.Call;

/// <summary>What the kiosk makes of the caller's audio.</summary>
public abstract record CallerSound
{
    /// <summary>A key tone (in-band DTMF).</summary>
    public sealed record Key(char Digit) : CallerSound;

    /// <summary>The caller started speaking (barge-in while the kiosk talks).</summary>
    public sealed record SpeechStarted(TimeSpan At) : CallerSound;

    /// <summary>
    /// The caller has been quiet for <see cref="CallOptions.EarlyRecognitionAfter"/>: the utterance probably ends here.
    /// <see cref="Audio"/> is what the endpointer will hand over if the quiet lasts, so recognition can start now.
    /// </summary>
    public sealed record SpeechPaused(AudioFrame Audio, TimeSpan SpeechStart, TimeSpan SpeechEnd) : CallerSound;

    /// <summary>
    /// A whole utterance (ended by silence, or cut at the maximum length). <see cref="EndpointDelay"/> is the time from
    /// the arrival of the caller's last speech to the endpointer's decision, and <see cref="SpeechEndedTimestamp"/> the
    /// <see cref="Stopwatch"/> time of that arrival: "end of the caller's speech" for the latency figures.
    /// </summary>
    public sealed record Utterance(AudioFrame Audio, TimeSpan SpeechStart, TimeSpan SpeechEnd, UtteranceEndReason Reason,
        TimeSpan EndpointDelay, long SpeechEndedTimestamp) : CallerSound;
}

/// <summary>
/// The caller's side of a call, frame by frame: key tones (in-band DTMF) and speech (the Speech endpointer over the
/// shared voice activity detector). Frames are restamped on a stream clock from the call's first sample, so the
/// endpointer's times are the line's whatever the source stamped. Key tones are replaced by silence for the endpointer
/// (a key is not speech, and the stream stays continuous). While the caller pauses it offers the utterance so far
/// (<see cref="CallerSound.SpeechPaused"/>) so the recogniser can start before the endpoint is certain.
/// Not thread-safe: one per call, fed by one loop.
/// </summary>
public sealed class CallerListener : IDisposable
{
    private const int Rate = 8000;
    private readonly Endpointer _endpointer;
    private readonly DtmfDetector _dtmf = new(Rate);
    private readonly TimeSpan? _earlyAfter;
    private readonly SpeechObserver _observer;
    private readonly List<short> _audio = [];                 // recent audio: the pre-roll while idle, the utterance so far in speech
    private readonly Queue<(TimeSpan End, long Arrived)> _arrivals = new();
    private TimeSpan _audioStart;
    private TimeSpan _streamTime;
    private TimeSpan _speechStart;
    private TimeSpan _lastSpeechEnd;
    private TimeSpan? _offeredEnd;

    /// <param name="detector">The call's voice activity detector (8 kHz); reset here, not disposed.</param>
    /// <param name="options">Endpointer timing.</param>
    /// <param name="earlyAfter">Quiet after which the utterance so far is offered for early recognition; null: never.</param>
    public CallerListener(IVoiceActivityDetector detector, EndpointerOptions options, TimeSpan? earlyAfter)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(options);
        if (detector.SampleRate != Rate) throw new ArgumentException($"The call's detector must take {Rate} Hz frames; it takes {detector.SampleRate} Hz.", nameof(detector));
        _observer = new SpeechObserver(detector);
        _endpointer = new Endpointer(_observer, options);
        _endpointer.Reset();
        // The offered audio must reach the post-roll the endpointer will include.
        _earlyAfter = earlyAfter is { } e && e > TimeSpan.Zero ? (e < options.PostRoll ? options.PostRoll : e) : null;
    }

    /// <summary>The detector in use ("silero-v5 …", "energy").</summary>
    public string DetectorName => _endpointer.DetectorName;

    /// <summary>One frame of the line (any rate, mono or stereo); returns what it completed.</summary>
    public IReadOnlyList<CallerSound> Process(AudioFrame raw)
    {
        long arrived = Stopwatch.GetTimestamp();
        var mono = raw.ToMono();
        var samples = mono.Format.SampleRate == Rate ? mono.Samples : Resampler.Resample(mono.Samples.Span, mono.Format.SampleRate, Rate);
        var frame = new AudioFrame(AudioFormat.Telephone8k, samples, _streamTime);
        _streamTime = frame.End;
        _arrivals.Enqueue((frame.End, arrived));
        while (_arrivals.Count > 256) _arrivals.Dequeue();

        var sounds = new List<CallerSound>();
        var keys = _dtmf.Process(frame);
        foreach (var k in keys) sounds.Add(new CallerSound.Key(k.Key));
        if (keys.Count > 0 || _dtmf.ActiveKey is not null) frame = new AudioFrame(AudioFormat.Telephone8k, new short[samples.Length], frame.Timestamp);

        Keep(frame);
        foreach (var e in _endpointer.Process(frame))
        {
            switch (e)
            {
                case Speech.Vad.SpeechStarted s:
                    _speechStart = s.SpeechStart;
                    _lastSpeechEnd = s.DetectedAt;
                    _offeredEnd = null;
                    Trim(s.SpeechStart - _endpointer.Options.PreRoll); // a long talk cut at the maximum length starts again here
                    sounds.Add(new CallerSound.SpeechStarted(s.SpeechStart));
                    break;
                case UtteranceEnded u:
                    long speechArrived = ArrivalOf(u.SpeechEnd) ?? arrived;
                    sounds.Add(new CallerSound.Utterance(u.Audio, u.SpeechStart, u.SpeechEnd, u.Reason,
                        Stopwatch.GetElapsedTime(speechArrived, arrived), speechArrived));
                    _offeredEnd = null;
                    break;
            }
        }
        if (_endpointer.InSpeech)
        {
            if (_observer.LastDecision) _lastSpeechEnd = frame.End;
            if (_earlyAfter is { } early && frame.End - _lastSpeechEnd >= early && _offeredEnd != _lastSpeechEnd)
            {
                _offeredEnd = _lastSpeechEnd;
                sounds.Add(new CallerSound.SpeechPaused(Slice(_speechStart - _endpointer.Options.PreRoll, _lastSpeechEnd + _endpointer.Options.PostRoll),
                    _speechStart, _lastSpeechEnd));
            }
        }
        else Trim(frame.End - _endpointer.Options.PreRoll - TimeSpan.FromMilliseconds(100));
        return sounds;
    }

    /// <summary>Nothing native of its own: the detector belongs to the call services and outlives the call.</summary>
    public void Dispose() => _observer.Dispose();

    private void Keep(AudioFrame frame)
    {
        if (_audio.Count == 0) _audioStart = frame.Timestamp;
        _audio.AddRange(frame.Samples.Span);
    }

    private void Trim(TimeSpan keepFrom)
    {
        int drop = (int)Math.Clamp(AudioFormat.Telephone8k.FramesIn(keepFrom - _audioStart), 0, _audio.Count);
        if (drop == 0) return;
        _audio.RemoveRange(0, drop);
        _audioStart += AudioFormat.Telephone8k.DurationOf(drop);
    }

    private AudioFrame Slice(TimeSpan from, TimeSpan to)
    {
        if (from < _audioStart) from = _audioStart;
        int start = (int)Math.Clamp(AudioFormat.Telephone8k.FramesIn(from - _audioStart), 0, _audio.Count);
        int end = (int)Math.Clamp(AudioFormat.Telephone8k.FramesIn(to - _audioStart), start, _audio.Count);
        return new AudioFrame(AudioFormat.Telephone8k, _audio.GetRange(start, end - start).ToArray(), _audioStart + AudioFormat.Telephone8k.DurationOf(start));
    }

    private long? ArrivalOf(TimeSpan streamTime)
    {
        foreach (var (end, arrived) in _arrivals)
            if (end >= streamTime) return arrived;
        return null;
    }

    /// <summary>The shared detector, with its last decision visible (the endpointer keeps its own to itself).</summary>
    private sealed class SpeechObserver(IVoiceActivityDetector inner) : IVoiceActivityDetector
    {
        public bool LastDecision { get; private set; }

        public string Name => inner.Name;

        public int SampleRate => inner.SampleRate;

        public bool IsSpeech(AudioFrame frame) => LastDecision = inner.IsSpeech(frame);

        public void Reset()
        {
            LastDecision = false;
            inner.Reset();
        }

        // The detector belongs to the call services, which outlive the call.
        public void Dispose() { }
    }
}
