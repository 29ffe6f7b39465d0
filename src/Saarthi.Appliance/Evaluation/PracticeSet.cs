using System.Text.Json;

namespace Saarthi.Appliance.Evaluation;

/// <summary>One caller question of a practice/evaluation file (the format of practice_questions.json).</summary>
public sealed record PracticeItem(
    string Id,
    string Language,
    string Question,
    string? PreviousUser,
    string? PreviousAssistant,
    IReadOnlyList<string> ExpectedSchemeIds,
    IReadOnlyList<string> AlsoRelevantSchemeIds,
    string ExpectedIntent,
    IReadOnlyList<string> MustMention,
    string? ExpectedVerdict);

public static class PracticeSet
{
    /// <summary>Reads the file; a malformed item is reported with its position rather than failing the whole run.</summary>
    public static List<PracticeItem> Load(string path, Action<string>? warn = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: no 'items' list (expected the format of practice_questions.json)");
        var list = new List<PracticeItem>();
        int n = 0;
        foreach (var e in items.EnumerateArray())
        {
            n++;
            string? question = Str(e, "question");
            if (question is null) { warn?.Invoke($"{path}: item #{n} has no 'question'; skipped"); continue; }
            string? pu = null, pa = null;
            if (e.TryGetProperty("previous_turn", out var prev) && prev.ValueKind == JsonValueKind.Object)
            {
                pu = Str(prev, "user");
                pa = Str(prev, "assistant");
            }
            list.Add(new PracticeItem(Str(e, "id") ?? $"#{n}", Str(e, "language") ?? "", question, pu, pa,
                Strs(e, "expected_scheme_ids"), Strs(e, "also_relevant_scheme_ids"), Str(e, "expected_intent") ?? "",
                Strs(e, "must_mention"), Str(e, "expected_verdict")));
        }
        return list;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> Strs(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
}
