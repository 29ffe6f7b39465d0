using System.Diagnostics;
using System.Globalization;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;
using Saarthi.Dialogue.Llm;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `bench [--questions FILE] [--rounds N] [--llm MODEL.gguf|tiny]`: latency of a text turn over the practice set
/// (p50/p95/max) and the process's peak resident memory; with a language model also its load time, prompt and generation
/// speed, first-token latency and a grammar-constrained reading. Figures, not pass/fail: they go into issue notes.
/// </summary>
public static class BenchCommand
{
    public static int Run(Args args, DialogueEngine engine, string defaultQuestions, TextWriter output, LlmSetup? llm = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(output);
        var file = args.Get("questions") ?? defaultQuestions;
        if (!File.Exists(file)) throw new UsageException($"question file not found: {file} (give one with --questions FILE)");
        int rounds = args.GetInt("rounds", 20);
        var items = AskCommand.LoadQuestions(file);
        foreach (var item in items) AskCommand.Answer(engine, item); // warm-up: JIT and SQLite page cache

        var samples = new List<double>(items.Count * rounds);
        for (int r = 0; r < rounds; r++)
            foreach (var item in items) samples.Add(AskCommand.Answer(engine, item).Ms);
        samples.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"text turn: {samples.Count} turns over {items.Count} questions: p50 {Percentile(samples, 50):F2} ms, p95 {Percentile(samples, 95):F2} ms, max {samples[^1]:F2} ms"));
        if (llm is { Requested: true })
        {
            if (llm.Model is null || engine.Llm is null)
            {
                output.WriteLine($"llm: not measured: {llm.Status}");
            }
            else
            {
                BenchLanguageModel(engine.Llm, llm, Math.Min(rounds, 5), output);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS: {PeakRssMb():F1} MB (VmHWM)"));
        return 0;
    }

    /// <summary>
    /// Load time, prompt tokens/s (a cold prompt: the understanding prompt with the whole snapshot), generation tokens/s
    /// (free text), first-token latency cold and with the system prompt cached, and one grammar-constrained reading.
    /// Medians over <paramref name="rounds"/>.
    /// </summary>
    private static void BenchLanguageModel(LlmAssist assist, LlmSetup llm, int rounds, TextWriter output)
    {
        var model = assist.Model;
        var info = model.Info;
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        output.WriteLine(F($"llm: {info.Name} ({info.Description}, {info.FileBytes / 1024.0 / 1024.0:F2} MB, {info.Path}); {info.Threads} thread(s), context {info.ContextSize}, template {info.ChatTemplate}"));
        output.WriteLine(F($"llm load: {llm.LoadTime.TotalMilliseconds:F1} ms (find, check, load, context)"));

        GenerationStats Run(GenerationRequest request)
        {
            foreach (var _ in model.GenerateAsync(request).ToBlockingEnumerable())
            {
            }

            return request.Stats!;
        }

        var understander = assist.Understander;
        var cold = new List<GenerationStats>();
        var warm = new List<GenerationStats>();
        var free = new List<GenerationStats>();
        var readings = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            // Cold: the whole understanding prompt decoded from scratch.
            var stats = new GenerationStats();
            understander.ReadRawAsync("meri maa 62 saal ki vidhwa hain, gaon mein rehti hain, unko kaunsi pension milegi?", new ConversationState(), stats).GetAwaiter().GetResult();
            cold.Add(stats);
            var clock = Stopwatch.StartNew();
            var warmStats = new GenerationStats();
            understander.ReadRawAsync("PM Kisan ke liye kaun se kagaz chahiye?", new ConversationState(), warmStats).GetAwaiter().GetResult();
            readings.Add(clock.Elapsed.TotalMilliseconds);
            warm.Add(warmStats);
            free.Add(Run(new GenerationRequest
            {
                Messages = [ChatMessage.System("You explain government welfare schemes to villagers in simple words."), ChatMessage.User("Tell me about PM-KISAN.")],
                MaxTokens = 64,
                Temperature = 0.7f,
                Seed = (uint)(r + 1),
                ReusePrefix = false,
                Stats = new GenerationStats(),
            }));
            // Next round starts cold again.
            Run(new GenerationRequest { Messages = [ChatMessage.User("reset")], MaxTokens = 1, ReusePrefix = false, Stats = new GenerationStats() });
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? 0 : Percentile(sorted, 50);
        }

        var promptTps = Median(cold.Select(s => s.PromptTokensPerSecond));
        output.WriteLine(F($"llm prompt: {cold[0].PromptTokens} tokens (understanding prompt, cold) in {Median(cold.Select(s => s.PromptTime.TotalMilliseconds)):F1} ms: {promptTps:F0} tokens/s"));
        var generated = free.Where(s => s.GeneratedTokens > 1).ToList();
        output.WriteLine(generated.Count == 0
            ? "llm generation: the model ended every answer at once (no tokens to time)"
            : F($"llm generation: {Median(generated.Select(s => (double)s.GeneratedTokens)):F0} tokens in {Median(generated.Select(s => s.GenerationTime.TotalMilliseconds)):F1} ms: {Median(generated.Select(s => s.GenerationTokensPerSecond)):F0} tokens/s"));
        output.WriteLine(F($"llm first token: {Median(cold.Select(s => s.FirstTokenLatency?.TotalMilliseconds ?? 0)):F1} ms with a cold prompt, {Median(warm.Select(s => s.FirstTokenLatency?.TotalMilliseconds ?? 0)):F1} ms with the system prompt cached ({Median(warm.Select(s => (double)s.PromptTokensDecoded)):F0} new tokens)"));
        output.WriteLine(F($"llm understanding: a grammar-constrained JSON reading takes {Median(readings):F1} ms ({Median(warm.Select(s => (double)s.GeneratedTokens)):F0} tokens) with the system prompt cached"));
        output.WriteLine(F($"llm over {rounds} round(s), medians; RSS now {CurrentRssMb():F1} MB"));
    }

    /// <summary>Current resident set size (VmRSS), in MB.</summary>
    public static double CurrentRssMb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { }
        return Environment.WorkingSet / 1024.0 / 1024.0;
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) return 0;
        double rank = p / 100 * (sorted.Count - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /// <summary>Peak resident set size from /proc/self/status, in MB; the managed estimate elsewhere.</summary>
    public static double PeakRssMb()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
    }
}
