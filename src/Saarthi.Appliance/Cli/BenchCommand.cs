using System.Diagnostics;
using System.Globalization;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `bench [--questions FILE] [--rounds N]`: latency of a text turn over the practice set (p50/p95/max) and the
/// process's peak resident memory. Figures, not pass/fail: they go into issue notes.
/// </summary>
public static class BenchCommand
{
    public static int Run(Args args, DialogueEngine engine, string defaultQuestions, TextWriter output)
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
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS: {PeakRssMb():F1} MB (VmHWM)"));
        return 0;
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
