namespace Saarthi.Speech.Tests.Audio;

/// <summary>Test signal generation and measurement (tone fitting, THD+N, band power).</summary>
internal static class TestSignals
{
    public static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5, double phase = 0)
    {
        var x = new float[length];
        for (var n = 0; n < length; n++)
        {
            x[n] = (float)(amplitude * Math.Sin((2 * Math.PI * frequency * n / sampleRate) + phase));
        }

        return x;
    }

    /// <summary>Gaussian white noise with the given RMS (Box–Muller, seeded).</summary>
    public static float[] WhiteNoise(int length, double rms, int seed)
    {
        var random = new Random(seed);
        var x = new float[length];
        for (var n = 0; n < length; n++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            x[n] = (float)(rms * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return x;
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        var sum = 0.0;
        foreach (var v in x)
        {
            sum += (double)v * v;
        }

        return x.Length == 0 ? 0 : Math.Sqrt(sum / x.Length);
    }

    /// <summary>
    /// Least-squares fit of a·cos + b·sin + c at <paramref name="frequency"/>. Returns the fitted amplitude and the
    /// ratio of everything else (harmonics, noise, aliases) to the fundamental, in dB: THD+N.
    /// </summary>
    public static (double Amplitude, double ThdPlusNoiseDb) FitTone(ReadOnlySpan<float> x, double frequency, int sampleRate)
    {
        // Normal equations for [cos, sin, 1].
        double cc = 0, ss = 0, cs = 0, c1 = 0, s1 = 0, n1 = x.Length, xc = 0, xs = 0, x1 = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var w = 2 * Math.PI * frequency * n / sampleRate;
            var c = Math.Cos(w);
            var s = Math.Sin(w);
            cc += c * c;
            ss += s * s;
            cs += c * s;
            c1 += c;
            s1 += s;
            xc += x[n] * c;
            xs += x[n] * s;
            x1 += x[n];
        }

        var m = new[,] { { cc, cs, c1 }, { cs, ss, s1 }, { c1, s1, n1 } };
        var rhs = new[] { xc, xs, x1 };
        var sol = Solve3(m, rhs);
        double residual = 0, fitted = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var w = 2 * Math.PI * frequency * n / sampleRate;
            var tone = (sol[0] * Math.Cos(w)) + (sol[1] * Math.Sin(w));
            var e = x[n] - tone - sol[2];
            residual += e * e;
            fitted += tone * tone;
        }

        var amplitude = Math.Sqrt((sol[0] * sol[0]) + (sol[1] * sol[1]));
        return (amplitude, 10 * Math.Log10(residual / fitted));
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);

    private static double[] Solve3(double[,] a, double[] b)
    {
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (var col = 0; col < 3; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 3; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (var k = 0; k < 3; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }

            (v[col], v[pivot]) = (v[pivot], v[col]);
            for (var r = col + 1; r < 3; r++)
            {
                var f = m[r, col] / m[col, col];
                for (var k = col; k < 3; k++)
                {
                    m[r, k] -= f * m[col, k];
                }

                v[r] -= f * v[col];
            }
        }

        var x = new double[3];
        for (var r = 2; r >= 0; r--)
        {
            var s = v[r];
            for (var k = r + 1; k < 3; k++)
            {
                s -= m[r, k] * x[k];
            }

            x[r] = s / m[r, r];
        }

        return x;
    }
}
