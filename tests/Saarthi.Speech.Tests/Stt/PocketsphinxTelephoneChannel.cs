using System.Text.Json;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt.Grammar;
using Saarthi.Speech.Tests.Audio;

namespace Saarthi.Speech.Tests.Stt;

/// <summary>
/// Test speech as a caller's phone delivers it: espeak-ng at 22.05 kHz → 8 kHz with the product's
/// <see cref="Resampler"/> → 300–3400 Hz band (4th-order Butterworth high- and low-pass) → G.711 µ-law and back.
/// The espeak-ng program (a fresh process per sentence, 160 words a minute like the kiosk's voice) rather than the
/// in-process engine: the library carries intonation state from one sentence to the next, so what other tests spoke
/// in between would change this audio, and the measured rates with it.
/// </summary>
internal static class PocketsphinxTelephoneChannel
{
    public const int Rate = 8000;

    public static async Task<AudioFrame> SpeakAsync(string text, CancellationToken cancellationToken, string language = "en")
    {
        using var dir = new TempDir();
        var wav = dir.File("speech.wav");
        await Task.Run(() => ExternalTool.Run("espeak-ng", "-v", language, "-s", "160", "-w", wav, text), cancellationToken);
        using var reader = WavReader.Open(wav);
        var samples = new List<short>();
        var block = new short[4096];
        int n;
        while ((n = reader.Read(block)) > 0)
        {
            samples.AddRange(block.AsSpan(0, n));
        }

        return ToTelephone([.. samples], reader.Format.SampleRate);
    }

    public static AudioFrame ToTelephone(short[] samples, int sampleRate)
    {
        var narrow = Resampler.Resample(SampleConvert.ToFloat(samples), sampleRate, Rate);
        BandLimit(narrow, Rate, 300, 3400);
        var pcm = SampleConvert.ToInt16(narrow);
        var law = new byte[pcm.Length];
        G711.MuLawEncode(pcm, law);
        for (var i = 0; i < law.Length; i++)
        {
            pcm[i] = G711.MuLawDecode(law[i]);
        }

        return new AudioFrame(AudioFormat.Telephone8k, pcm, TimeSpan.Zero);
    }

    /// <summary>In-place 4th-order Butterworth band-pass made of two high-pass and two low-pass biquads (RBJ cookbook).</summary>
    public static void BandLimit(Span<float> x, int rate, double low, double high)
    {
        foreach (var q in new[] { 0.5412, 1.3066 })
        {
            Biquad(x, rate, low, q, highPass: true);
            Biquad(x, rate, high, q, highPass: false);
        }
    }

    /// <summary>The seed snapshot's schemes: id, English name, aliases (read straight from the JSON).</summary>
    public static IReadOnlyList<(string Id, string Name, IReadOnlyList<string> Aliases)> SeedSchemes()
    {
        var path = FindUp(Path.Combine("sync", "snapshots", "schemes.seed.json"));
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("schemes").EnumerateArray()
            .Select(s => (
                s.GetProperty("id").GetString()!,
                s.GetProperty("names").GetProperty("en").GetString()!,
                (IReadOnlyList<string>)s.GetProperty("names").GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).ToList()))
            .ToList();
    }

    /// <summary>The grammar inputs for the seed snapshot, as the Appliance will pass them.</summary>
    public static GrammarInputs SeedGrammarInputs() => new()
    {
        Schemes = [.. SeedSchemes().Select(s => SchemePhrases.FromNames(s.Id, s.Name, s.Aliases))],
    };

    private static void Biquad(Span<float> x, int rate, double f0, double q, bool highPass)
    {
        var w0 = 2 * Math.PI * f0 / rate;
        var alpha = Math.Sin(w0) / (2 * q);
        var cos = Math.Cos(w0);
        double b0, b1, b2;
        if (highPass)
        {
            b0 = (1 + cos) / 2;
            b1 = -(1 + cos);
            b2 = (1 + cos) / 2;
        }
        else
        {
            b0 = (1 - cos) / 2;
            b1 = 1 - cos;
            b2 = (1 - cos) / 2;
        }

        var a0 = 1 + alpha;
        var a1 = -2 * cos;
        var a2 = 1 - alpha;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var y = ((b0 * x[n]) + (b1 * x1) + (b2 * x2) - (a1 * y1) - (a2 * y2)) / a0;
            x2 = x1;
            x1 = x[n];
            y2 = y1;
            y1 = y;
            x[n] = (float)y;
        }
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
