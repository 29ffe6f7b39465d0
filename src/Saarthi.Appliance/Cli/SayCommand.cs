using System.Diagnostics;
using System.Globalization;
using Saarthi.Native.Interop.SherpaOnnx;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Tts;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `say [--lang L] [--rate 8000] [--speed 100] [--voice PATH|ID|tiny] -o out.wav "text"`: the kiosk's voice into a WAV
/// file. Without --voice it speaks as the kiosk would (a provisioned Piper voice for the language, else espeak-ng);
/// --voice names a Piper/VITS voice folder or .onnx file, a models/manifest.json tts id, or "tiny" / "tiny:hi" (a
/// generated test voice).
/// </summary>
public static class SayCommand
{
    private const string Usage = "usage: saarthi say [--lang L] [--rate 8000] [--speed 100] [--voice PATH|ID|tiny] -o out.wav \"text\"";

    public static async Task<int> RunAsync(Args args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var text = string.Join(' ', args.Positional);
        if (text.Trim().Length == 0) throw new UsageException(Usage);
        var path = args.Get("output") ?? throw new UsageException("say needs -o FILE.wav");
        int rate = args.GetInt("rate", 8000);
        var speed = args.GetInt("speed", 100);

        var sw = Stopwatch.StartNew();
        using var tts = OpenVoice(args.Get("voice"), speed);
        var lang = args.Get("lang")
            ?? (tts is SherpaOnnxTextToSpeech piper ? piper.Language : Dialogue.Language.LanguageDetector.AnswerLanguage(Dialogue.Language.LanguageDetector.Detect(text)));
        if (!tts.Supports(lang))
        {
            throw new UsageException(tts is SherpaOnnxTextToSpeech p
                ? $"the voice {p.Engine} speaks '{p.Language}', not '{lang}'"
                : $"no voice for language '{lang}' (espeak-ng has: {string.Join(", ", EspeakSynthesizer.Languages.Order(StringComparer.Ordinal))})");
        }

        var engine = tts is LanguageRoutedTextToSpeech routed ? routed.For(lang).Engine : tts.Engine;
        var loaded = sw.Elapsed;
        var samples = new List<short>();
        TimeSpan firstAudio = TimeSpan.Zero;
        int sourceRate = 0;
        await foreach (var frame in tts.SynthesizeAsync(text, lang, cancellationToken).ConfigureAwait(false))
        {
            if (samples.Count == 0) firstAudio = sw.Elapsed - loaded;
            sourceRate = frame.Format.SampleRate;
            samples.AddRange(frame.Samples.ToArray());
        }
        var pcm = sourceRate == 0 || sourceRate == rate ? samples.ToArray() : Resampler.Resample(samples.ToArray(), sourceRate, rate);
        var format = new AudioFormat(rate, 1, 16);
        WavFile.Write(path, format, pcm);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {format.DurationOf(pcm.Length).TotalSeconds:F2} s at {rate} Hz ({lang}, {engine}); voice ready after {loaded.TotalMilliseconds:F0} ms, first audio after {firstAudio.TotalMilliseconds:F0} ms, all in {(sw.Elapsed - loaded).TotalMilliseconds:F0} ms"));
        return 0;
    }

    /// <summary>
    /// `bench --tts [--voice PATH|ID|tiny] [--rounds N]`: load time, first-audio latency and real-time factor of each
    /// engine on a kiosk answer in English and Hindi: espeak-ng, the kiosk's provisioned Piper voices, and the --voice
    /// one (default "tiny", the generated test voice, which measures sherpa-onnx's own cost, not a real voice's).
    /// </summary>
    public static async Task<int> BenchAsync(Args args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var rounds = args.GetInt("rounds", 5);
        var voiceSetting = args.Get("voice") ?? "tiny";
        var kiosk = new List<string>();
        using (TextToSpeechSelection.Create(new TextToSpeechOptions(), kiosk.Add)) { }
        output.WriteLine($"tts: kiosk choice: {string.Join(" ", kiosk)}");
        foreach (var (language, text) in TextToSpeechBenchmark.Answers)
        {
            var engines = new List<(string Label, Func<ITextToSpeech> Open)>
            {
                ("espeak-ng", () => new EspeakTextToSpeech()),
                ("kiosk", () => TextToSpeechSelection.Create()),
            };
            var setting = voiceSetting == "tiny" ? $"tiny:{(language == "en" ? "en-us" : language)}" : voiceSetting;
            engines.Add(("voice", () => OpenVoice(setting, 100)));
            foreach (var (label, open) in engines)
            {
                try
                {
                    var m = await TextToSpeechBenchmark.MeasureAsync(open, text, language, rounds, cancellationToken).ConfigureAwait(false);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"tts {language} {label}: {m.Engine}: load {m.Load.TotalMilliseconds:F0} ms, first audio {m.FirstAudio.TotalMilliseconds:F1} ms, {m.Audio.TotalSeconds:F2} s of audio in {m.Synthesis.TotalMilliseconds:F1} ms, RTF {m.RealTimeFactor:F4} (median of {rounds})"));
                }
                catch (Exception e) when (e is UsageException or ArgumentException)
                {
                    output.WriteLine($"tts {language} {label}: not measured: {e.Message}");
                }
            }
        }

        return 0;
    }

    /// <summary>The voice named by --voice, or the kiosk's choice per language; a voice that cannot be used is a clear error.</summary>
    private static ITextToSpeech OpenVoice(string? setting, int speed)
    {
        var options = new TextToSpeechOptions { RatePercent = speed };
        if (setting is null)
        {
            return TextToSpeechSelection.Create(options);
        }

        try
        {
            return TextToSpeechSelection.OpenVoice(setting, options);
        }
        catch (Exception e) when (e is SherpaOnnxException or VoiceManifestException or IOException or Native.NativeLibraryMissingException)
        {
            throw new UsageException($"voice '{setting}' cannot be used: {e.Message}", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--speed {speed}: {e.Message}", e);
        }
    }
}
