using System.Diagnostics;
using System.Globalization;
using Saarthi.Appliance.Call;
using Saarthi.Appliance.Demo;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Modems;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `bench --call [--calls N]`: N simulated calls in a row (default 200) through the fake modem on a pty, the real modem
/// driver, kiosk host and call session, with speech both ways (espeak-ng caller, the kiosk's endpointer, pocketsphinx,
/// dialogue and espeak-ng). Prints the latency the caller feels (end of speech → first audio of the answer) with its
/// parts, and what 200 calls do to the process: resident memory, threads and open file descriptors before and after.
/// Figures, not pass/fail. The caller's speech is sent faster than real time and the kiosk's playback is not paced (the
/// fake modem takes audio at any speed); the quiet after each utterance is real time, so the endpointer's wait is real.
/// </summary>
public static class CallBench
{
    private static readonly string[][] QuestionSets =
    [
        ["what is the pm kisan scheme", "how do i apply for it", "how much money do i get from atal pension yojana"],
        // Phrased as the snapshot grammar has them: "apply for the mudra loan" is outside it and sends the recogniser to
        // its open language model (seconds on a loaded machine), which a soak of the call should not be about.
        ["what is the ayushman bharat scheme", "what documents do i need for it", "how do i apply for mudra loan"],
    ];

    public static int Run(Args args, string dataDirectory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        int calls = args.GetInt("calls", 200);
        return RunAsync(calls, dataDirectory, output).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int calls, string dataDirectory, TextWriter output)
    {
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        using var knowledge = KnowledgeSetup.Open(dataDirectory, _ => { });
        var options = new CallOptions { LanguageKeys = { ['1'] = "hi", ['2'] = "en" } };
        // Its own caller store and salt: the bench's callers are not the kiosk's.
        var benchData = Path.Combine(dataDirectory, "bench-call");
        var engines = new List<string>();
        using var services = await CallServicesFactory.CreateAsync(knowledge, options, benchData, engines.Add).ConfigureAwait(false);
        foreach (var engine in engines.Where(l => l.StartsWith("speech", StringComparison.Ordinal) || l.StartsWith("voice", StringComparison.Ordinal)))
            output.WriteLine("engine: " + engine);
        output.WriteLine(F($"call bench: {calls} calls (+2 warm-up) through the fake SIM7600 on a pty; caller speech faster than real time, the quiet after it in real time (the endpointer's 700 ms are real), the kiosk's playback unpaced"));

        await using var fake = FakeModem.OnPseudoTerminal();
        var modem = Modem.OnSerialPort(ModemProfile.BuiltIn("sim7600"), fake.DevicePath, voicePort: fake, options: new ModemOptions { PaceAudio = false });
        await using var line = modem.ConfigureAwait(false);
        using var stop = new CancellationTokenSource();
        await modem.StartAsync(stop.Token).ConfigureAwait(false);
        var records = new List<CallRecord>();
        var host = new KioskHost(modem, services, options);
        var serving = host.ServeAsync(r => { lock (records) records.Add(r); }, maxCalls: calls + 2, stop.Token);

        // One warm-up call of each script: every engine path (and the memory it touches) has run before "before".
        var warm = await CallAsync(fake, records, 0, stop.Token).ConfigureAwait(false);
        await CallAsync(fake, records, 1, stop.Token).ConfigureAwait(false);
        var before = Resources.Measure();
        var results = new List<CallResult>(calls);
        var soak = Stopwatch.StartNew();
        for (int i = 1; i <= calls; i++)
        {
            results.Add(await CallAsync(fake, records, i + 1, stop.Token).ConfigureAwait(false));
            if (i % 25 == 0 && i < calls)
            {
                var now = Resources.Measure();
                output.WriteLine(F($"  … {i} calls, {soak.Elapsed.TotalSeconds:F0} s: RSS {now.RssMb:F1} MB, managed {now.ManagedMb:F1} MB, threads {now.Threads}, fds {now.FileDescriptors}"));
                output.Flush();
            }
        }
        soak.Stop();
        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false); // the last call's workers wind down
        var after = Resources.Measure();
        await stop.CancelAsync().ConfigureAwait(false);
        try { await serving.ConfigureAwait(false); }
        catch (OperationCanceledException) { }

