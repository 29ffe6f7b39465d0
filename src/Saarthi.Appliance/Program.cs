using System.Text;
using Saarthi.Appliance;
using Saarthi.Appliance.Cli;
using Saarthi.Dialogue;
using Saarthi.Dialogue.Llm;

Console.OutputEncoding = Encoding.UTF8;
Console.InputEncoding = Encoding.UTF8;
return SaarthiCli.Run(args);

namespace Saarthi.Appliance
{
    /// <summary>The `saarthi` command: one verb per job, each documented in the README.</summary>
    public static class SaarthiCli
    {
        private const string Usage = """
            usage: saarthi VERB [options]
              demo [--json] [--scenario NAME] [--llm MODEL.gguf|tiny [--phrase]]   a whole simulated call: fake modem, speech both ways, SMS (scenarios: english, hindi, silence, hangup, modem-fault)
              ask [--lang L] [--json] [--explain] "question"  answer one question
              ask --batch FILE --json               answer every item of a practice-format file, one JSON line each
              chat [--lang L]                        talk to the text brain, keeping context
              eval FILE [--verbose]                  intent / scheme / fact accuracy on a practice-format file
              bench [--questions FILE] [--rounds N]  text-turn latency (p50/p95) and peak memory
              ask|bench --llm MODEL.gguf|default|tiny [--phrase] [--llm-threads N]
                                                     with a local LLM (llama.cpp): it reads unsure questions (grammar-constrained
                                                     JSON) and, with --phrase, words answers (fact-guarded); bench adds its
                                                     load time, tokens/s and first-token latency; "tiny" generates a random test model
              say [--lang L] [--rate 8000] [--voice PATH|ID|tiny] -o out.wav "text"   speak text into a WAV file (normalised for speech;
                                                     a provisioned Piper voice, else espeak-ng; --voice: a Piper/VITS folder,
                                                     .onnx, manifest tts id, or "tiny", a generated test voice)
              dtmf in.wav [--json]                   the key presses in a recording
              hear [--lang L] [--json] in.wav        what the recogniser hears (pocketsphinx + snapshot grammar, or --whisper MODEL)
              run [--config firmware-config/appliance.json]  the kiosk service: serve calls on the modem
              doctor [--json] [--config FILE] [--modem PORT] [--broker URL] [--load-models]  is this kiosk ready? one line per check: ok / WARN / FAIL and what to do
              snapshot import FILE.json | info | rollback
              snapshot keygen --out DIR | build FILE.json --key PRIVATE.pem -o PKG [--version N] | verify PKG --pubkey PEM|DIR
              snapshot diff OLD NEW | push PKG --broker mqtt(s)://HOST:PORT (--kiosk ID | --all) [--user U --password P] [--cafile CA] [--wait S]
              sync [--once] --broker URL --kiosk ID [--pubkey PEM|DIR] [--db DIR]   take NGO updates (--once: one JSON line)
              sync-apply PKG [--pubkey PEM|DIR] [--force]    apply a package file (e.g. from a USB stick)
              bench --speech [--only tts,stt,whisper,micro,roundtrip,cycles] [--conditions C,…|none] [--cycles N] [--sample N] [--whisper MODEL.bin] [--verbose]
                                                     speech figures: TTS/STT/whisper RTF vs the engines' own tools, VAD/DTMF cost, round-trip rates, RSS over say/hear cycles
              bench --sync [--broker URL]            package apply time and MQTT throughput (a local mosquitto by default)
              bench --audio [--seconds N]            handset audio path (ALSA file PCMs) and hook-switch debounce cost
              bench --tts [--voice PATH|ID|tiny]     load time, first-audio latency and real-time factor of each voice (en, hi)
              bench --call [--calls N]               N simulated calls (200): end of speech → first answer audio p50/p95/max and its parts, RSS, threads, fds
            common options: --data DIR (where the scheme database lives; default $SAARTHI_DATA_DIR)
            """;

        private static readonly HashSet<string> Switches = new(StringComparer.Ordinal) { "json", "verbose", "help", "explain", "phrase", "once", "all", "force", "sync", "audio", "load-models", "tts", "speech", "call" };

