using System.Runtime.CompilerServices;
using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Vad;

/// <summary>
/// Turns a stream of frames (20 ms, mono, at the detector's rate) into utterances, on top of an
/// <see cref="IVoiceActivityDetector"/>:
/// <list type="bullet">
/// <item><see cref="SpeechStarted"/> once speech has lasted <see cref="EndpointerOptions.MinSpeech"/> (shorter bursts
/// — clicks — are ignored), stamped with the first speech frame: usable for barge-in while the kiosk talks;</item>
/// <item><see cref="UtteranceEnded"/> after <see cref="EndpointerOptions.EndSilence"/> of silence
/// (<see cref="UtteranceEndReason.Silence"/>), or at <see cref="EndpointerOptions.MaxUtterance"/>
/// (<see cref="UtteranceEndReason.MaxLength"/>; if the caller is still talking a new utterance starts at once, so
/// two minutes of talk become several utterances, not one), or at <see cref="Flush"/> during speech.</item>
/// </list>
/// Time comes from the frames' timestamps, never from a clock. Not thread-safe: one endpointer per call.
/// </summary>
public sealed class Endpointer
{
    private readonly IVoiceActivityDetector _detector;
    private readonly List<short> _audio = [];  // recent audio (idle) or the utterance so far (in speech)
    private TimeSpan _audioStart;              // stream time of _audio[0]
    private bool _inSpeech;
    private TimeSpan? _runStart;               // idle: first speech frame of the current candidate run
    private TimeSpan _runSpeech;               // idle: speech inside the run
    private TimeSpan _runGap;                  // idle: trailing non-speech inside the run
    private TimeSpan _speechStart;             // in speech: start of the utterance
    private TimeSpan _lastSpeechEnd;           // in speech: end of the last speech frame
    private TimeSpan _streamEnd;               // end of the last frame processed
    private bool _started;

    public Endpointer(IVoiceActivityDetector detector, EndpointerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        Options = options ?? new EndpointerOptions();
        Options.Validate();
        _detector = detector;
    }

    public EndpointerOptions Options { get; }

    /// <summary>The detector's name (for logs).</summary>
    public string DetectorName => _detector.Name;

    /// <summary>Whether an utterance is open (speech started and has not ended).</summary>
    public bool InSpeech => _inSpeech;

    /// <summary>Feeds one frame; returns what it completed (usually nothing).</summary>
    public IReadOnlyList<EndpointEvent> Process(AudioFrame frame)
    {
        var mono = frame.ToMono();
        if (mono.Format.SampleRate != _detector.SampleRate)
        {
            throw new ArgumentException($"The endpointer takes {_detector.SampleRate} Hz frames (its detector's rate); got {mono.Format}.", nameof(frame));
        }

        var events = new List<EndpointEvent>();
        var speech = _detector.IsSpeech(mono);
        if (!_started || _audio.Count == 0)
        {
            _audioStart = mono.Timestamp - AudioFormat.FramesToTime(_audio.Count, mono.Format.SampleRate);
            _started = true;
        }

        _audio.AddRange(mono.Samples.Span);
        _streamEnd = mono.End;
        var duration = mono.Duration;
        if (!_inSpeech)
        {
            Idle(speech, mono, duration, events);
        }
        else
        {
            Speaking(speech, mono, events);
        }

        return events;
    }

    /// <summary>Ends the stream: an open utterance is closed with <see cref="UtteranceEndReason.EndOfStream"/>.</summary>
    public UtteranceEnded? Flush()
    {
        if (!_inSpeech)
        {
            ResetRun();
            return null;
        }

        var ended = Close(_lastSpeechEnd, _streamEnd, UtteranceEndReason.EndOfStream, keepTail: false);
        _inSpeech = false;
        return ended;
    }

    /// <summary>Forgets everything, the detector's state included (between calls).</summary>
    public void Reset()
    {
        _detector.Reset();
        _audio.Clear();
        _inSpeech = false;
        _started = false;
        ResetRun();
    }

