using System.Globalization;
using System.Text;

namespace Saarthi.Telephony.At;

/// <summary>One comma-separated parameter of an information response: its text (quotes removed) and whether it was quoted.</summary>
public readonly record struct AtField(string Text, bool Quoted)
{
    public int? AsInt() =>
        !Quoted && int.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public bool IsEmpty => Text.Length == 0;

    public override string ToString() => Text;
}

/// <summary>Splits and reads the parameters of lines like <c>+CLIP: "+919876543210",145,"",0,"Ramesh",0</c>.</summary>
public static class AtFields
{
    /// <summary>The text after <c>prefix</c> (e.g. <c>+CSQ:</c>), trimmed; <see langword="null"/> when the line does not start with it.</summary>
    public static string? After(string line, string prefix)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(prefix);
        return line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? line[prefix.Length..].Trim() : null;
    }

    /// <summary>Splits on commas outside double quotes. An unterminated quote runs to the end of the line.</summary>
    public static IReadOnlyList<AtField> Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var fields = new List<AtField>();
        var current = new StringBuilder();
        var quoted = false;
        var inQuotes = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
                quoted = true;
                continue;
            }

            if (c == ',' && !inQuotes)
            {
                fields.Add(Make(current, quoted));
                current.Clear();
                quoted = false;
                continue;
            }

            current.Append(c);
        }

        fields.Add(Make(current, quoted));
        return fields;
    }

    private static AtField Make(StringBuilder text, bool quoted) => new(quoted ? text.ToString() : text.ToString().Trim(), quoted);
}