        public static int Run(string[] argv)
        {
            if (argv.Length == 0 || argv[0] is "help" or "--help" or "-h")
            {
                Console.WriteLine(Usage);
                return argv.Length == 0 ? 64 : 0;
            }
            try
            {
                var args = new Args(argv.Skip(1), Switches);
                string data = KnowledgeSetup.DataDirectory(args.Get("data"));
                switch (argv[0])
                {
                    case "snapshot" when SyncCommands.HandlesSnapshot(args):
                        return SyncCommands.RunSnapshot(args, Console.Out, Console.Error);
                    case "sync" or "sync-apply":
                        return SyncCommands.RunSync(argv[0], args, data, Console.Out, Console.Error);
                    case "bench" when args.Has("tts"):
                        return SayCommand.BenchAsync(args, Console.Out).GetAwaiter().GetResult();
                    case "bench" when args.Has("speech"): return SpeechBench.RunAsync(args, data, Console.Out, Console.Error).GetAwaiter().GetResult();
                    case "bench" when args.Has("sync"):
                        return SyncCommands.Bench(args, Console.Out);
                    case "bench" when args.Has("audio"):
                        return AudioBench.Run(args, Console.Out);
                    case "bench" when args.Has("call"):
                        return CallBench.Run(args, data, Console.Out);
                    case "snapshot":
                        return SnapshotCommand.Run(args, data, Console.Out, Console.Error);
                    case "run":
                        return RunCommand.Run(args);
                    case "doctor":
                        return DoctorCommand.Run(args, Console.Out);
                    case "say":
                        return SayCommand.RunAsync(args, Console.Out).GetAwaiter().GetResult();
                    case "dtmf":
                        return DtmfCommand.Run(args, Console.Out, Console.Error);
                    case "ask" or "chat" or "eval" or "bench" or "demo" or "hear":
                        using (var kb = KnowledgeSetup.Open(data))
                        using (var llm = argv[0] is "ask" or "bench" or "demo" ? OpenLlm(args) : LlmSetup.None)
                        {
                            var engine = new DialogueEngine(kb, new DialogueOptions { HumanHelpline = Environment.GetEnvironmentVariable("SAARTHI_HELPLINE") },
                                llm.Model, llm.Options);
                            return argv[0] switch
                            {
                                "ask" => AskCommand.Run(args, engine, Console.Out, llm),
                                "chat" => ChatCommand.Run(args, engine, Console.In, Console.Out),
                                "eval" => EvalCommand.Run(args, engine, Console.Out),
                                "demo" => DemoCommand.RunAsync(args, kb, data, Console.Out, llm).GetAwaiter().GetResult(),
                                "hear" => HearCommand.RunAsync(args, kb, Console.Out, Console.Error).GetAwaiter().GetResult(),
                                _ => BenchCommand.Run(args, engine, DefaultQuestions(), Console.Out, llm),
                            };
                        }
                    default:
                        Console.Error.WriteLine($"saarthi: unknown verb '{argv[0]}'");
                        Console.Error.WriteLine(Usage);
                        return 64;
                }
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"saarthi {argv[0]}: {e.Message}");
                return 64;
            }
        }

        /// <summary>
        /// --llm MODEL.gguf | default | manifest:ID | tiny (else $SAARTHI_LLM_MODEL, else none): the local language model.
        /// A model that cannot be used is reported on stderr and the answers come from the templates.
        /// </summary>
        private static LlmSetup OpenLlm(Args args) => LlmSetup.Open(
            args.Get("llm"),
            new LanguageModelOptions { Threads = args.GetInt("llm-threads", 2) },
            new LlmOptions { Phrasing = new PhrasingOptions { Enabled = args.Has("phrase") } },
            line => Console.Error.WriteLine("saarthi: " + line));

        /// <summary>The practice set shipped with the tests, for `bench` without --questions.</summary>
        private static string DefaultQuestions()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "TestData", "practice_questions.json");
                if (File.Exists(candidate)) return candidate;
            }
            return "practice_questions.json";
        }
    }
}