    /// <summary>Runs the endpointer over a frame stream, flushing at its end.</summary>
    public async IAsyncEnumerable<EndpointEvent> ProcessAsync(
        IAsyncEnumerable<AudioFrame> frames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var e in Process(frame))
            {
                yield return e;
            }
        }

        if (Flush() is { } last)
        {
            yield return last;
        }
    }

    private void Idle(bool speech, AudioFrame frame, TimeSpan duration, List<EndpointEvent> events)
    {
        if (speech)
        {
            _runStart ??= frame.Timestamp;
            _runSpeech += duration;
            _runGap = TimeSpan.Zero;
        }
        else if (_runStart is not null)
        {
            _runGap += duration;
            if (_runGap > Options.StartGapTolerance)
            {
                ResetRun();
            }
        }

        if (_runStart is { } start && _runSpeech >= Options.MinSpeech)
        {
            Open(start, frame.End, events);
            _lastSpeechEnd = frame.End - _runGap;
            ResetRun();
            return;
        }

        // Keep only what a future utterance could need: the pre-roll before a run that may still start.
        var keepFrom = (_runStart ?? frame.End) - Options.PreRoll;
        Trim(keepFrom, frame.Format.SampleRate);
    }

    private void Speaking(bool speech, AudioFrame frame, List<EndpointEvent> events)
    {
        if (speech)
        {
            _lastSpeechEnd = frame.End;
        }

        if (frame.End - _lastSpeechEnd >= Options.EndSilence)
        {
            events.Add(Close(_lastSpeechEnd, frame.End, UtteranceEndReason.Silence, keepTail: true));
            _inSpeech = false;
            return;
        }

        if (frame.End - _speechStart >= Options.MaxUtterance)
        {
            var talking = speech;
            events.Add(Close(frame.End, frame.End, UtteranceEndReason.MaxLength, keepTail: false));
            _inSpeech = false;
            if (talking)
            {
                // The caller talks on: the next utterance starts here, without pre-roll (that audio was in this one).
                Open(frame.End, frame.End, events);
                _lastSpeechEnd = frame.End;
            }
        }
    }

    private void Open(TimeSpan speechStart, TimeSpan detectedAt, List<EndpointEvent> events)
    {
        _inSpeech = true;
        _speechStart = speechStart;
        var rate = _detector.SampleRate;
        Trim(speechStart - Options.PreRoll, rate);
        events.Add(new SpeechStarted(speechStart, detectedAt));
    }

    private UtteranceEnded Close(TimeSpan speechEnd, TimeSpan detectedAt, UtteranceEndReason reason, bool keepTail)
    {
        var rate = _detector.SampleRate;
        var end = reason == UtteranceEndReason.Silence ? speechEnd + Options.PostRoll : detectedAt;
        var count = (int)Math.Clamp(AudioFormat.TimeToFrames(end - _audioStart, rate), 0, _audio.Count);
        var samples = _audio.GetRange(0, count).ToArray();
        var audio = new AudioFrame(new AudioFormat(rate, 1, 16), samples, _audioStart);
        var ended = new UtteranceEnded(audio, _speechStart, speechEnd, detectedAt, reason);

        // What follows the utterance's audio stays as the start of the next one's pre-roll.
        _audio.RemoveRange(0, count);
        _audioStart += AudioFormat.FramesToTime(count, rate);
        if (!keepTail)
        {
            Trim(detectedAt - Options.PreRoll, rate);
        }

        ResetRun();
        return ended;
    }

    private void Trim(TimeSpan keepFrom, int rate)
    {
        var drop = (int)Math.Clamp(AudioFormat.TimeToFrames(keepFrom - _audioStart, rate), 0, _audio.Count);
        if (drop > 0)
        {
            _audio.RemoveRange(0, drop);
            _audioStart += AudioFormat.FramesToTime(drop, rate);
        }
    }

    private void ResetRun()
    {
        _runStart = null;
        _runSpeech = TimeSpan.Zero;
        _runGap = TimeSpan.Zero;
    }
}
