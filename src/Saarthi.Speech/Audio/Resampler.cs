using System.Numerics;
using System.Runtime.CompilerServices;

namespace Saarthi.Speech.Audio;

/// <summary>
/// Streaming polyphase windowed-sinc sample-rate converter for mono audio.
/// <para>
/// The ratio is reduced to L/M (22050→8000 is 160/441). Each of the L phases is a Kaiser-windowed sinc
/// (β≈7.9, ≈80 dB stop band) whose cut-off sits at the lower of the two Nyquist frequencies, with the pass band
/// ending at 85 % of it (3.4 kHz when the output is 8 kHz: the telephone band) and the stop band starting at it, so
/// downsampling rejects aliases and upsampling rejects images. Every phase is normalised to unity gain at DC.
/// </para>
/// <para>
/// Output sample n sits exactly at input time n·M/L (no group delay): the converter waits for half a filter of
/// look-ahead before emitting, and <see cref="Flush(Span{float})"/> emits the tail as if the input continued with
/// silence. Feeding the input in pieces of any size gives bit-identical output to feeding it at once.
/// </para>
/// </summary>
public sealed class Resampler
{
    /// <summary>Pass band edge as a fraction of the lower Nyquist frequency.</summary>
    public const double PassBandFraction = 0.85;

    /// <summary>Stop-band attenuation the Kaiser window is designed for, in dB.</summary>
    public const double StopBandAttenuationDb = 80;

    private const int MaxPhases = 4096;

    private readonly int _up;      // L
    private readonly int _down;    // M
    private readonly int _taps;    // N, even
    private readonly int _half;    // N/2
    private readonly float[] _kernels; // L rows of N taps
    private float[] _buffer;
    private int _bufferCount;
    private long _bufferStart;     // absolute input index of _buffer[0]
    private long _inputCount;      // input samples accepted
    private long _outputCount;     // output samples produced (n)
    private bool _flushed;
    private TimeSpan _origin;      // timestamp of the first frame given to Process(AudioFrame)

