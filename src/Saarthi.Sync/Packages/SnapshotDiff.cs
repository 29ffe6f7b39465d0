using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saarthi.Sync.Packages;

/// <summary>One field that differs between two versions of a scheme.</summary>
/// <param name="Path">JSON path inside the scheme, e.g. <c>benefits.items[0].amount_inr</c>.</param>
/// <param name="IsAmount">A rupee amount or income limit: these are what callers are told, so they are flagged.</param>
public sealed record FieldChange(string Path, string? Old, string? New, bool IsAmount);

/// <summary>How one scheme differs.</summary>
public sealed record SchemeChange(string SchemeId, string Name, string Kind, IReadOnlyList<FieldChange> Fields);

/// <summary>Two snapshots compared scheme by scheme: added, removed, and changed fields (amounts flagged).</summary>
public sealed record SnapshotDiffResult(
    string OldSnapshotId,
    string NewSnapshotId,
    IReadOnlyList<SchemeChange> Added,
    IReadOnlyList<SchemeChange> Removed,
    IReadOnlyList<SchemeChange> Changed,
    IReadOnlyList<FieldChange> Header)
{
    public bool Same => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && Header.Count == 0;

    /// <summary>Readable text: one block per scheme, amounts marked with ₹.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"snapshot {OldSnapshotId} → {NewSnapshotId}: {Added.Count} added, {Removed.Count} removed, {Changed.Count} changed");
        foreach (var h in Header)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {h.Path}: {h.Old ?? "(none)"} → {h.New ?? "(none)"}");
        }

        foreach (var s in Added)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"+ {s.SchemeId}  {s.Name}");
        }

        foreach (var s in Removed)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {s.SchemeId}  {s.Name}");
        }

        foreach (var s in Changed)
        {
            int amounts = s.Fields.Count(f => f.IsAmount);
            sb.AppendLine(CultureInfo.InvariantCulture, $"~ {s.SchemeId}  {s.Name}  ({s.Fields.Count} field(s){(amounts > 0 ? $", {amounts} amount(s)" : "")})");
            foreach (var f in s.Fields)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"    {(f.IsAmount ? "₹ " : "  ")}{f.Path}: {f.Old ?? "(none)"} → {f.New ?? "(none)"}");
            }
        }

        return sb.ToString();
    }
}

/// <summary>Compares two snapshot JSON documents (the raw records, so every field counts, not only the ones parsed).</summary>
public static class SnapshotDiff
{
    private const int MaxValueLength = 120;

    public static SnapshotDiffResult Compare(string oldJson, string newJson)
    {
        var oldRoot = JsonNode.Parse(oldJson.TrimStart('\uFEFF'))?.AsObject() ?? throw new JsonException("the old snapshot is empty");
        var newRoot = JsonNode.Parse(newJson.TrimStart('\uFEFF'))?.AsObject() ?? throw new JsonException("the new snapshot is empty");
        var oldSchemes = Schemes(oldRoot);
        var newSchemes = Schemes(newRoot);

        var header = new List<FieldChange>();
        foreach (var key in new[] { "snapshot_id", "schema_version", "compiled_on", "languages", "scheme_count" })
        {
            var o = Render(oldRoot[key]);
            var n = Render(newRoot[key]);
            if (o != n)
            {
                header.Add(new FieldChange(key, o, n, false));
            }
        }

        var added = newSchemes.Keys.Where(id => !oldSchemes.ContainsKey(id))
            .Select(id => new SchemeChange(id, NameOf(newSchemes[id]), "added", [])).ToList();
        var removed = oldSchemes.Keys.Where(id => !newSchemes.ContainsKey(id))
            .Select(id => new SchemeChange(id, NameOf(oldSchemes[id]), "removed", [])).ToList();
        var changed = new List<SchemeChange>();
        foreach (var (id, oldScheme) in oldSchemes)
        {
            if (!newSchemes.TryGetValue(id, out var newScheme))
            {
                continue;
            }

            var fields = new List<FieldChange>();
            Walk(oldScheme, newScheme, "", fields);
            if (fields.Count > 0)
            {
                changed.Add(new SchemeChange(id, NameOf(newScheme), "changed", fields));
            }
        }

        return new SnapshotDiffResult(
            (string?)oldRoot["snapshot_id"] ?? "?", (string?)newRoot["snapshot_id"] ?? "?", added, removed, changed, header);
    }

    private static Dictionary<string, JsonNode?> Schemes(JsonObject root)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (root["schemes"] is JsonArray array)
        {
            int i = 0;
            foreach (var s in array)
            {
                var id = s is JsonObject o && o["id"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : $"#{i}";
                result.TryAdd(id, s);
                i++;
            }
        }

        return result;
    }

    private static string NameOf(JsonNode? scheme) =>
        scheme?["names"]?["en"]?.GetValue<string>() ?? scheme?["names"]?["hi"]?.GetValue<string>() ?? "";

    private static void Walk(JsonNode? a, JsonNode? b, string path, List<FieldChange> changes)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                Walk(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}", changes);
            }

            return;
        }

        if (a is JsonArray aa && b is JsonArray ab && (aa.Any(x => x is JsonObject) || ab.Any(x => x is JsonObject)))
        {
            for (int i = 0; i < Math.Max(aa.Count, ab.Count); i++)
            {
                Walk(i < aa.Count ? aa[i] : null, i < ab.Count ? ab[i] : null, $"{path}[{i}]", changes);
            }

            return;
        }

        if (!JsonNode.DeepEquals(a, b))
        {
            changes.Add(new FieldChange(path, Render(a), Render(b), IsAmount(path)));
        }
    }

    private static bool IsAmount(string path)
    {
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        return leaf.EndsWith("_inr", StringComparison.Ordinal) || leaf.Contains("amount", StringComparison.Ordinal);
    }

    private static string? Render(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        return text.Length > MaxValueLength ? text[..MaxValueLength] + "…" : text;
    }
}
