using System.Numerics;
using System.Runtime.CompilerServices;
using Saarthi.Speech.Audio;

namespace Saarthi.Speech.Dtmf;

/// <summary>
/// Streaming DTMF detector (8 kHz, 16 kHz or any rate ≥ 8 kHz).
/// <para>
/// Every 4 ms a 20 ms Hann-windowed block is analysed with Goertzel filters at the eight DTMF frequencies and their
/// second harmonics. A block is a <em>hit</em> for a key when: both tones reach the minimum level; the twist is
/// within limits; each tone stands well above the other tones of its group (relative peak); the two tones hold most
/// of the block's energy (talk-off); their second harmonics are weak; and the block's four quarters have similar
/// energy (the tone fills the block, which is what makes the duration limits sharp).
/// </para>
/// <para>
/// A key is reported after <see cref="DtmfDetectorOptions.HitsToConfirm"/> consecutive hits, provided that the
/// frequencies measured from the phase advance between successive blocks are within the allowed deviation. It is
/// released after <see cref="DtmfDetectorOptions.MissesToRelease"/> consecutive non-hits of which at least one shows
/// a held tone gone (or after <see cref="DtmfDetectorOptions.MissesToForceRelease"/> whatever they show), so one press
/// gives one digit, a dropout of a few milliseconds inside a press is bridged, and a repeat after a 40 ms pause gives
/// another digit.
/// </para>
/// <para>Not thread-safe: one detector per call, fed from one consumer.</para>
/// </summary>
public sealed class DtmfDetector
{
    private const double LevelProbeOffset = 0.0125; // extra bins at ±1.25 % take the scalloping out of level estimates
    private const float AbsentFraction = 0.1f;      // a held tone below 10 % (−20 dB) of its level has stopped

    private readonly DtmfDetectorOptions _options;
    private readonly int _sampleRate;
    private readonly int _window;
    private readonly int _hop;
    private readonly float[] _hann;
    private readonly float _hannSum;
    private readonly float _hannSquareSum;
    private readonly float[] _ring;
    private readonly float[] _block;
    private readonly Bin[] _rows;
    private readonly Bin[] _columns;
    private readonly Bin[] _rowHarmonics;
    private readonly Bin[] _columnHarmonics;
    private readonly bool[,] _skipRowHarmonic; // row harmonic lands next to this column: its leakage would fake a harmonic
    private readonly Complex[] _previous = new Complex[8];
    private readonly float[] _rowAmplitudes = new float[4];    // this block, every row (0 when the block was silent)
    private readonly float[] _columnAmplitudes = new float[4];
    private readonly float _minToneAmplitude;
    private readonly float _normalTwist;
    private readonly float _reverseTwist;
    private readonly float _relativePeak;
    private readonly float _harmonicLimit;
    private readonly float _envelopeLimit;

    private int _ringIndex;
    private int _sinceEvaluation;
    private long _samples;
    private TimeSpan _origin;
    private bool _originSet;

    private int _candidate = -1;     // key index of the current run of hits
    private int _run;
    private long _runStart;          // window start (samples) of the run's first hit
    private Complex _rowPhaseSum;
    private Complex _columnPhaseSum;
    private float _rowLevelSum;
    private float _columnLevelSum;
    private int _active = -1;        // key index currently held down (already reported)
    private int _misses;
    private bool _absentSeen;        // a miss since the last hit had the held key's tones (nearly) gone
    private float _heldRowAmplitude;
    private float _heldColumnAmplitude;

