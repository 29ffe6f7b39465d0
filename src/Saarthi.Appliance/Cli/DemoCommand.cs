using Saarthi.Appliance.Demo;
using Saarthi.Dialogue.Llm;
using Saarthi.Knowledge;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `demo [--json] [--scenario NAME] [--wav PATH] [--llm MODEL.gguf|tiny [--phrase]]`: a whole simulated call on the
/// embedded defaults (fake modem on a pty, the real modem driver and call session, espeak-ng caller audio, pocketsphinx
/// with the snapshot grammar). With --llm the dialogue asks the language model when the rules are unsure (and words the
/// answers with --phrase, under the fact guard); the JSON says per turn which parts came from it.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(Args args, IKnowledgeBase knowledge, string dataDirectory, TextWriter output, LlmSetup? llm = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        bool json = args.Has("json");
        var scenario = args.Get("scenario") ?? "english";
        if (!DemoScenarios.All.ContainsKey(scenario))
            throw new UsageException($"unknown scenario '{scenario}'; scenarios: {string.Join(", ", DemoScenarios.All.Select(s => $"{s.Key} ({s.Value.Description})"))}");
        var wav = args.Get("wav") ?? Path.Combine(dataDirectory, "demo", $"call-{scenario}.wav");
        var runner = new DemoRunner(knowledge, dataDirectory, output, quiet: json, llm is { Requested: true } ? llm : null);
        var outcome = await runner.RunAsync(scenario, wav, cancellationToken).ConfigureAwait(false);
        var r = outcome.Record;
        if (json)
        {
            output.WriteLine(Json.Line(new
            {
                Result = outcome.Error is null ? r.Result : r.Result + " (" + outcome.Error + ")",
                Scenario = scenario,
                r.Language,
                Llm = llm is { Requested: true } ? new { Model = llm.Model?.Info.Name ?? llm.Spec, llm.Status, Phrasing = llm.Options.Phrasing.Enabled } : null,
                Turns = r.Turns.Select(t => new { t.Heard, t.Confidence, t.Intent, t.SchemeIds, t.Answer, TimingsMs = t.TimingsMs, t.UnderstoodBy, t.WordedBy, t.ModelNote }),
                r.Sms,
                States = r.States.Select(s => $"{s.From} --{s.Trigger}--> {s.To}"),
                Recording = outcome.RecordingPath,
                AsScripted = AsScripted(scenario, r),
                DurationS = Math.Round(r.Duration.TotalSeconds, 1),
            }));
        }
        // The demo succeeded when the call ran to an end on its own; how it ended (and whether that was the script's
        // intent) is in the transcript. A demo that could not run (no modem, a timeout) fails.
        bool asScripted = AsScripted(scenario, r);
        if (!json) output.WriteLine(asScripted ? "The call went as scripted." : $"The call ended as '{r.Result}', not as scripted (see the transcript: what the recogniser heard decides the path).");
        return outcome.Error is null && r.Result is not ("not_answered" or "in_progress") ? 0 : 1;
    }

    /// <summary>Whether the call ended the way its script means it to: the full calls also take the SMS summary.</summary>
    private static bool AsScripted(string scenario, Call.CallRecord r) => scenario switch
    {
        "silence" => r.Result == "silence",
        "hangup" => r.Result == "caller_hung_up",
        "modem-fault" => r.Result is "line_reset",
        _ => r.Result == "completed" && r.Sms.Count == 1,
    };
}
