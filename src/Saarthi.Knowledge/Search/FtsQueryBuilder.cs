using System.Text;

namespace Saarthi.Knowledge.Search;

/// <summary>
/// Turns free caller text into a safe FTS5 MATCH expression. Every word becomes a quoted string literal, so
/// FTS syntax in the input (" * ( : ^ ' NEAR AND OR) is just text; the builder never throws.
/// </summary>
public static class FtsQueryBuilder
{
    public const int MaxTerms = 24;
    public const int MaxTermLength = 48;

    /// <summary>An OR of the words of <paramref name="text"/>, or null when nothing searchable remains.</summary>
    public static string? AnyWord(string? text, int minLength = 2, IReadOnlySet<string>? stopWords = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in TextFold.RawWords(text.Length > 4000 ? text[..4000] : text))
        {
            var w = word.ToLowerInvariant();
            if (w.Length < minLength || w.Length > MaxTermLength) continue;
            if (stopWords is not null && stopWords.Contains(w)) continue;
            if (!seen.Add(w)) continue;
            terms.Add(Quote(w));
            if (terms.Count == MaxTerms) break;
        }
        return terms.Count == 0 ? null : string.Join(" OR ", terms);
    }

    /// <summary>FTS5 string literal: wrapped in double quotes, inner quotes doubled, control characters and lone surrogates dropped.</summary>
    public static string Quote(string term)
    {
        var sb = new StringBuilder(term.Length + 2).Append('"');
        for (int i = 0; i < term.Length; i++)
        {
            char c = term[i];
            if (char.IsHighSurrogate(c) && i + 1 < term.Length && char.IsLowSurrogate(term[i + 1]))
            {
                sb.Append(c).Append(term[++i]); // a whole supplementary character stays whole
                continue;
            }
            if (char.IsControl(c) || char.IsSurrogate(c)) continue;
            if (c == '"') sb.Append('"');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
