using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Saarthi.Appliance.Call;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;
using Saarthi.Knowledge;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Tts;
using Saarthi.Native.Interop.Whisper;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `bench --speech [--only tts,stt,whisper,micro,roundtrip,cycles] [--conditions NAME,…|none] [--cycles N] [--sample N] [--whisper MODEL.bin] [--verbose]`:
/// issue 3's speech figures. Real-time factors of espeak-ng (our binding vs `espeak-ng -w`, en and hi) and pocketsphinx
/// (the recogniser `hear` builds vs `pocketsphinx_continuous -infile` on the same audio) as ratios; whisper on a random
/// test model and on a provisioned one; per-second costs of resampling, DTMF and both VADs (BenchmarkDotNet); the
/// speech→brain round-trip rates for the base voice and for other voices, speeds and noise; RSS over N say/hear cycles.
/// Figures, not pass/fail.
/// </summary>
public static class SpeechBench
{
    private static readonly string[] Sections = ["tts", "stt", "whisper", "micro", "roundtrip", "cycles"];

    private static readonly (string Language, string Text)[] TtsTexts =
    [
        ("en", "PM Kisan gives six thousand rupees a year to farmer families, in three instalments of two thousand rupees. " +
               "You can apply at your Common Service Centre or on the PM Kisan portal. Keep your Aadhaar card, your land papers and your bank passbook ready."),
        ("hi", "पीएम किसान योजना में किसान परिवारों को साल में छह हज़ार रुपये मिलते हैं, दो दो हज़ार की तीन किस्तों में। " +
               "आप अपने नज़दीकी जन सेवा केंद्र पर आवेदन कर सकते हैं। आधार कार्ड, ज़मीन के कागज़ और बैंक पासबुक साथ रखें।"),
    ];

