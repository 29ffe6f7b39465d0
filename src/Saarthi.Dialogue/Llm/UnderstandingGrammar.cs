using System.Text;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;

namespace Saarthi.Dialogue.Llm;

/// <summary>
/// The GBNF grammar the model's reading of a question must follow, generated from the snapshot:
/// <c>{"intent":…,"scheme_id":…,"slots":{…}}</c> with the intent one of the 13 labels, the scheme one of the snapshot's
/// ids or null, and typed slots in a fixed order, each optional (age 1–119, income digits, closed vocabularies for the
/// rest). No whitespace and no free text anywhere, so every output is short, bounded and parses.
/// </summary>
public static class UnderstandingGrammar
{
    /// <summary>The slots, in the order the grammar allows them.</summary>
    public static IReadOnlyList<string> SlotNames { get; } =
        ["age", "gender", "marital_status", "annual_income_inr", "occupation", "caste", "bpl", "disabled", "student", "residence"];

    public static IReadOnlyList<string> Genders { get; } = ["female", "male"];

    public static IReadOnlyList<string> MaritalStatuses { get; } = ["widowed", "married", "unmarried"];

    public static IReadOnlyList<string> Castes { get; } = ["SC", "ST", "OBC", "GEN"];

    public static IReadOnlyList<string> Residences { get; } = ["rural", "urban"];

    /// <summary>The occupations the snapshot's rules name (the codes the eligibility evaluator compares).</summary>
    public static IReadOnlyList<string> Occupations(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return [.. snapshot.Schemes.SelectMany(s => s.Rules?.Occupation ?? []).Where(o => o != "any" && o.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The grammar for <paramref name="snapshot"/> (root symbol "root").</summary>
    public static string Build(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var g = new StringBuilder();
        g.AppendLine("root ::= \"{\\\"intent\\\":\" intent \",\\\"scheme_id\\\":\" scheme \",\\\"slots\\\":\" slots \"}\"");
        g.Append("intent ::= ").AppendLine(Alternatives(Enum.GetValues<Intent>().Select(i => i.Label()), nullable: false));
        g.Append("scheme ::= ").AppendLine(Alternatives(snapshot.Schemes.Select(s => s.Id), nullable: true));

        // slots: "{}" or the slots said, each at most once, in SlotNames order: s0 ::= kv0 ("," s1)? | s1 … (bounded).
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["age"] = "age",
            ["gender"] = "gender",
            ["marital_status"] = "marital",
            ["annual_income_inr"] = "amount",
            ["occupation"] = "occupation",
            ["caste"] = "caste",
            ["bpl"] = "bool",
            ["disabled"] = "bool",
            ["student"] = "bool",
            ["residence"] = "residence",
        };
        g.AppendLine("slots ::= \"{}\" | \"{\" s0 \"}\"");
        for (var i = 0; i < SlotNames.Count; i++)
        {
            var kv = $"\"\\\"{SlotNames[i]}\\\":\" {values[SlotNames[i]]}";
            g.Append('s').Append(i).Append(" ::= ").Append(kv);
            if (i < SlotNames.Count - 1)
            {
                g.Append(" (\",\" s").Append(i + 1).Append(")? | s").Append(i + 1);
            }

            g.AppendLine();
        }

        g.AppendLine("age ::= [1-9] [0-9]? | \"1\" [01] [0-9]");
        g.AppendLine("amount ::= [1-9] [0-9]{0,8}");
        g.AppendLine("bool ::= \"true\" | \"false\"");
        g.Append("gender ::= ").AppendLine(Alternatives(Genders, nullable: false));
        g.Append("marital ::= ").AppendLine(Alternatives(MaritalStatuses, nullable: false));
        g.Append("caste ::= ").AppendLine(Alternatives(Castes, nullable: false));
        g.Append("residence ::= ").AppendLine(Alternatives(Residences, nullable: false));
        var occupations = Occupations(snapshot);
        g.Append("occupation ::= ").AppendLine(occupations.Count > 0 ? Alternatives(occupations, nullable: false) : "\"\\\"farmer\\\"\"");
        return g.ToString();
    }

    /// <summary>"\"a\"" | "\"b\"" (| "null"): JSON strings as GBNF literals.</summary>
    private static string Alternatives(IEnumerable<string> values, bool nullable)
    {
        var list = values.Select(v => "\"\\\"" + Escape(v) + "\\\"\"").ToList();
        if (nullable)
        {
            list.Insert(0, "\"null\"");
        }

        return string.Join(" | ", list);
    }

    /// <summary>Escapes a value for a GBNF literal that is itself the inside of a JSON string.</summary>
    private static string Escape(string value)
    {
        var s = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '"' or '\\':
                    s.Append("\\\\\\").Append(c); // JSON \" inside GBNF "…": \\\"
                    break;
                case < ' ':
                    break; // ids never hold control characters; drop them rather than break the grammar
                default:
                    s.Append(c);
                    break;
            }
        }

        return s.ToString();
    }
}
