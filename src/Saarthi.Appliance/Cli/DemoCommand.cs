using System.Diagnostics;
using System.Globalization;
using Saarthi.Dialogue;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Appliance.Cli;

/// <summary>
/// `demo [--json]`: a scripted caller's conversation with the kiosk on the embedded defaults. Today it runs the
/// text brain only (what the caller says → what the kiosk answers, with timings); the telephony and speech
/// layers join this same script as they are built.
/// </summary>
public static class DemoCommand
{
    private static readonly (string Language, string Said)[] Script =
    [
        ("en", "hello"),
        ("en", "what is the pm kisan yojana"),
        ("en", "how do I apply for it"),
        ("hi", "मेरी माँ विधवा हैं, उम्र 52 साल, बीपीएल कार्ड है, उन्हें कितनी पेंशन मिलेगी?"),
        ("hi-Latn", "ayushmaan card me kitne ka ilaaj free hota hai"),
        ("hi-Latn", "iske liye kya kya kagaz chahiye"),
        ("en", "that's all, thank you"),
    ];

    public static int Run(Args args, DialogueEngine engine, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(output);
        bool json = args.Has("json");
        var state = new ConversationState();
        var turns = new List<DemoTurn>();
        if (!json)
        {
            output.WriteLine($"Saarthi demo — a caller talks to the kiosk (snapshot {engine.Knowledge.Snapshot.SnapshotId}, {engine.Knowledge.Snapshot.Schemes.Count} schemes).");
            output.WriteLine("Mode: text brain only; the simulated phone call (modem, speech) is added by the telephony and speech layers.");
            output.WriteLine();
        }
        foreach (var (_, said) in Script)
        {
            var sw = Stopwatch.StartNew();
            var turn = engine.Respond(said, state);
            double ms = Math.Round(sw.Elapsed.TotalMilliseconds, 2);
            turns.Add(new DemoTurn(said, turn.Intent.Label(), turn.SchemeIds, turn.Answer, new Dictionary<string, double> { ["understanding_and_answer"] = ms, ["total"] = ms }));
            if (!json)
            {
                output.WriteLine($"caller : {said}");
                output.WriteLine($"kiosk  : {turn.Answer}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"         [{turn.Intent.Label()}{(turn.SchemeIds.Count > 0 ? " → " + string.Join(", ", turn.SchemeIds) : "")}; {turn.Language}; {ms:F2} ms]"));
                output.WriteLine();
            }
            if (turn.EndsCall) break;
        }
        if (json) output.WriteLine(Json.Line(new DemoResult("completed", "text", turns)));
        else output.WriteLine($"completed: {turns.Count} turns.");
        return 0;
    }

    private sealed record DemoTurn(string Heard, string Intent, IReadOnlyList<string> SchemeIds, string Answer, IReadOnlyDictionary<string, double> TimingsMs);

    private sealed record DemoResult(string Result, string Mode, IReadOnlyList<DemoTurn> Turns);
}