    public DtmfDetector(int sampleRate, DtmfDetectorOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 192_000);
        _options = options ?? new DtmfDetectorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.HitsToConfirm, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MissesToRelease, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MissesToForceRelease, _options.MissesToRelease, nameof(options));
        _sampleRate = sampleRate;
        _window = (int)AudioFormat.TimeToFrames(_options.WindowDuration, sampleRate);
        _hop = (int)AudioFormat.TimeToFrames(_options.HopDuration, sampleRate);
        if (_window < 64 || _hop < 1 || _hop > _window)
        {
            throw new ArgumentException($"Window {_window} and hop {_hop} samples do not make sense at {sampleRate} Hz.", nameof(options));
        }

        _hann = new float[_window];
        for (var n = 0; n < _window; n++)
        {
            _hann[n] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * (n + 0.5) / _window)));
            _hannSum += _hann[n];
            _hannSquareSum += _hann[n] * _hann[n];
        }

        _ring = new float[_window];
        _block = new float[_window];
        _rows = [.. DtmfKeypad.RowFrequencies.Select(f => new Bin(f, sampleRate))];
        _columns = [.. DtmfKeypad.ColumnFrequencies.Select(f => new Bin(f, sampleRate))];
        _rowHarmonics = [.. DtmfKeypad.RowFrequencies.Select(f => new Bin(2 * f, sampleRate))];
        _columnHarmonics = [.. DtmfKeypad.ColumnFrequencies.Select(f => new Bin(2 * f, sampleRate))];
        _skipRowHarmonic = new bool[4, 4];
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                _skipRowHarmonic[r, c] = Math.Abs((2 * DtmfKeypad.RowFrequencies[r]) - DtmfKeypad.ColumnFrequencies[c]) < 130;
            }
        }

        _minToneAmplitude = AudioLevel.FromDbfs(_options.MinToneLevelDbfs) * MathF.Sqrt(2);
        _normalTwist = AudioLevel.FromDbfs(_options.MaxNormalTwistDb);
        _reverseTwist = AudioLevel.FromDbfs(_options.MaxReverseTwistDb);
        _relativePeak = MathF.Pow(10, _options.MinRelativePeakDb / 10);
        _harmonicLimit = MathF.Pow(10, -_options.MinSecondHarmonicRejectionDb / 10);
        _envelopeLimit = MathF.Pow(10, -_options.MaxEnvelopeVariationDb / 10);
    }

    public int SampleRate => _sampleRate;

    /// <summary>The key currently held down (already reported), or <c>null</c>.</summary>
    public char? ActiveKey => _active < 0 ? null : DtmfKeypad.Keys[_active];

    /// <summary>Stream time just after the last sample fed.</summary>
    public TimeSpan Position => _origin + AudioFormat.FramesToTime(_samples, _sampleRate);

    /// <summary>Forgets all audio and any held key; stream time restarts at zero.</summary>
    public void Reset()
    {
        Array.Clear(_ring);
        _ringIndex = 0;
        _sinceEvaluation = 0;
        _samples = 0;
        _origin = TimeSpan.Zero;
        _originSet = false;
        _candidate = -1;
        _run = 0;
        _active = -1;
        _misses = 0;
        _absentSeen = false;
    }

    /// <summary>Feeds mono samples in [-1, 1]; adds any newly confirmed key presses to <paramref name="digits"/>.</summary>
    public void Process(ReadOnlySpan<float> samples, ICollection<DtmfDigit> digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var x in samples)
        {
            _ring[_ringIndex] = x;
            _ringIndex = _ringIndex + 1 == _window ? 0 : _ringIndex + 1;
            _samples++;
            if (++_sinceEvaluation == _hop)
            {
                _sinceEvaluation = 0;
                Evaluate(digits);
            }
        }
    }

    /// <summary>Feeds mono 16-bit samples.</summary>
    public void Process(ReadOnlySpan<short> samples, ICollection<DtmfDigit> digits)
    {
        Span<float> buffer = stackalloc float[256];
        while (!samples.IsEmpty)
        {
            var n = Math.Min(samples.Length, buffer.Length);
            SampleConvert.ToFloat(samples[..n], buffer);
            Process(buffer[..n], digits);
            samples = samples[n..];
        }
    }

    /// <summary>
    /// Feeds one frame of a contiguous mono stream at this detector's rate; returns key presses confirmed by it.
    /// Timestamps are stream times offset by the first frame's <see cref="AudioFrame.Timestamp"/>.
    /// </summary>
    public IReadOnlyList<DtmfDigit> Process(AudioFrame frame)
    {
        if (frame.Format.SampleRate != _sampleRate || frame.Format.Channels != 1)
        {
            throw new ArgumentException($"Expected mono {_sampleRate} Hz frames, got {frame.Format}.", nameof(frame));
        }

        if (!_originSet)
        {
            _origin = frame.Timestamp - AudioFormat.FramesToTime(_samples, _sampleRate);
            _originSet = true;
        }

        var digits = new List<DtmfDigit>(0);
        Process(frame.Samples.Span, digits);
        return digits;
    }

    /// <summary>Runs a frame stream through a new detector and yields key presses as they are confirmed.</summary>
    public static async IAsyncEnumerable<DtmfDigit> DetectAsync(
        IAsyncEnumerable<AudioFrame> frames,
        DtmfDetectorOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        DtmfDetector? detector = null;
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            detector ??= new DtmfDetector(frame.Format.SampleRate, options);
            foreach (var digit in detector.Process(frame))
            {
                yield return digit;
            }
        }
    }

    private void Evaluate(ICollection<DtmfDigit> digits)
    {
        var hit = Analyse(out var rowX, out var columnX, out var rowAmplitude, out var columnAmplitude);
        if (hit >= 0 && hit == _candidate)
        {
            // Pulse-pair frequency estimate: phase advance of each tone's bin from the previous block.
            _rowPhaseSum += rowX * Complex.Conjugate(_previous[hit / 4]);
            _columnPhaseSum += columnX * Complex.Conjugate(_previous[4 + (hit % 4)]);
            _run++;
        }
        else if (hit >= 0)
        {
            _candidate = hit;
            _run = 1;
            _runStart = _samples - _window;
            _rowPhaseSum = Complex.Zero;
            _columnPhaseSum = Complex.Zero;
            _rowLevelSum = 0;
            _columnLevelSum = 0;
        }
        else
        {
            _candidate = -1;
            _run = 0;
        }

        if (hit >= 0)
        {
            _previous[hit / 4] = rowX;
            _previous[4 + (hit % 4)] = columnX;
            _rowLevelSum += rowAmplitude;
            _columnLevelSum += columnAmplitude;
        }

        if (_active >= 0)
        {
            if (hit == _active)
            {
                _misses = 0;
                _absentSeen = false;
            }
            else
            {
                // A short interruption (a lost codec frame) spoils blocks without emptying them; a real pause or a
                // new key leaves blocks where one of the held tones has all but vanished.
                _misses++;
                _absentSeen |= _rowAmplitudes[_active / 4] < _heldRowAmplitude * AbsentFraction
                    || _columnAmplitudes[_active % 4] < _heldColumnAmplitude * AbsentFraction;
                if ((_misses >= _options.MissesToRelease && _absentSeen) || _misses >= _options.MissesToForceRelease)
                {
                    _active = -1;
                    _misses = 0;
                    _absentSeen = false;
                }
            }
        }

        if (_active < 0 && _candidate >= 0 && _run >= _options.HitsToConfirm)
        {
            var row = _rows[_candidate / 4];
            var column = _columns[_candidate % 4];
            var rowFrequency = row.Frequency + FrequencyOffset(_rowPhaseSum, row);
            var columnFrequency = column.Frequency + FrequencyOffset(_columnPhaseSum, column);
            if (Math.Abs(rowFrequency / row.Frequency - 1) <= _options.MaxFrequencyDeviation
                && Math.Abs(columnFrequency / column.Frequency - 1) <= _options.MaxFrequencyDeviation)
            {
                _active = _candidate;
                _misses = 0;
                _absentSeen = false;
                _heldRowAmplitude = _rowLevelSum / _run;
                _heldColumnAmplitude = _columnLevelSum / _run;
                var onset = _runStart + (_window / 10); // the first hit block is at least ~80 % covered
                digits.Add(new DtmfDigit(
                    DtmfKeypad.Keys[_candidate],
                    _origin + AudioFormat.FramesToTime(Math.Max(0, onset), _sampleRate),
                    (float)rowFrequency,
                    (float)columnFrequency,
                    AudioLevel.ToDbfs(_rowLevelSum / _run / MathF.Sqrt(2)),
                    AudioLevel.ToDbfs(_columnLevelSum / _run / MathF.Sqrt(2))));
            }
        }
    }

    // Phase advance over one hop → frequency offset from the bin centre, in Hz.
    private double FrequencyOffset(Complex phaseSum, Bin bin)
    {
        if (phaseSum == Complex.Zero)
        {
            return 0;
        }

        var advance = phaseSum * Complex.FromPolarCoordinates(1, -bin.Omega * _hop);
        return advance.Phase * _sampleRate / (2 * Math.PI * _hop);
    }

    // Returns the key index (row*4+column) if this block is a hit, else -1.
    private int Analyse(out Complex rowX, out Complex columnX, out float rowAmplitude, out float columnAmplitude)
    {
        rowX = columnX = Complex.Zero;
        rowAmplitude = columnAmplitude = 0;
        Array.Clear(_rowAmplitudes);
        Array.Clear(_columnAmplitudes);

        // Oldest sample first; raw quarter energies and windowed energy.
        var tail = _window - _ringIndex;
        _ring.AsSpan(_ringIndex, tail).CopyTo(_block);
        _ring.AsSpan(0, _ringIndex).CopyTo(_block.AsSpan(tail));
        Span<float> quarters = stackalloc float[4];
        var windowedEnergy = 0f;
        for (var n = 0; n < _window; n++)
        {
            var x = _block[n];
            quarters[n * 4 / _window] += x * x;
            x *= _hann[n];
            _block[n] = x;
            windowedEnergy += x * x;
        }

        // Cheap rejection of silence before any filter runs.
        var minToneEnergy = _minToneAmplitude * _minToneAmplitude / 2 * _hannSquareSum;
        if (windowedEnergy < 2 * minToneEnergy * _options.MinToneEnergyRatio)
        {
            return -1;
        }

        Span<float> rowPower = stackalloc float[4];
        Span<float> columnPower = stackalloc float[4];
        Span<Complex> rowValues = stackalloc Complex[4];
        Span<Complex> columnValues = stackalloc Complex[4];
        for (var i = 0; i < 4; i++)
        {
            rowValues[i] = _rows[i].Run(_block);
            columnValues[i] = _columns[i].Run(_block);
            rowPower[i] = (float)rowValues[i].Magnitude * (float)rowValues[i].Magnitude;
            columnPower[i] = (float)columnValues[i].Magnitude * (float)columnValues[i].Magnitude;
            _rowAmplitudes[i] = (float)rowValues[i].Magnitude * 2 / _hannSum;
            _columnAmplitudes[i] = (float)columnValues[i].Magnitude * 2 / _hannSum;
        }

        var r = ArgMax(rowPower);
        var c = ArgMax(columnPower);

        // Level (with the scalloping loss of an off-centre tone taken out).
        var rowMag = MaxProbe(_rows[r], rowPower[r]);
        var columnMag = MaxProbe(_columns[c], columnPower[c]);
        var toAmplitude = 2 / _hannSum;
        rowAmplitude = rowMag * toAmplitude;
        columnAmplitude = columnMag * toAmplitude;
        if (rowAmplitude < _minToneAmplitude || columnAmplitude < _minToneAmplitude)
        {
            return -1;
        }

        // Twist: normal = row louder, reverse = column louder.
        if (rowAmplitude > columnAmplitude * _normalTwist || columnAmplitude > rowAmplitude * _reverseTwist)
        {
            return -1;
        }

        // Relative peak within each group.
        for (var i = 0; i < 4; i++)
        {
            if ((i != r && rowPower[i] * _relativePeak > rowPower[r]) || (i != c && columnPower[i] * _relativePeak > columnPower[c]))
            {
                return -1;
            }
        }

        // Share of the block's energy held by the two tones (speech spreads its energy over many harmonics).
        var toneEnergy = ((rowAmplitude * rowAmplitude) + (columnAmplitude * columnAmplitude)) / 2 * _hannSquareSum;
        if (toneEnergy < _options.MinToneEnergyRatio * windowedEnergy)
        {
            return -1;
        }

        // Second harmonics.
        if (_columnHarmonics[c].Power(_block) > columnPower[c] * _harmonicLimit)
        {
            return -1;
        }

        if (!_skipRowHarmonic[r, c] && _rowHarmonics[r].Power(_block) > rowPower[r] * _harmonicLimit)
        {
            return -1;
        }

        // The tone must fill the block: no quarter much weaker than the strongest.
        var maxQuarter = MathF.Max(MathF.Max(quarters[0], quarters[1]), MathF.Max(quarters[2], quarters[3]));
        var minQuarter = MathF.Min(MathF.Min(quarters[0], quarters[1]), MathF.Min(quarters[2], quarters[3]));
        if (minQuarter < maxQuarter * _envelopeLimit)
        {
            return -1;
        }

        rowX = rowValues[r];
        columnX = columnValues[c];
        return (r * 4) + c;
    }

    private float MaxProbe(Bin bin, float centrePower)
    {
        var below = bin.Probe(_block, 1 - LevelProbeOffset);
        var above = bin.Probe(_block, 1 + LevelProbeOffset);
        return MathF.Sqrt(MathF.Max(centrePower, MathF.Max(below, above)));
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>One Goertzel filter at a fixed frequency.</summary>
    private sealed class Bin
    {
        private readonly float _coefficient;
        private readonly float _cos;
        private readonly float _sin;
        private readonly int _sampleRate;

        public Bin(double frequency, int sampleRate)
        {
            Frequency = frequency;
            Omega = 2 * Math.PI * frequency / sampleRate;
            _cos = (float)Math.Cos(Omega);
            _sin = (float)Math.Sin(Omega);
            _coefficient = 2 * _cos;
            _sampleRate = sampleRate;
        }

        public double Frequency { get; }

        public double Omega { get; }

        /// <summary>
        /// DFT value at this frequency, up to the fixed factor e^{iω(N−1)} (which cancels in phase differences
        /// between blocks of equal length).
        /// </summary>
        public Complex Run(ReadOnlySpan<float> x)
        {
            var (s1, s2) = Recurse(x, _coefficient);
            return new Complex(s1 - (_cos * s2), _sin * s2);
        }

        public float Power(ReadOnlySpan<float> x)
        {
            var (s1, s2) = Recurse(x, _coefficient);
            return (s1 * s1) + (s2 * s2) - (_coefficient * s1 * s2);
        }

        /// <summary>Power at this frequency scaled by <paramref name="factor"/>.</summary>
        public float Probe(ReadOnlySpan<float> x, double factor)
        {
            var coefficient = (float)(2 * Math.Cos(Omega * factor));
            var (s1, s2) = Recurse(x, coefficient);
            return (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        }

        public override string ToString() => $"{Frequency} Hz @ {_sampleRate}";

        private static (float S1, float S2) Recurse(ReadOnlySpan<float> x, float coefficient)
        {
            float s1 = 0, s2 = 0;
            foreach (var v in x)
            {
                var s0 = v + (coefficient * s1) - s2;
                s2 = s1;
                s1 = s0;
            }

            return (s1, s2);
        }
    }
}
