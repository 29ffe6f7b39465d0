using System.Diagnostics;
using System.Globalization;
using Saarthi.Appliance.Call;
using Saarthi.Dialogue.Llm;
using Saarthi.Knowledge;
using Saarthi.Telephony;
using Saarthi.Telephony.Fake;
using Saarthi.Telephony.Modems;

namespace Saarthi.Appliance.Demo;

/// <summary>
/// A whole simulated call on the embedded defaults: the fake modem on a pseudo-terminal plays a SIM7600, the real
/// modem driver talks AT to it, the real call session answers, and a scripted caller speaks (espeak-ng, telephone band)
/// and presses keys. Prints a transcript with the state changes and per-turn timings, and writes both directions of
/// the call to a stereo WAV.
/// </summary>
public sealed class DemoRunner
{
    private readonly IKnowledgeBase _knowledge;
    private readonly string _dataDirectory;
    private readonly TextWriter _out;
    private readonly bool _quiet;
    private readonly LlmSetup? _llm;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <param name="llm">The language model the dialogue uses (`demo --llm`), or null for the rules and templates alone.</param>
    public DemoRunner(IKnowledgeBase knowledge, string dataDirectory, TextWriter output, bool quiet, LlmSetup? llm = null)
    {
        _llm = llm;
        _knowledge = knowledge;
        _dataDirectory = dataDirectory;
        _out = output;
        _quiet = quiet;
    }

    public sealed record Outcome(CallRecord Record, string? RecordingPath, string? Error, ScriptedCaller? Caller);

    public async Task<Outcome> RunAsync(string scenario, string recordingPath, CancellationToken cancellationToken)
    {
        if (!DemoScenarios.All.TryGetValue(scenario, out var script))
            throw new ArgumentException($"unknown scenario '{scenario}'; try: {string.Join(", ", DemoScenarios.All.Keys)}", nameof(scenario));
        Say($"Saarthi demo — scenario '{scenario}': {script.Description}.");
        Say($"Snapshot {_knowledge.Snapshot.SnapshotId} ({_knowledge.Snapshot.Schemes.Count} schemes).");

        var options = new CallOptions { LanguageKeys = { ['1'] = "hi", ['2'] = "en" } };
        // The demo's caller rings from the same number every run: a caller store of its own, fresh each time, so a second
        // run is not taken for the same caller coming back (which skips the menu the script expects) and the kiosk's
        // real callers are not mixed with the demo's.
        var callers = Path.Combine(_dataDirectory, "demo", "callers");
        if (Directory.Exists(callers)) Directory.Delete(callers, recursive: true);
        var services = await CallServicesFactory.CreateAsync(_knowledge, options, callers, Log, null, _llm, cancellationToken).ConfigureAwait(false);

        await using var fake = FakeModem.OnPseudoTerminal();
        Log($"fake modem (SIM7600) on {fake.DevicePath}");
        var modem = Modem.OnSerialPort(ModemProfile.BuiltIn("sim7600"), fake.DevicePath, voicePort: fake);
        await using var line = modem.ConfigureAwait(false);
        await modem.StartAsync(cancellationToken).ConfigureAwait(false);
        Log($"modem initialised: {(await modem.HealthAsync(cancellationToken).ConfigureAwait(false)).Detail}");

        var caller = new ScriptedCaller(fake, Say);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromMinutes(4));
        var host = new KioskHost(modem, services, options, log: Log);
        CallRecord? record = null;
        string? error = null;
        var serving = host.ServeAsync(r => record = r, maxCalls: 1, stop.Token);
        var callerTask = Task.Run(() => caller.RunAsync(DemoScenarios.CallerId, script.Steps, stop.Token), CancellationToken.None);
        if (scenario == "modem-fault") _ = Task.Run(() => RestartMidCallAsync(fake, stop.Token), CancellationToken.None);
        try
        {
            // A caller that gives up (the kiosk said nothing it expected) ends the demo at once, not at the time limit.
            if (await Task.WhenAny(serving, callerTask).ConfigureAwait(false) == callerTask && callerTask.IsFaulted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await callerTask.ConfigureAwait(false);
            }
            await serving.ConfigureAwait(false);
            await callerTask.WaitAsync(TimeSpan.FromSeconds(20), stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException or InvalidOperationException)
        {
            error = e.GetType().Name + ": " + e.Message;
            Log("demo: " + error);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            services.Dispose();
        }

        string? wav = null;
        if (caller.CallerAudio.Count + caller.KioskAudio.Count > 0)
        {
            var length = CallRecording.Write(recordingPath, caller.CallerAudio, caller.KioskAudio);
            wav = recordingPath;
            Say(string.Create(CultureInfo.InvariantCulture, $"Recording: {recordingPath} ({length.TotalSeconds:F1} s, left = caller, right = kiosk)."));
        }
        if (record is not null && !_quiet) PrintSummary(record);
        return new Outcome(record ?? new CallRecord { Result = "not_answered" }, wav, error, caller);
    }

    private static async Task RestartMidCallAsync(FakeModem fake, CancellationToken ct)
    {
        while (fake.CallState != FakeCallState.Active) await Task.Delay(50, ct).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(12), ct).ConfigureAwait(false);
        await fake.RestartAsync(ct).ConfigureAwait(false);
    }

    private void PrintSummary(CallRecord r)
    {
        Say("");
        Say($"Call {r.Result} in {r.Duration.TotalSeconds:F1} s, language {r.Language}; {r.Turns.Count} turns, {r.Sms.Count} SMS.");
        foreach (var t in r.Turns)
        {
            var timings = string.Join(", ", t.TimingsMs.Where(kv => kv.Key != "early_recognition").Select(kv => $"{kv.Key} {kv.Value:F0} ms")) +
                (t.TimingsMs.GetValueOrDefault("early_recognition") > 0 ? "; recognised during the pause" : "");
            Say($"  [{t.Intent}{(t.SchemeIds.Count > 0 ? " → " + string.Join(",", t.SchemeIds) : "")}] heard \"{t.Heard}\" ({timings})");
            if (t.UnderstoodBy is not null) Say($"      understood by {t.UnderstoodBy}, worded by {t.WordedBy} ({t.ModelNote})");
        }
        foreach (var s in r.Sms) Say($"  SMS: {s}");
    }

    private void Log(string line)
    {
        if (_quiet) return;
        // State changes and what was heard are the transcript; engine chatter stays out.
        if (line.StartsWith("call: ", StringComparison.Ordinal) || !line.Contains(':', StringComparison.Ordinal) || line.StartsWith("speech", StringComparison.Ordinal) ||
            line.StartsWith("voice", StringComparison.Ordinal) || line.StartsWith("language model", StringComparison.Ordinal) || line.StartsWith("prompts", StringComparison.Ordinal) || line.StartsWith("modem", StringComparison.Ordinal) ||
            line.StartsWith("fake", StringComparison.Ordinal))
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds,6:F2}s  {line}"));
    }

    private void Say(string line)
    {
        if (!_quiet) _out.WriteLine(line.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds,6:F2}s  {line}"));
    }
}
