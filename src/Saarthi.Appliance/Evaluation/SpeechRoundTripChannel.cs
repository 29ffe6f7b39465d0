using System.Diagnostics;
using System.Globalization;
using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Evaluation;

/// <summary>
/// How the simulated caller sounds: an espeak-ng voice (<c>en</c>, <c>en-us</c>, <c>en+f3</c>…), a speaking rate, and
/// optionally background noise at the caller's end at a signal-to-noise ratio.
/// </summary>
/// <param name="Name">A short label for reports ("base", "en+f3", "170 wpm", "snr 10 dB").</param>
public sealed record CallerVoiceCondition(string Name, string Voice = "en", int WordsPerMinute = 160, double? SnrDb = null)
{
    /// <summary>The base case the round-trip test asserts on: espeak-ng's default English voice at 160 wpm, a clean line.</summary>
    public static CallerVoiceCondition Base { get; } = new("base");

    /// <summary>
    /// Other voices, speeds and noise for the robustness figures: accents (US, RP, Scottish, Caribbean), female and
    /// male variants, slow and fast callers, and white noise at 20 and 10 dB SNR.
    /// </summary>
    public static IReadOnlyList<CallerVoiceCondition> Robustness { get; } =
    [
        new("en-us", "en-us"),
        new("en-gb-x-rp", "en-gb-x-rp"),
        new("en-gb-scotland", "en-gb-scotland"),
        new("en-029", "en-029"),
        new("en+f3", "en+f3"),
        new("en+m3", "en+m3"),
        new("en-us+f2", "en-us+f2"),
        new("130 wpm", WordsPerMinute: 130),
        new("190 wpm", WordsPerMinute: 190),
        new("snr 20 dB", SnrDb: 20),
        new("snr 10 dB", SnrDb: 10),
    ];
}

/// <summary>
/// A caller's question as the kiosk receives it over a phone call: spoken by the <c>espeak-ng</c> program (a fresh
/// process per sentence: the library keeps intonation state from one sentence to the next, so in-process speech would
/// depend on what was spoken before), optional background noise, then the telephone channel — resampled to 8 kHz,
/// 300–3400 Hz band (4th-order Butterworth), G.711 µ-law and back.
/// </summary>
public static class SpeechRoundTripChannel
{
    public const int TelephoneRate = 8000;

    /// <summary>Speaks <paramref name="text"/> as <paramref name="voice"/> and passes it through the telephone channel.</summary>
    /// <exception cref="InvalidOperationException">The espeak-ng program is missing or failed (named in the message).</exception>
    public static async Task<AudioFrame> SpeakAsync(string text, CallerVoiceCondition voice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(voice);
        var (samples, rate) = await EspeakProgramAsync(text, voice.Voice, voice.WordsPerMinute, cancellationToken).ConfigureAwait(false);
        var audio = SampleConvert.ToFloat(samples);
        if (voice.SnrDb is { } snr)
        {
            AddNoise(audio, snr, SeedOf(text));
        }

        return ToTelephone(audio, rate);
    }

    /// <summary>Runs <c>espeak-ng -v VOICE -s WPM -w FILE TEXT</c> and reads the WAV back (samples, sample rate).</summary>
    public static async Task<(short[] Samples, int SampleRate)> EspeakProgramAsync(string text, string voice, int wordsPerMinute, CancellationToken cancellationToken = default)
    {
        var wav = Path.Combine(Path.GetTempPath(), $"saarthi-caller-{Environment.ProcessId}-{Guid.NewGuid():N}.wav");
        try
        {
            await RunAsync("espeak-ng", ["-v", voice, "-s", wordsPerMinute.ToString(CultureInfo.InvariantCulture), "-w", wav, text], cancellationToken).ConfigureAwait(false);
            var data = WavFile.Read(wav);
            return (data.Samples.ToArray(), data.Format.SampleRate);
        }
        finally
        {
            File.Delete(wav);
        }
    }

    /// <summary>Resample to 8 kHz, band-limit to 300–3400 Hz, µ-law encode and decode.</summary>
    public static AudioFrame ToTelephone(ReadOnlySpan<float> samples, int sampleRate)
    {
        var narrow = Resampler.Resample(samples, sampleRate, TelephoneRate);
        BandLimit(narrow, TelephoneRate, 300, 3400);
        var pcm = SampleConvert.ToInt16(narrow);
        var law = new byte[pcm.Length];
        G711.MuLawEncode(pcm, law);
        G711.MuLawDecode(law, pcm);
        return new AudioFrame(AudioFormat.Telephone8k, pcm, TimeSpan.Zero);
    }

    /// <summary>
    /// Adds seeded Gaussian white noise so that speech power / noise power = <paramref name="snrDb"/>. Speech power is
    /// measured over the frames within 30 dB of the loudest (espeak-ng's pauses would otherwise lower it).
    /// </summary>
    public static void AddNoise(Span<float> samples, double snrDb, int seed)
    {
        var speechRms = ActiveRms(samples);
        if (speechRms <= 0)
        {
            return;
        }

        var noiseRms = speechRms / Math.Pow(10, snrDb / 20);
        var random = new Random(seed);
        for (var i = 0; i < samples.Length; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            samples[i] = (float)Math.Clamp(samples[i] + (noiseRms * gaussian), -1, 1);
        }
    }

    /// <summary>In-place 4th-order Butterworth band-pass: two high-pass and two low-pass biquads (RBJ audio-EQ cookbook).</summary>
    public static void BandLimit(Span<float> x, int rate, double low, double high)
    {
        foreach (var q in new[] { 0.5412, 1.3066 })
        {
            Biquad(x, rate, low, q, highPass: true);
            Biquad(x, rate, high, q, highPass: false);
        }
    }

    /// <summary>A seed from the text (stable across runs and machines, unlike string.GetHashCode).</summary>
    private static int SeedOf(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }

    private static double ActiveRms(ReadOnlySpan<float> samples)
    {
        const int Frame = 441;
        var energies = new List<double>();
        for (var start = 0; start + Frame <= samples.Length; start += Frame)
        {
            double sum = 0;
            foreach (var s in samples.Slice(start, Frame))
            {
                sum += s * s;
            }

            energies.Add(sum / Frame);
        }

        if (energies.Count == 0)
        {
            return 0;
        }

        var floor = energies.Max() / 1000; // 30 dB below the loudest frame
        var active = energies.Where(e => e >= floor).ToList();
        return Math.Sqrt(active.Average());
    }

    private static void Biquad(Span<float> x, int rate, double f0, double q, bool highPass)
    {
        var w0 = 2 * Math.PI * f0 / rate;
        var alpha = Math.Sin(w0) / (2 * q);
        var cos = Math.Cos(w0);
        var (b0, b1, b2) = highPass ? ((1 + cos) / 2, -(1 + cos), (1 + cos) / 2) : ((1 - cos) / 2, 1 - cos, (1 - cos) / 2);
        var a0 = 1 + alpha;
        var a1 = -2 * cos;
        var a2 = 1 - alpha;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var y = ((b0 * x[n]) + (b1 * x1) + (b2 * x2) - (a1 * y1) - (a2 * y2)) / a0;
            (x2, x1, y2, y1) = (x1, x[n], y1, y);
            x[n] = (float)y;
        }
    }

    /// <summary>Runs a program to its end; a missing program or a non-zero exit is an error naming the command.</summary>
    internal static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed ({e.Message})", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {errors.Trim()}");
            }

            return output + errors;
        }
    }
}