        Report(output, warm, results, before, after, soak.Elapsed);
        output.WriteLine(F($"bench wall time: {clock.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()} ({Environment.ProcessorCount} cores): figures include waiting for the CPU"));
        try { Directory.Delete(benchData, recursive: true); }
        catch (IOException) { }
        return 0;
    }

    private sealed record CallResult(CallRecord Record, bool AsScripted, int Said, int HeardAsSaid, IReadOnlyList<string> Misheard, IReadOnlyList<TimeSpan> CallerLatencies);

    private static async Task<CallResult> CallAsync(FakeModem fake, List<CallRecord> records, int index, CancellationToken ct)
    {
        var questions = QuestionSets[index % QuestionSets.Length];
        CallerStep[] steps =
        [
            new CallerStep.Press("2"),
            .. questions.Select(q => new CallerStep.Say(q, "en")),
            new CallerStep.Say("thank you bye", "en"),
            new CallerStep.Say("yes please", "en"),
            new CallerStep.WaitForHangUp(),
        ];
        int ended;
        lock (records) ended = records.Count;
        var caller = new ScriptedCaller(fake) { Fast = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        bool finished = true;
        try
        {
            await caller.RunAsync(string.Create(CultureInfo.InvariantCulture, $"+9198{index:D8}"), steps, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Off the script (a misheard goodbye leaves the kiosk listening): hang up, as a caller would.
            finished = false;
            if (fake.CallState != FakeCallState.Idle) await fake.HangUpAsync(ct).ConfigureAwait(false);
        }
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (records)
            {
                if (records.Count > ended) break;
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"call {index} never ended at the kiosk");
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
        CallRecord record;
        lock (records) record = records[ended];
        var said = questions.Append("thank you bye").ToList();
        var pairs = record.Turns.Zip(said).ToList();
        int heard = pairs.Count(p => p.First.Heard == p.Second);
        var misheard = pairs.Where(p => p.First.Heard != p.Second).Select(p => $"\"{p.Second}\" as \"{p.First.Heard}\"").ToList();
        return new CallResult(record, finished && record.Result == "completed" && record.Sms.Count == 1, said.Count, heard, misheard,
            caller.Latencies.Where(l => questions.Contains(l.Said)).Select(l => l.Latency).ToList());
    }

    private static void Report(TextWriter output, CallResult warm, List<CallResult> results, Resources before, Resources after, TimeSpan soak)
    {
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        int calls = results.Count;
        var outcomes = results.GroupBy(r => r.Record.Result).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine(F($"calls: {calls} in {soak.TotalSeconds:F0} s ({soak.TotalSeconds / Math.Max(1, calls):F1} s each); as scripted {results.Count(r => r.AsScripted)}; ended: {string.Join(", ", outcomes)}"));
        int said = results.Sum(r => r.Said), heard = results.Sum(r => r.HeardAsSaid);
        output.WriteLine(F($"recognition: {heard} of {said} utterances heard word for word ({100.0 * heard / Math.Max(1, said):F1} %)"));
        foreach (var miss in results.SelectMany(r => r.Misheard).GroupBy(m => m).OrderByDescending(g => g.Count()).Take(5))
            output.WriteLine(F($"  misheard {miss.Count()}×: {miss.Key}"));

        var answers = results.SelectMany(r => r.Record.Turns).Where(t => t.TimingsMs.ContainsKey("first_audio")).ToList();
        string Stats(string key)
        {
            var v = answers.Select(t => t.TimingsMs.GetValueOrDefault(key)).Order().ToList();
            return v.Count == 0 ? "none" : F($"p50 {BenchCommand.Percentile(v, 50):F0} ms, p95 {BenchCommand.Percentile(v, 95):F0} ms, max {v[^1]:F0} ms");
        }
        output.WriteLine(F($"end of speech → first audio of the answer (kiosk, {answers.Count} answers): {Stats("first_audio")}"));
        output.WriteLine($"  endpoint (quiet until the endpointer is sure): {Stats("endpoint")}");
        output.WriteLine($"  recognition, waited after the endpoint: {Stats("recognition")}");
        output.WriteLine(F($"  recognition, the recogniser's work: {Stats("recognition_engine")}; started during the pause for {100.0 * answers.Count(t => t.TimingsMs.GetValueOrDefault("early_recognition") > 0) / Math.Max(1, answers.Count):F0} % of answers"));
        output.WriteLine($"  understanding and answer: {Stats("understanding")}");
        output.WriteLine($"  synthesis of the first sentence: {Stats("synthesis")}");
        var heardByCaller = results.SelectMany(r => r.CallerLatencies).Select(l => l.TotalMilliseconds).Order().ToList();
        if (heardByCaller.Count > 0)
            output.WriteLine(F($"end of speech → first sound, as the caller hears it ({heardByCaller.Count} answers): p50 {BenchCommand.Percentile(heardByCaller, 50):F0} ms, p95 {BenchCommand.Percentile(heardByCaller, 95):F0} ms, max {heardByCaller[^1]:F0} ms"));
        var warmFirst = warm.Record.Turns.Select(t => t.TimingsMs.GetValueOrDefault("first_audio")).Where(x => x > 0).ToList();
        if (warmFirst.Count > 0) output.WriteLine(F($"warm-up call (not counted): first audio {string.Join(", ", warmFirst.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
        output.WriteLine(F($"RSS: {before.RssMb:F1} MB after the warm-up calls, {after.RssMb:F1} MB after {calls} calls: growth {100 * (after.RssMb - before.RssMb) / before.RssMb:F1} % (managed heap {before.ManagedMb:F1} → {after.ManagedMb:F1} MB)"));
        output.WriteLine(F($"threads: {before.Threads} → {after.Threads} (thread pool {before.PoolThreads} → {after.PoolThreads})"));
        output.WriteLine(F($"open file descriptors: {before.FileDescriptors} → {after.FileDescriptors}"));
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    /// <summary>What the process holds, after a full garbage collection.</summary>
    private sealed record Resources(double RssMb, double ManagedMb, int Threads, int PoolThreads, int FileDescriptors)
    {
        public static Resources Measure()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            int threads = 0;
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
            return new Resources(BenchCommand.CurrentRssMb(), GC.GetTotalMemory(false) / 1024.0 / 1024.0, threads, ThreadPool.ThreadCount,
                Directory.GetFileSystemEntries("/proc/self/fd").Length);
        }
    }
}
