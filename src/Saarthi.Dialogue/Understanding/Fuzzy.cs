using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Understanding;

/// <summary>How alike two folded words are, forgiving the errors speech recognisers and spellings make.</summary>
internal static class Fuzzy
{
    /// <summary>1 for the same word, down to 0 for unrelated ones. Numbers must match exactly.</summary>
    public static double Similarity(string a, string b)
    {
        if (a == b) return 1;
        if (a.Length == 0 || b.Length == 0 || char.IsAsciiDigit(a[0]) || char.IsAsciiDigit(b[0])) return 0;
        int min = Math.Min(a.Length, b.Length);
        if (min >= 4)
        {
            var sa = TextFold.Skeleton(a);
            if (sa.Length >= 3 && sa == TextFold.Skeleton(b)) return 0.85;
        }
        // Inflected forms: "मनरेगाचं" (Marathi), "किसानों", "yojnaon" start with the word they inflect.
        if (min >= 5 && Math.Abs(a.Length - b.Length) <= 4 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal))) return 0.75;
        if (min < 5 || Math.Abs(a.Length - b.Length) > 2) return 0;
        int d = Distance(a, b, 2);
        return d switch
        {
            1 => 0.8,
            2 when min >= 8 => 0.6,
            _ => 0,
        };
    }

    /// <summary>Levenshtein distance, giving up (returning max+1) once it exceeds <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (rowMin > max) return max + 1;
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
