using System.Globalization;
using System.Text;

namespace Saarthi.Knowledge.Search;

/// <summary>
/// Brings what a caller said, in any script or spelling, into one comparable Latin form:
/// Indic scripts are transliterated (via Devanagari, whose layout the other Brahmic blocks share),
/// and the spelling variation of romanized Hindi is folded away ("kisaan" = "kisan" = "किसान",
/// "ujjwala" = "ujwala" = "उज्ज्वला"). Speech recognisers and villagers both spell freely; this is the one place
/// that absorbs it.
/// </summary>
public static class TextFold
{
    private const int Virama = 0x094D;

    /// <summary>Splits into folded word keys (letters and digits only).</summary>
    public static List<string> Words(string? text)
    {
        var result = new List<string>();
        if (string.IsNullOrEmpty(text)) return result;
        foreach (var raw in RawWords(text))
        {
            var f = FoldWord(raw);
            if (f.Length > 0) result.Add(f);
        }
        return result;
    }

    /// <summary>The folded form of one word in any script.</summary>
    public static string FoldWord(string word)
    {
        string latin = IsIndic(word) ? Transliterate(word) : word.ToLowerInvariant();
        return FoldLatin(latin);
    }

    /// <summary>Consonant skeleton of a folded word ("yojana" and "yojna" → "yjn"): a looser key for spoken spellings.</summary>
    public static string Skeleton(string folded)
    {
        var sb = new StringBuilder(folded.Length);
        for (int i = 0; i < folded.Length; i++)
        {
            char c = folded[i];
            if (i == 0 || !IsVowel(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Runs of letters, combining marks and digits; everything else separates words.</summary>
    public static IEnumerable<string> RawWords(string text)
    {
        var sb = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var cat = Rune.GetUnicodeCategory(rune);
            bool keep = cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber;
            // Zero-width (non-)joiners shape Indic conjuncts inside a word (UAX #29 never breaks there): not a separator.
            if (rune.Value is 0x200C or 0x200D) continue;
            if (keep)
            {
                if (cat == UnicodeCategory.DecimalDigitNumber) sb.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
                else sb.Append(rune.ToString());
            }
            else if (sb.Length > 0)
            {
                // "6,000" and "1.5" stay one number: a separator between digits is not a word break.
                if ((rune.Value == ',' || rune.Value == '.') && char.IsAsciiDigit(sb[^1])) { sb.Append(rune.Value == '.' ? '.' : '\u0001'); continue; }
                yield return Finish(sb);
            }
        }
        if (sb.Length > 0) yield return Finish(sb);

        static string Finish(StringBuilder sb)
        {
            var s = sb.ToString().Replace("\u0001", "", StringComparison.Ordinal).TrimEnd('.');
            sb.Clear();
            return s;
        }
    }

    public static bool IsIndic(string s)
    {
        foreach (char c in s) if (c >= 0x0900 && c <= 0x0D7F) return true;
        return false;
    }

    /// <summary>Maps a Brahmic-script character to its Devanagari counterpart (same offset within the block).</summary>
    public static char ToDevanagari(char c) => c >= 0x0980 && c <= 0x0D7F ? (char)(0x0900 + (c & 0x7F)) : c;

    /// <summary>Phonetic transliteration of an Indic word to lowercase Latin, with Hindi schwa deletion.</summary>
    public static string Transliterate(string word)
    {
        // Spelled-out English acronyms are common in scheme names: पीएम = PM, एलपीजी = LPG.
        foreach (var (deva, latin) in Acronyms)
            if (word == deva) return latin;

        var units = new List<(string Text, bool Consonant, bool Inherent)>();
        for (int i = 0; i < word.Length; i++)
        {
            char c = ToDevanagari(word[i]);
            bool nukta = i + 1 < word.Length && ToDevanagari(word[i + 1]) == '\u093C';
            if (Consonants.TryGetValue(c, out var cons))
            {
                if (nukta) { cons = NuktaForms.TryGetValue(c, out var nf) ? nf : cons; i++; }
                // A consonant carries an inherent 'a' unless a vowel sign or virama follows.
                char next = i + 1 < word.Length ? ToDevanagari(word[i + 1]) : '\0';
                bool inherent = !(VowelSigns.ContainsKey(next) || next == Virama);
                units.Add((cons, true, inherent));
            }
            else if (VowelSigns.TryGetValue(c, out var sign)) units.Add((sign, false, false));
            else if (Vowels.TryGetValue(c, out var v)) units.Add((v, false, false));
            else if (c is '\u0902' or '\u0901') units.Add(("n", true, false));
            else if (c == '\u0903') units.Add(("h", true, false));
            else if (c == Virama || c == '\u093C') { }
            else if (c >= '\u0966' && c <= '\u096F') units.Add(((c - '\u0966').ToString(CultureInfo.InvariantCulture), false, false));
            else if (c < 0x0900 || c > 0x0D7F) units.Add((char.ToLowerInvariant(c).ToString(), false, false));
        }

        // Schwa deletion: the final inherent 'a' is silent, and so is a medial one between V C _ C V ("yojana" → "yojnaa").
        var keepA = new bool[units.Count];
        for (int i = 0; i < units.Count; i++) keepA[i] = units[i].Consonant && units[i].Inherent;
        int n = units.Count;
        for (int i = 0; i < n; i++)
        {
            if (!keepA[i]) continue;
            if (i == n - 1) { keepA[i] = n == 1; continue; }
            if (i == 0) continue;
            bool vowelBefore = !units[i - 1].Consonant || keepA[i - 1];
            bool next = units[i + 1].Consonant;
            bool vowelAfterNext = (i + 2 < n && !units[i + 2].Consonant) || (units[i + 1].Inherent && i + 1 < n - 1);
            if (vowelBefore && next && vowelAfterNext) keepA[i] = false;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < units.Count; i++)
        {
            sb.Append(units[i].Text);
            if (keepA[i]) sb.Append('a');
        }
        return sb.ToString();
    }

    /// <summary>Folds Latin spelling variants: long vowels, aspiration, doubled letters, w/v, z/j, sh/s.</summary>
    public static string FoldLatin(string s)
    {
        if (s.Length == 0) return s;
        var lower = s.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(lower.Length);
        foreach (char c in lower)
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '.') sb.Append(c);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            else if (char.IsLetterOrDigit(c)) sb.Append(c);
        }
        var t = sb.ToString();
        if (t.Length > 0 && char.IsAsciiDigit(t[0])) return t; // numbers stay as they are
        t = t.Replace("ph", "f", StringComparison.Ordinal)
             .Replace("w", "v", StringComparison.Ordinal)
             .Replace("z", "j", StringComparison.Ordinal)
             .Replace("q", "k", StringComparison.Ordinal)
             .Replace("x", "ks", StringComparison.Ordinal)
             .Replace("ee", "i", StringComparison.Ordinal)
             .Replace("oo", "u", StringComparison.Ordinal)
             .Replace("ck", "k", StringComparison.Ordinal);
        // Drop aspiration and the 'h' of sh/ch: callers and recognisers write it inconsistently.
        var o = new StringBuilder(t.Length);
        for (int i = 0; i < t.Length; i++)
        {
            char c = t[i];
            // Checked against what is kept, so "chh" (छ) folds like "ch" and not to "ch" + a stray 'h'.
            if (c == 'h' && o.Length > 0 && "kgcjtdpbsr".Contains(o[^1], StringComparison.Ordinal)) continue;
            if (c == 'y' && i == t.Length - 1 && i > 1 && !IsVowel(t[i - 1])) { o.Append('i'); continue; }
            if (o.Length > 0 && o[^1] == c) continue; // doubled letters and long vowels (aa, ii, uu)
            o.Append(c);
        }
        // A final long vowel is often dropped or doubled in romanization ("yojanaa", "yojana"); a final 'a' stays.
        return o.ToString();
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static readonly (string, string)[] Acronyms =
    [
        ("पीएम", "pm"), ("एलपीजी", "lpg"), ("टीबी", "tb"), ("एससी", "sc"), ("एसटी", "st"), ("केसीसी", "kcc"),
        ("सीएससी", "csc"), ("बीपीएल", "bpl"), ("एपीवाई", "apy"), ("एनएमएमएस", "nmms"), ("एमडीएम", "mdm"),
        ("डीबीटी", "dbt"), ("ओबीसी", "obc"), ("एसबीएम", "sbm"), ("पीएमजेएवाई", "pmjay"), ("आधार", "adhar"),
    ];

    private static readonly Dictionary<char, string> Consonants = new()
    {
        ['क'] = "k", ['ख'] = "kh", ['ग'] = "g", ['घ'] = "gh", ['ङ'] = "n",
        ['च'] = "ch", ['छ'] = "chh", ['ज'] = "j", ['झ'] = "jh", ['ञ'] = "n",
        ['ट'] = "t", ['ठ'] = "th", ['ड'] = "d", ['ढ'] = "dh", ['ण'] = "n",
        ['त'] = "t", ['थ'] = "th", ['द'] = "d", ['ध'] = "dh", ['न'] = "n", ['ऩ'] = "n",
        ['प'] = "p", ['फ'] = "ph", ['ब'] = "b", ['भ'] = "bh", ['म'] = "m",
        ['य'] = "y", ['र'] = "r", ['ऱ'] = "r", ['ल'] = "l", ['ळ'] = "l", ['ऴ'] = "l", ['व'] = "v",
        ['श'] = "sh", ['ष'] = "sh", ['स'] = "s", ['ह'] = "h",
        ['\u0958'] = "k", ['\u0959'] = "kh", ['\u095A'] = "g", ['\u095B'] = "z", ['\u095C'] = "r", ['\u095D'] = "rh", ['\u095E'] = "f", ['\u095F'] = "y",
    };

    private static readonly Dictionary<char, string> NuktaForms = new()
    {
        ['क'] = "k", ['ख'] = "kh", ['ग'] = "g", ['ज'] = "z", ['ड'] = "r", ['ढ'] = "rh", ['फ'] = "f", ['य'] = "y",
    };

    private static readonly Dictionary<char, string> Vowels = new()
    {
        ['अ'] = "a", ['आ'] = "aa", ['इ'] = "i", ['ई'] = "ii", ['उ'] = "u", ['ऊ'] = "uu", ['ऋ'] = "ri",
        ['ए'] = "e", ['ऐ'] = "ai", ['ओ'] = "o", ['औ'] = "au", ['ऑ'] = "o", ['ऍ'] = "e", ['ऎ'] = "e", ['ऒ'] = "o",
    };

    private static readonly Dictionary<char, string> VowelSigns = new()
    {
        ['ा'] = "aa", ['ि'] = "i", ['ी'] = "ii", ['ु'] = "u", ['ू'] = "uu", ['ृ'] = "ri",
        ['े'] = "e", ['ै'] = "ai", ['ो'] = "o", ['ौ'] = "au", ['ॉ'] = "o", ['ॅ'] = "e", ['ॆ'] = "e", ['ॊ'] = "o",
    };
}
