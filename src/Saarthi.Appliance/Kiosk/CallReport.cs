using Saarthi.Appliance.Call;
using Saarthi.Sync.Telemetry;

namespace Saarthi.Appliance.Kiosk;

/// <summary>
/// What the NGO learns from a finished call: when, how long, which line, the language, the intent of each turn, the
/// schemes asked about and how it ended. Never the caller's number, never what was said.
/// </summary>
public static class CallReport
{
    public static CallTelemetry ToTelemetry(CallRecord record, DateTimeOffset endedAt)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new CallTelemetry(
            StartedAt: endedAt - record.Duration,
            Duration: record.Duration,
            Line: LineKind(record.Line),
            Language: record.Language,
            SchemesAsked: record.Turns.SelectMany(t => t.SchemeIds.Distinct()).ToList(),
            Questions: record.Turns.Count,
            Result: Kind(record.Result),
            Intents: record.Turns.Select(t => t.Intent).ToList());
    }

    /// <summary><c>phone</c> for the modem, <c>handset</c> for the kiosk's handset.</summary>
    private static string LineKind(string line) =>
        line.StartsWith("modem", StringComparison.Ordinal) ? "phone"
        : line.Contains("handset", StringComparison.OrdinalIgnoreCase) ? "handset"
        : Kind(line);

    /// <summary>The kind without its detail (<c>fault: modem gone</c> → <c>fault</c>), so results count together.</summary>
    private static string Kind(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? text : text[..colon]).Trim();
    }
}
