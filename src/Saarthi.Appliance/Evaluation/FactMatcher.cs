using System.Text;
using System.Text.RegularExpressions;

namespace Saarthi.Appliance.Evaluation;

/// <summary>
/// The scoring rule of the practice file's must_mention: an entry passes if the answer contains any of its
/// '|'-separated alternatives after normalisation (case, Indic digits → ASCII, separators and spaces inside
/// numbers and hyphens removed); Latin alternatives on word boundaries, others as substrings.
/// </summary>
public static partial class FactMatcher
{
    public static bool Mentions(string answer, string entry)
    {
        var a = Normalize(answer);
        foreach (var alt in entry.Split('|'))
        {
            var n = Normalize(alt);
            if (n.Length == 0) continue;
            bool latin = n.Any(char.IsAsciiLetter) && n.All(c => c < 128);
            if (latin && !n.All(char.IsAsciiDigit))
            {
                if (Regex.IsMatch(a, $@"(?<![a-z0-9]){Regex.Escape(n)}(?![a-z0-9])")) return true;
            }
            else if (a.Contains(n, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public static string Normalize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s.ToLowerInvariant())
        {
            if (c >= '\u0966' && c <= '\u096F') sb.Append((char)('0' + (c - '\u0966')));
            else if (c >= '\u09E6' && c <= '\u09EF') sb.Append((char)('0' + (c - '\u09E6')));
            else if (c == '-' || c == '\u2011' || c == '\u2010') continue;
            else sb.Append(c);
        }
        // Thousands separators and spaces between digits: "6,000" and "1 20 000" → "6000", "120000".
        return DigitGap().Replace(sb.ToString(), "");
    }

    [GeneratedRegex(@"(?<=\d)[, ](?=\d)")]
    private static partial Regex DigitGap();
}