    public Resampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputRate, 768_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputRate, 768_000);
        InputRate = inputRate;
        OutputRate = outputRate;
        var g = Gcd(inputRate, outputRate);
        _up = outputRate / g;
        _down = inputRate / g;
        if (_up > MaxPhases)
        {
            throw new ArgumentException(
                $"Rate pair {inputRate}→{outputRate} Hz reduces to {_up}/{_down}; more than {MaxPhases} filter phases are not supported.", nameof(outputRate));
        }

        if (_up == _down)
        {
            _taps = 0;
            _half = 0;
            _kernels = [];
        }
        else
        {
            (_kernels, _taps) = DesignKernels(inputRate, outputRate, _up);
            _half = _taps / 2;
        }

        _buffer = new float[Math.Max(2 * _taps, 1024)];
        Reset();
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>Filter length in input samples (0 when the rates are equal and samples are copied).</summary>
    public int FilterLength => _taps;

    /// <summary>Input samples accepted since construction or <see cref="Reset"/>.</summary>
    public long InputCount => _inputCount;

    /// <summary>Output samples produced since construction or <see cref="Reset"/>.</summary>
    public long OutputCount => _outputCount;

    /// <summary>Output length for a whole input of <paramref name="inputLength"/> samples, once flushed: ceil(n·L/M).</summary>
    public long OutputLengthFor(long inputLength) => ((inputLength * _up) + _down - 1) / _down;

    /// <summary>An upper bound on what one <see cref="Process(ReadOnlySpan{float}, Span{float})"/> call with this many samples may write.</summary>
    public int MaxOutputFor(int inputLength) => (int)((((long)inputLength + _taps + 1) * _up / _down) + 2);

    /// <summary>Forgets all input; the next sample is stream time zero again.</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        _bufferStart = -_half; // the stream is preceded by silence
        _bufferCount = _half;
        _inputCount = 0;
        _outputCount = 0;
        _flushed = false;
    }

    /// <summary>
    /// Accepts <paramref name="input"/> and writes every output sample that can now be computed.
    /// Returns how many were written; <paramref name="output"/> must hold <see cref="MaxOutputFor"/> samples.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_flushed)
        {
            throw new InvalidOperationException("The resampler was flushed; call Reset before feeding a new stream.");
        }

        if (_up == _down)
        {
            input.CopyTo(output);
            _inputCount += input.Length;
            _outputCount += input.Length;
            return input.Length;
        }

        Append(input);
        _inputCount += input.Length;
        return Drain(output, long.MaxValue);
    }

    /// <summary>Emits the remaining output as though the input were followed by silence; ends the stream.</summary>
    public int Flush(Span<float> output)
    {
        if (_flushed)
        {
            return 0;
        }

        _flushed = true;
        if (_up == _down)
        {
            return 0;
        }

        Span<float> zeros = stackalloc float[256];
        zeros.Clear();
        for (var pad = _half + 1; pad > 0; pad -= zeros.Length)
        {
            Append(zeros[..Math.Min(pad, zeros.Length)]);
        }

        return Drain(output, OutputLengthFor(_inputCount));
    }

    /// <summary>Allocating convenience form of <see cref="Process(ReadOnlySpan{float}, Span{float})"/>.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[MaxOutputFor(input.Length)];
        var n = Process(input, output);
        return output.AsSpan(0, n).ToArray();
    }

    /// <summary>Allocating convenience form of <see cref="Flush(Span{float})"/>.</summary>
    public float[] Flush()
    {
        var output = new float[MaxOutputFor(0)];
        var n = Flush(output);
        return output.AsSpan(0, n).ToArray();
    }

    /// <summary>
    /// Resamples one frame of a contiguous mono stream. The returned frame holds the output samples this input made
    /// computable (possibly none at the very start), stamped with their own stream time at the output rate, offset by
    /// the first frame's timestamp.
    /// </summary>
    public AudioFrame Process(AudioFrame frame)
    {
        if (frame.Format.SampleRate != InputRate || frame.Format.Channels != 1)
        {
            throw new ArgumentException($"Expected mono {InputRate} Hz frames, got {frame.Format}.", nameof(frame));
        }

        if (_inputCount == 0)
        {
            _origin = frame.Timestamp;
        }

        var input = frame.ToFloat();
        var start = _outputCount;
        var output = Process(input);
        return AudioFrame.FromFloat(new AudioFormat(OutputRate, 1, 16), output, _origin + AudioFormat.FramesToTime(start, OutputRate));
    }

    /// <summary>The tail of a stream fed through <see cref="Process(AudioFrame)"/>, as a frame (possibly empty); ends the stream.</summary>
    public AudioFrame FlushFrame()
    {
        var start = _outputCount;
        var tail = Flush();
        return AudioFrame.FromFloat(new AudioFormat(OutputRate, 1, 16), tail, _origin + AudioFormat.FramesToTime(start, OutputRate));
    }

    /// <summary>
    /// Resamples a frame stream (downmixing to mono) to <paramref name="outputRate"/>, flushing the tail when the
    /// input ends. The input rate is taken from the first frame and must not change.
    /// </summary>
    public static async IAsyncEnumerable<AudioFrame> ResampleAsync(
        IAsyncEnumerable<AudioFrame> frames,
        int outputRate,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        Resampler? resampler = null;
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var mono = frame.ToMono();
            resampler ??= new Resampler(mono.Format.SampleRate, outputRate);
            var output = resampler.Process(mono);
            if (output.FrameCount > 0)
            {
                yield return output;
            }
        }

        if (resampler is not null)
        {
            var tail = resampler.FlushFrame();
            if (tail.FrameCount > 0)
            {
                yield return tail;
            }
        }
    }

    /// <summary>Resamples a whole signal at once (flushed): output length is ceil(n·out/in).</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate)
    {
        var r = new Resampler(inputRate, outputRate);
        var output = new float[r.MaxOutputFor(input.Length)];
        var n = r.Process(input, output);
        n += r.Flush(output.AsSpan(n));
        return output.AsSpan(0, n).ToArray();
    }

    /// <summary>Resamples 16-bit PCM at once, rounding and saturating the result.</summary>
    public static short[] Resample(ReadOnlySpan<short> input, int inputRate, int outputRate) =>
        SampleConvert.ToInt16(Resample(SampleConvert.ToFloat(input), inputRate, outputRate));

    private void Append(ReadOnlySpan<float> input)
    {
        if (_bufferCount + input.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bufferCount + input.Length));
        }

        input.CopyTo(_buffer.AsSpan(_bufferCount));
        _bufferCount += input.Length;
    }

    private int Drain(Span<float> output, long limit)
    {
        var written = 0;
        var available = _bufferStart + _bufferCount; // absolute index one past the last buffered sample
        while (_outputCount < limit)
        {
            var position = _outputCount * _down;
            var i = position / _up;
            if (i + _half >= available)
            {
                break;
            }

            if (written == output.Length)
            {
                throw new ArgumentException($"Output span of {output.Length} samples is too small; use MaxOutputFor.", nameof(output));
            }

            var phase = (int)(position - (i * _up));
            var first = (int)(i - _half + 1 - _bufferStart);
            output[written++] = Dot(_buffer.AsSpan(first, _taps), _kernels.AsSpan(phase * _taps, _taps));
            _outputCount++;
        }

        // Drop input no future output needs.
        var nextI = _outputCount * _down / _up;
        var keepFrom = (int)Math.Clamp(nextI - _half + 1 - _bufferStart, 0, _bufferCount);
        if (keepFrom > 0)
        {
            _buffer.AsSpan(keepFrom, _bufferCount - keepFrom).CopyTo(_buffer);
            _bufferCount -= keepFrom;
            _bufferStart += keepFrom;
        }

        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> h)
    {
        var i = 0;
        var acc = Vector<float>.Zero;
        var width = Vector<float>.Count;
        for (; i <= x.Length - width; i += width)
        {
            acc += new Vector<float>(x[i..]) * new Vector<float>(h[i..]);
        }

        var sum = Vector.Sum(acc);
        for (; i < x.Length; i++)
        {
            sum += x[i] * h[i];
        }

        return sum;
    }

    private static (float[] Kernels, int Taps) DesignKernels(int inputRate, int outputRate, int phases)
    {
        // Everything in cycles per input sample.
        var lowerNyquist = Math.Min(inputRate, outputRate) / 2.0;
        var passEdge = PassBandFraction * lowerNyquist / inputRate;
        var stopEdge = lowerNyquist / inputRate;
        var cutoff = (passEdge + stopEdge) / 2;
        var transition = stopEdge - passEdge;

        // Kaiser's estimates for length and β.
        var a = StopBandAttenuationDb;
        var beta = 0.1102 * (a - 8.7);
        var taps = (int)Math.Ceiling((a - 7.95) / (14.36 * transition)) + 1;
        taps += taps & 1;
        var half = taps / 2;
        var i0Beta = BesselI0(beta);

        var kernels = new float[phases * taps];
        for (var p = 0; p < phases; p++)
        {
            var row = kernels.AsSpan(p * taps, taps);
            var sum = 0.0;
            var values = new double[taps];
            for (var k = 0; k < taps; k++)
            {
                // Distance from the output instant (i + p/L) to input sample i - half + 1 + k.
                var d = k - half + 1 - ((double)p / phases);
                var x = d / half;
                var window = Math.Abs(x) >= 1 ? 0 : BesselI0(beta * Math.Sqrt(1 - (x * x))) / i0Beta;
                var v = 2 * cutoff * Sinc(2 * cutoff * d) * window;
                values[k] = v;
                sum += v;
            }

            for (var k = 0; k < taps; k++)
            {
                row[k] = (float)(values[k] / sum);
            }
        }

        return (kernels, taps);
    }

    private static double Sinc(double x) => Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var q = x * x / 4;
        for (var k = 1; k < 200; k++)
        {
            term *= q / (k * (double)k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
