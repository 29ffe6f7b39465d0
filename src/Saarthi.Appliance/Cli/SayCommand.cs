using System.Diagnostics;
using System.Globalization;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Tts;

namespace Saarthi.Appliance.Cli;

/// <summary>`say [--lang L] [--rate 8000] -o out.wav "text"`: the kiosk's voice into a WAV file.</summary>
public static class SayCommand
{
    public static async Task<int> RunAsync(Args args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var text = string.Join(' ', args.Positional);
        if (text.Trim().Length == 0) throw new UsageException("usage: saarthi say [--lang L] [--rate 8000] -o out.wav \"text\"");
        var path = args.Get("output") ?? throw new UsageException("say needs -o FILE.wav");
        var lang = args.Get("lang") ?? Dialogue.Language.LanguageDetector.AnswerLanguage(Dialogue.Language.LanguageDetector.Detect(text));
        int rate = args.GetInt("rate", 8000);
        using var tts = new EspeakTextToSpeech(ratePercent: args.GetInt("speed", 100));
        if (!tts.Supports(lang)) throw new UsageException($"no voice for language '{lang}' (espeak-ng has: {string.Join(", ", EspeakSynthesizer.Languages.Order(StringComparer.Ordinal))})");

        var sw = Stopwatch.StartNew();
        var samples = new List<short>();
        TimeSpan firstAudio = TimeSpan.Zero;
        int sourceRate = 0;
        await foreach (var frame in tts.SynthesizeAsync(text, lang, cancellationToken).ConfigureAwait(false))
        {
            if (samples.Count == 0) firstAudio = sw.Elapsed;
            sourceRate = frame.Format.SampleRate;
            samples.AddRange(frame.Samples.ToArray());
        }
        var pcm = sourceRate == 0 || sourceRate == rate ? samples.ToArray() : Resampler.Resample(samples.ToArray(), sourceRate, rate);
        var format = new AudioFormat(rate, 1, 16);
        WavFile.Write(path, format, pcm);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {format.DurationOf(pcm.Length).TotalSeconds:F2} s at {rate} Hz ({lang}, {tts.Engine}); first audio after {firstAudio.TotalMilliseconds:F0} ms, all in {sw.Elapsed.TotalMilliseconds:F0} ms"));
        return 0;
    }
}