    public static async Task<int> RunAsync(Args args, string dataDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var only = args.Get("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? Sections;
        if (only.FirstOrDefault(s => !Sections.Contains(s)) is { } unknown)
        {
            throw new UsageException($"--only: unknown section '{unknown}' (sections: {string.Join(",", Sections)})");
        }

        using var kb = KnowledgeSetup.Open(dataDirectory, m => error.WriteLine("saarthi: " + m));
        var dialogue = new DialogueEngine(kb);
        using var stt = CallServicesFactory.CreateSpeechToText(kb, new CallOptions(), m => output.WriteLine(m), whisperModel: null);
        var questions = SpeechRoundTrip.Questions(kb, QuestionFiles().SelectMany(f => PracticeSet.Load(f, m => error.WriteLine(m))));
        output.WriteLine(F($"speech bench: {kb.Snapshot.Schemes.Count} schemes, {questions.Count} round-trip questions, {Environment.ProcessorCount} cores"));

        foreach (var section in only)
        {
            try
            {
                switch (section)
                {
                    case "tts": await TextToSpeechAsync(output, cancellationToken).ConfigureAwait(false); break;
                    case "stt": await SpeechToTextAsync(stt, questions, args.Has("verbose"), output, cancellationToken).ConfigureAwait(false); break;
                    case "whisper": await WhisperAsync(args.Get("whisper"), questions, output, cancellationToken).ConfigureAwait(false); break;
                    case "micro": Micro(output); break;
                    case "roundtrip": await RoundTripAsync(new SpeechRoundTrip(dialogue, stt), questions, Conditions(args.Get("conditions")), args.GetInt("sample", 3), args.Has("verbose"), output, cancellationToken).ConfigureAwait(false); break;
                    case "cycles": await CyclesAsync(stt, questions, args.GetInt("cycles", 1000), output, cancellationToken).ConfigureAwait(false); break;
                }
            }
            catch (InvalidOperationException e)
            {
                // A missing tool or engine costs its section only; the rest still measure.
                output.WriteLine($"{section}: not measured: {e.Message}");
            }
        }

        output.WriteLine(F($"peak RSS: {BenchCommand.PeakRssMb():F1} MB (VmHWM)"));
        return 0;
    }

    /// <summary>espeak-ng: our binding (in-process, synchronous mode) vs the espeak-ng program writing a WAV, same text, voice and rate.</summary>
    private static async Task TextToSpeechAsync(TextWriter output, CancellationToken ct)
    {
        const int Rounds = 5;
        const int Wpm = 160;
        var synth = new EspeakSynthesizer(Wpm);
        var wav = Path.Combine(Path.GetTempPath(), $"saarthi-bench-{Environment.ProcessId}.wav");
        try
        {
            // The program's fixed cost (start, load voice data) measured on one word, to show the ratio is not only that.
            var startup = await MedianAsync(Rounds, () => SpeechRoundTripChannel.RunAsync("espeak-ng", ["-v", "en", "-w", wav, "a"], ct)).ConfigureAwait(false);
            foreach (var (language, text) in TtsTexts)
            {
                var speech = await synth.SynthesizeAsync(text, language, cancellationToken: ct).ConfigureAwait(false); // warm-up
                var seconds = speech.Samples.Length / (double)speech.SampleRate;
                var ours = await MedianAsync(Rounds, () => synth.SynthesizeAsync(text, language, cancellationToken: ct)).ConfigureAwait(false);
                var tool = await MedianAsync(Rounds, () => SpeechRoundTripChannel.RunAsync(
                    "espeak-ng", ["-v", language, "-s", Wpm.ToString(CultureInfo.InvariantCulture), "-w", wav, text], ct)).ConfigureAwait(false);
                output.WriteLine(F($"tts espeak-ng {language}: {seconds:F1} s of speech; binding {ours * 1000:F1} ms (RTF {ours / seconds:F4}), ") +
                    F($"espeak-ng -w {tool * 1000:F1} ms (RTF {tool / seconds:F4}, of which ~{startup * 1000:F0} ms process start); ratio binding/tool {ours / tool:F2} ") +
                    F($"({ours / Math.Max(tool - startup, 1e-6):F2} against the tool without its start-up); medians of {Rounds}"));
            }
        }
        finally
        {
            File.Delete(wav);
        }
    }

    /// <summary>
    /// pocketsphinx: the recogniser `hear` builds, on telephone-band questions, vs `pocketsphinx_continuous -infile` on
    /// the 16 kHz audio our recogniser decodes (after its resampling, padding and noise floor), with the same model,
    /// grammar, dictionary and decoder options. The tool's model loading is measured on silence and taken off.
    /// </summary>
    private static async Task SpeechToTextAsync(ISpeechToText stt, IReadOnlyList<RoundTripQuestion> questions, bool verbose, TextWriter output, CancellationToken ct)
    {
        if (stt is not PocketsphinxSpeechToText sphinx)
        {
            output.WriteLine($"stt pocketsphinx: not measured (the recogniser is {stt.Engine})");
            return;
        }

        var chosen = questions.Where(RoundTripReport.IsCarrier).Where((_, i) => i % 17 == 0).Take(10).ToList();
        var dir = Directory.CreateTempSubdirectory("saarthi-bench-stt-").FullName;
        try
        {
            var decoder = new PocketsphinxSpeechToTextOptions().Decoder;
            var dict = Path.Combine(dir, "kiosk.dict");
            File.Copy(decoder.DictionaryPath, dict);
            await File.AppendAllLinesAsync(dict, sphinx.Grammar.Lexicon.DictionaryAdditions().Select(e => e.Key + " " + e.Value), ct).ConfigureAwait(false);
            var jsgf = Path.Combine(dir, "kiosk.jsgf");
            await File.WriteAllTextAsync(jsgf, sphinx.Grammar.Jsgf, ct).ConfigureAwait(false);
            var toolArgs = new List<string> { "-hmm", decoder.AcousticModelDirectory, "-dict", dict, "-jsgf", jsgf, "-samprate", "16000" };
            foreach (var (name, value) in decoder.ExtraOptions)
            {
                toolArgs.AddRange([name, value]);
            }

            var silence = Path.Combine(dir, "silence.wav");
            WavFile.Write(silence, AudioFormat.Wideband16k, new short[1600]);
            var load = await MedianAsync(3, () => SpeechRoundTripChannel.RunAsync("pocketsphinx_continuous", [.. toolArgs, "-infile", silence], ct)).ConfigureAwait(false);

            double audio = 0, ours = 0, oursGrammar = 0, tool = 0;
            var agree = 0;
            foreach (var (q, i) in chosen.Select((q, i) => (q, i)))
            {
                var utterance = await SpeechRoundTripChannel.SpeakAsync(q.Text, CallerVoiceCondition.Base, ct).ConfigureAwait(false);
                var wav = Path.Combine(dir, $"q{i}.wav");
                WavFile.Write(wav, AudioFormat.Wideband16k, sphinx.PrepareAudio(utterance));
                var recognition = await sphinx.RecognizeAsync(utterance, ExpectedSpeech.Question, ct).ConfigureAwait(false);
                var clock = Stopwatch.StartNew();
                var toolText = await SpeechRoundTripChannel.RunAsync("pocketsphinx_continuous", [.. toolArgs, "-infile", wav, "-logfn", "/dev/null"], ct).ConfigureAwait(false);
                tool += Math.Max(clock.Elapsed.TotalSeconds - load, 0);
                audio += utterance.Duration.TotalSeconds;
                ours += recognition.Transcript.Elapsed.TotalSeconds;
                oursGrammar += recognition.Grammar.Elapsed.TotalSeconds;
                var toolWords = string.Join(' ', toolText.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
                agree += toolWords == recognition.Grammar.Text ? 1 : 0;
                if (verbose)
                {
                    output.WriteLine($"  \"{q.Text}\": ours \"{recognition.Grammar.Text}\", pocketsphinx_continuous \"{toolWords}\"");
                }
            }

            output.WriteLine(F($"stt pocketsphinx: {chosen.Count} questions, {audio:F1} s of 8 kHz audio; recogniser as hear builds it RTF {ours / audio:F3} ") +
                F($"(grammar pass {oursGrammar / audio:F3}), pocketsphinx_continuous -infile RTF {tool / audio:F3} after {load * 1000:F0} ms of model loading taken off; ") +
                F($"ratio ours/tool {ours / Math.Max(tool, 1e-6):F2} (grammar pass {oursGrammar / Math.Max(tool, 1e-6):F2}); same words as the tool in {agree}/{chosen.Count}"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>whisper.cpp on a random-weight test model (generated here: no download) and on a provisioned model when one is there.</summary>
    private static async Task WhisperAsync(string? provisioned, IReadOnlyList<RoundTripQuestion> questions, TextWriter output, CancellationToken ct)
    {
        var clips = new List<AudioFrame>();
        foreach (var q in questions.Where(RoundTripReport.IsCarrier).Take(3))
        {
            clips.Add(await SpeechRoundTripChannel.SpeakAsync(q.Text, CallerVoiceCondition.Base, ct).ConfigureAwait(false));
        }

        var random = Path.Combine(Path.GetTempPath(), $"saarthi-bench-whisper-{Environment.ProcessId}.bin");
        try
        {
            TinyWhisperModel.Write(random, new TinyWhisperSpec { TextContext = 64 });
            await WhisperOnceAsync("random test model (n_state 64, 1+1 layers)", random, clips, output, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(random);
        }

        var model = provisioned ?? FindProvisionedWhisper();
        if (model is null)
        {
            output.WriteLine("whisper provisioned: none under models/ (models/fetch.sh downloads ggml-base-q5_1.bin; or pass --whisper MODEL.bin)");
        }
        else if (!File.Exists(model))
        {
            output.WriteLine($"whisper provisioned: {model} is missing");
        }
        else
        {
            await WhisperOnceAsync(Path.GetFileName(model), model, clips, output, ct).ConfigureAwait(false);
        }
    }

    private static async Task WhisperOnceAsync(string label, string path, List<AudioFrame> clips, TextWriter output, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var whisper = new WhisperSpeechToText(new WhisperSpeechToTextOptions { ModelPath = path, Languages = ["en"], Threads = 1 });
        var load = clock.Elapsed;
        await whisper.TranscribeAsync(clips[0], "en", ct).ConfigureAwait(false); // warm-up
        double audio = 0, elapsed = 0;
        foreach (var clip in clips)
        {
            var t = await whisper.TranscribeAsync(clip, "en", ct).ConfigureAwait(false);
            audio += t.AudioDuration.TotalSeconds;
            elapsed += t.Elapsed.TotalSeconds;
        }

        output.WriteLine(F($"whisper {label}: load {load.TotalMilliseconds:F0} ms; {clips.Count} clips, {audio:F1} s of 8 kHz audio, RTF {elapsed / audio:F3} (1 thread)"));
    }

    /// <summary>Cost per second of audio of resampling, DTMF and VAD, by BenchmarkDotNet (in-process, short run).</summary>
    private static void Micro(TextWriter output)
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "saarthi-bench-artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<SpeechMicroBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            if (report.ResultStatistics is not { } stats)
            {
                output.WriteLine($"{name}: not measured (BenchmarkDotNet reported no result)");
                continue;
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            var which = name == "vad silero" ? $" [{SpeechMicroBenchmarks.SileroName}]" : string.Empty;
            output.WriteLine(F($"{name}{which}: {stats.Mean / 1e6:F3} ms per second of 8 kHz audio (±{stats.StandardError / 1e6:F3}), ") +
                F($"{stats.Mean / 1e9 * 100:F3} % of one core, {allocated / 1024.0:F1} KB allocated per second"));
        }
    }

    /// <summary>The base voice on every question, then other voices, speeds and noise on every <paramref name="sample"/>-th carrier question.</summary>
    private static async Task RoundTripAsync(
        SpeechRoundTrip roundTrip, IReadOnlyList<RoundTripQuestion> questions, IReadOnlyList<CallerVoiceCondition> conditions, int sample, bool verbose,
        TextWriter output, CancellationToken ct)
    {
        var baseReport = await roundTrip.RunAsync(questions, CallerVoiceCondition.Base, cancellationToken: ct).ConfigureAwait(false);
        output.WriteLine("roundtrip " + baseReport.Summary());
        if (verbose)
        {
            foreach (var line in baseReport.Misses())
            {
                output.WriteLine(line);
            }
        }

        if (conditions.Count == 0)
        {
            return;
        }

        var sampled = questions.Where(RoundTripReport.IsCarrier).Where((_, i) => i % sample == 0).ToList();
        var sampledBase = baseReport.Results.Where(r => sampled.Contains(r.Question)).ToList();
        output.WriteLine(F($"roundtrip robustness on every {Ordinal(sample)} carrier question ({sampled.Count}); base voice on the same questions: ") +
            F($"{sampledBase.Count(r => r.TextResolved && r.Resolved)}/{sampledBase.Count(r => r.TextResolved)}"));
        foreach (var condition in conditions)
        {
            var report = await roundTrip.RunAsync(sampled, condition, cancellationToken: ct).ConfigureAwait(false);
            output.WriteLine(F($"roundtrip   {condition.Name,-15} {report.CountOf(_ => true),7} = {report.Rate:P1}  (RTF {report.RealTimeFactor:F3})"));
            if (verbose)
            {
                foreach (var line in report.Misses())
                {
                    output.WriteLine(line);
                }
            }
        }
    }

    /// <summary>Say (espeak-ng binding, resampled to 8 kHz) then hear (the recogniser), <paramref name="cycles"/> times; RSS at each quarter.</summary>
    private static async Task CyclesAsync(ISpeechToText stt, IReadOnlyList<RoundTripQuestion> questions, int cycles, TextWriter output, CancellationToken ct)
    {
        using var tts = new EspeakTextToSpeech();
        var texts = questions.Where(RoundTripReport.IsCarrier).Select(q => q.Text).ToList();
        var readings = new List<(int Cycle, double RssMb)>();
        var clock = Stopwatch.StartNew();
        var heardWords = 0;
        for (var i = 0; i <= cycles; i++)
        {
            if (i % Math.Max(1, cycles / 4) == 0 || i == cycles)
            {
                // Collected first, so the figure follows what is kept (a leak), not garbage waiting for the next GC.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                if (readings.Count == 0 || readings[^1].Cycle != i)
                {
                    readings.Add((i, BenchCommand.CurrentRssMb()));
                }
            }

            if (i == cycles)
            {
                break;
            }

            var samples = new List<short>();
            var rate = EspeakSynthesizer.SampleRate;
            await foreach (var frame in tts.SynthesizeAsync(texts[i % texts.Count], "en", ct).ConfigureAwait(false))
            {
                samples.AddRange(frame.Samples.Span);
                rate = frame.Format.SampleRate;
            }

            var narrow = Resampler.Resample(samples.ToArray(), rate, 8000);
            var heard = await stt.TranscribeAsync(new AudioFrame(AudioFormat.Telephone8k, narrow, TimeSpan.Zero), "en", ct).ConfigureAwait(false);
            heardWords += heard.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        var first = readings[0].RssMb;
        output.WriteLine(F($"say/hear cycles: {cycles} in {clock.Elapsed.TotalSeconds:F0} s ({heardWords} words heard); RSS ") +
            string.Join(", ", readings.Select(r => F($"{r.Cycle}: {r.RssMb:F1} MB"))) +
            F($"; growth {(readings[^1].RssMb - first) / first * 100:+0.0;-0.0} % over the run") +
            (readings.Count > 2 ? F($", {(readings[^1].RssMb - readings[1].RssMb) / readings[1].RssMb * 100:+0.0;-0.0} % after the first quarter") : string.Empty));
    }

    /// <summary>--conditions NAME,NAME (the robustness conditions to run; "none" for the base voice only; default all).</summary>
    private static IReadOnlyList<CallerVoiceCondition> Conditions(string? option)
    {
        if (option is null)
        {
            return CallerVoiceCondition.Robustness;
        }

        var names = option.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(n => n != "none").ToList();
        return names.Select(n => CallerVoiceCondition.Robustness.FirstOrDefault(c => c.Name == n)
            ?? throw new UsageException($"--conditions: unknown '{n}' (known: none, {string.Join(", ", CallerVoiceCondition.Robustness.Select(c => c.Name))})")).ToList();
    }

    /// <summary>The question files beside the tests (tests/TestData/*questions*.json), found above the application.</summary>
    private static IEnumerable<string> QuestionFiles()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var data = Path.Combine(dir.FullName, "tests", "TestData");
            if (Directory.Exists(data))
            {
                return Directory.GetFiles(data, "*questions*.json").Order(StringComparer.Ordinal);
            }
        }

        return [];
    }

    /// <summary>A ggml whisper model provisioned under models/ (by models/fetch.sh), found above the application.</summary>
    private static string? FindProvisionedWhisper()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var models = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(models, "manifest.json")))
            {
                return Directory.GetFiles(models, "ggml-*.bin", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
            }
        }

        return null;
    }

    private static async Task<double> MedianAsync(int rounds, Func<Task> action)
    {
        var times = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            await action().ConfigureAwait(false);
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string Ordinal(int n) => n switch { 1 => "", 2 => "2nd", 3 => "3rd", _ => n.ToString(CultureInfo.InvariantCulture) + "th" };

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
