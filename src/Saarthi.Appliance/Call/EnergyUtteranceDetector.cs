using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Call;

/// <summary>
/// Endpointing by level above the line's noise floor: speech starts after ~100 ms of sound (clicks are ignored), an
/// utterance ends after ~700 ms of quiet, and a caller who talks on is cut at the maximum length so the kiosk still
/// answers. Works on any line with no model; the Silero detector replaces it where the VAD model loads.
/// </summary>
public sealed class EnergyUtteranceDetector : IUtteranceDetector
{
    private readonly LevelMeter _meter = new(8000, TimeSpan.FromMilliseconds(10));
    private readonly List<short> _utterance = [];
    private readonly List<short> _preroll = [];
    private readonly TimeSpan _endSilence;
    private readonly TimeSpan _maxLength;
    private readonly TimeSpan _minSpeech;
    private readonly float _thresholdDb;
    private TimeSpan _voicedRun;
    private TimeSpan _quietRun;
    private TimeSpan _utteranceStart;
    private bool _inSpeech;
    private bool _started;

    public EnergyUtteranceDetector(TimeSpan? endSilence = null, TimeSpan? maxLength = null, float thresholdDb = 12f)
    {
        _endSilence = endSilence ?? TimeSpan.FromMilliseconds(700);
        _maxLength = maxLength ?? TimeSpan.FromSeconds(15);
        _minSpeech = TimeSpan.FromMilliseconds(100);
        _thresholdDb = thresholdDb;
    }

    public string Name => "energy";

    public IReadOnlyList<VoiceEvent> Process(AudioFrame frame)
    {
        var events = new List<VoiceEvent>();
        if (frame.Format.SampleRate != 8000) throw new ArgumentException("the endpointer works on 8 kHz frames", nameof(frame));
        var samples = frame.ToMono().Samples.Span;
        foreach (var r in _meter.Process(samples))
        {
            // Absolute floor too: a line at digital silence has no noise to rise above.
            bool voiced = r.AboveFloorDb > _thresholdDb && r.RmsDbfs > -50f;
            var step = TimeSpan.FromMilliseconds(10);
            _voicedRun = voiced ? _voicedRun + step : TimeSpan.Zero;
            _quietRun = voiced ? TimeSpan.Zero : _quietRun + step;
            if (!_inSpeech && _voicedRun >= _minSpeech)
            {
                _inSpeech = true;
                _utteranceStart = r.Timestamp + frame.Timestamp - _voicedRun;
                if (!_started) { _started = true; events.Add(new VoiceEvent.SpeechStarted(_utteranceStart)); }
                _utterance.AddRange(_preroll);
            }
        }
        if (_inSpeech) _utterance.AddRange(samples.ToArray());
        else
        {
            // Keep the last 200 ms so the start of the first word is not clipped.
            _preroll.AddRange(samples.ToArray());
            if (_preroll.Count > 1600) _preroll.RemoveRange(0, _preroll.Count - 1600);
        }
        var length = TimeSpan.FromSeconds(_utterance.Count / 8000.0);
        if (_inSpeech && (_quietRun >= _endSilence || length >= _maxLength))
        {
            string reason = _quietRun >= _endSilence ? "silence" : "max_length";
            // The trailing quiet is not speech; 200 ms of it stay as padding for the recogniser.
            int quiet = (int)(_quietRun.TotalSeconds * 8000);
            int keep = Math.Max(0, _utterance.Count - quiet + 1600);
            var audio = new AudioFrame(AudioFormat.Telephone8k, _utterance.GetRange(0, Math.Min(keep, _utterance.Count)).ToArray(), _utteranceStart);
            events.Add(new VoiceEvent.UtteranceEnded(audio, frame.End - _quietRun, frame.End, reason));
            _utterance.Clear();
            _preroll.Clear();
            _inSpeech = false;
            _started = reason == "max_length"; // a cut monologue goes on: no new "started" for its next part
            _voicedRun = TimeSpan.Zero;
        }
        if (!_inSpeech && _quietRun >= _endSilence) _started = false;
        return events;
    }

    public void Reset()
    {
        _utterance.Clear();
        _preroll.Clear();
        _inSpeech = false;
        _started = false;
        _voicedRun = _quietRun = TimeSpan.Zero;
    }
}
