using System.Text;
using System.Text.RegularExpressions;
using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Answers;

/// <summary>Cuts record text down to phone length: whole clauses, a full stop at the end, ₹ for rupees.</summary>
public static partial class TextBrief
{
    public static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>
    /// The first sentence of <paramref name="text"/>, cut at a clause boundary (; : – ,) so it has at most
    /// <paramref name="maxWords"/> words; never cuts inside a number or a bracket.
    /// </summary>
    public static string Brief(string text, int maxWords)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var s = FirstSentence(text.Trim());
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= maxWords) return EndSentence(s);
        // Walk the words and remember the last clause end within the budget.
        // Cut at the latest clause boundary (; : – or a comma) within the budget, but never at a comma inside a
        // list ("land, Aadhaar and passbook copies"), which would leave half a list.
        int depth = 0, cut = -1;
        for (int i = 0; i < maxWords && i < words.Length; i++)
        {
            foreach (char c in words[i]) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth > 0) continue;
            var w = words[i];
            bool strong = w.EndsWith(';') || w.EndsWith(':') || (i + 1 < words.Length && words[i + 1] is "–" or "-");
            if (strong || (w.EndsWith(',') && !InsideList(words, i))) cut = i;
        }
        if (cut < Math.Min(5, maxWords / 3))
        {
            // No clause boundary: cut at the budget, but not after a word that needs what follows ("fill the", "due to").
            cut = Math.Min(maxWords, words.Length) - 1;
            // A clause cut after its "and"/"or" leaves half a thought ("…savings account and fill."): end before it.
            for (int j = cut; j > maxWords / 2; j--)
            {
                if (Conjunctions.Contains(words[j].ToLowerInvariant())) { cut = j - 1; break; }
            }
            while (cut > maxWords / 2 && Dangling.Contains(words[cut].TrimEnd(',', ';', ':').ToLowerInvariant())) cut--;
        }
        var result = string.Join(' ', words.Take(cut + 1)).TrimEnd(',', ';', ':', ' ', '–', '-');
        return EndSentence(result);
    }

    private static readonly HashSet<string> Dangling = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "of", "to", "for", "in", "on", "at", "by", "with", "from", "due", "per", "as", "their", "your", "its",
        "की", "के", "का", "को", "से", "में", "पर", "और", "या", "तक", "लिए", "हेतु", "द्वारा",
    };

    private static readonly HashSet<string> Conjunctions = new(StringComparer.Ordinal) { "and", "or", "और", "या", "व", "आणि", "किंवा" };

    /// <summary>
    /// True when the comma after word <paramref name="i"/> sits between short list items ("land, Aadhaar and passbook"):
    /// "and"/"or" follows one or two words later. A comma right before "and" closes the list, and cutting there loses
    /// only its last item.
    /// </summary>
    private static bool InsideList(string[] words, int i)
    {
        for (int j = i + 1; j < Math.Min(words.Length, i + 4); j++)
        {
            if (Conjunctions.Contains(words[j])) return j > i + 1;
            if (words[j].EndsWith(',') || words[j].EndsWith(';') || words[j].EndsWith('.')) return false;
        }
        return false;
    }

    public static string FirstSentence(string s)
    {
        // A full stop ends a sentence only when followed by a space and not inside a number ("1.5 lakh", "Rs 1.20").
        for (int i = 0; i < s.Length - 1; i++)
        {
            if ((s[i] == '.' || s[i] == '।') && s[i + 1] == ' ' && !(i > 0 && char.IsDigit(s[i - 1]) && i + 2 < s.Length && char.IsDigit(s[i + 2])))
            {
                var head = s[..(i + 1)];
                if (head.EndsWith(" Rs.", StringComparison.Ordinal) || head.EndsWith(" no.", StringComparison.OrdinalIgnoreCase)) continue;
                return head;
            }
        }
        return s;
    }

    public static string EndSentence(string s)
    {
        s = s.Trim();
        if (s.Length == 0) return s;
        char last = s[^1];
        if (last is '.' or '।' or '?' or '!') return s;
        return s + (TextFold.IsIndic(s) ? "।" : ".");
    }

    /// <summary>"Rs 6,000" / "Rs. 6000" / "INR 6,000" → "₹6,000": one way of writing money in every answer.</summary>
    public static string Rupees(string s) => RupeePattern().Replace(s, "₹");

    /// <summary>Drops bracketed asides ("(from 1 June 2022)") from list items to keep them short.</summary>
    public static string WithoutBrackets(string s) => Regex.Replace(s, @"\s*\([^)]*\)", "").Trim();

    public static string Join(IEnumerable<string> sentences)
    {
        var sb = new StringBuilder();
        foreach (var s in sentences)
        {
            if (string.IsNullOrWhiteSpace(s)) continue;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(s.Trim());
        }
        return sb.ToString();
    }

    /// <summary>A step without its trailing "or" / "या"; <paramref name="isAlternative"/> says whether it had one.</summary>
    public static string Alternative(string step, out bool isAlternative)
    {
        var t = step.TrimEnd();
        foreach (var tail in new[] { ", or", " or", ", या", " या", ", किंवा", " किंवा" })
        {
            if (t.EndsWith(tail, StringComparison.Ordinal)) { isAlternative = true; return t[..^tail.Length].TrimEnd(',', ' '); }
        }
        isAlternative = false;
        return t;
    }

    public static string LowerFirst(string s) =>
        s.Length > 1 && char.IsUpper(s[0]) && !char.IsUpper(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>"a, b and c" in the answer's language.</summary>
    public static string List(IReadOnlyList<string> items, string and)
    {
        if (items.Count == 0) return "";
        if (items.Count == 1) return items[0];
        return string.Join(", ", items.Take(items.Count - 1)) + " " + and + " " + items[^1];
    }

    [GeneratedRegex(@"\b(?:Rs\.?|INR)\s?(?=\d)")]
    private static partial Regex RupeePattern();
}
