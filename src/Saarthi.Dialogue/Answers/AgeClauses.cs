using System.Globalization;
using System.Text.RegularExpressions;

namespace Saarthi.Dialogue.Answers;

/// <summary>
/// Benefit texts often give amounts by age ("Rs 200 per month for age 60-79; Rs 500 per month for age 80 and above"):
/// a caller who said their age hears their own clause first, so the phone-length cut keeps it.
/// </summary>
internal static partial class AgeClauses
{
    /// <summary>The text with the clause whose age range holds <paramref name="age"/> moved to the front; unchanged when none does.</summary>
    public static string ForAge(string text, int? age)
    {
        if (age is not { } a || string.IsNullOrEmpty(text)) return text;
        var clauses = text.Split(';').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (clauses.Count < 2) return text;
        int match = clauses.FindIndex(c => Holds(c, (int?)a));
        if (match <= 0) return text;
        var first = clauses[match];
        clauses.RemoveAt(match);
        return string.Join("; ", [first, .. clauses]);
    }

    /// <summary>Whether the text states an age range that <paramref name="age"/> falls in.</summary>
    public static bool Holds(string text, int? age) => age is { } a && text.Split(';').Any(c => Holds(c, a));

    private static bool Holds(string clause, int age)
    {
        if (!AgeWord().IsMatch(clause)) return false;
        if (Range().Match(clause) is { Success: true } r)
            return age >= Int(r.Groups[1].Value) && age <= Int(r.Groups[2].Value);
        if (AtLeast().Match(clause) is { Success: true } m)
            return age >= Int(m.Groups[1].Value);
        return false;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\bage\b|\bages\b|\byears\b|वर्ष|साल|आयु|उम्र", RegexOptions.IgnoreCase)]
    private static partial Regex AgeWord();

    [GeneratedRegex(@"(?<![₹\d.,])\b(\d{1,3})\s*[-–]\s*(\d{1,3})\b(?!\s*(?:lakh|लाख|%))")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(\d{1,3})\s*(?:\+|years? and above|and above|years? or above|or above|or more|वर्ष और उससे अधिक|वर्ष या उससे अधिक|वर्ष से अधिक|साल से ज़्यादा|वर्ष से)", RegexOptions.IgnoreCase)]
    private static partial Regex AtLeast();
}
