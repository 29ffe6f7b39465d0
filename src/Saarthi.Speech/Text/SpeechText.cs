using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Saarthi.Speech.Text;

/// <summary>
/// Turns an answer as written (₹6,000, 1800-180-1111, 7%, 2024-25, PM-KISAN, pmkisan.gov.in) into words a voice
/// says the way villagers expect (six thousand rupees / छह हज़ार रुपये; digits one by one for phone numbers;
/// letters for abbreviations) in English and Hindi. Other languages keep digits, which their espeak-ng voice reads.
/// </summary>
public static partial class SpeechText
{
    private static readonly string[] MonthsEn = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    private static readonly Dictionary<string, int> Months = BuildMonths();
    private static readonly string[] MonthsHi = ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"];

    // Acronyms said as a word rather than letter by letter.
    private static readonly Dictionary<string, (string En, string Hi)> Spoken = new(StringComparer.Ordinal)
    {
        ["MGNREGA"] = ("manrega", "मनरेगा"), ["MNREGA"] = ("manrega", "मनरेगा"), ["NREGA"] = ("narega", "नरेगा"), ["KISAN"] = ("kisaan", "किसान"),
        ["POSHAN"] = ("poshan", "पोषण"), ["SVANIDHI"] = ("svanidhi", "स्वनिधि"), ["AYUSHMAN"] = ("aayushmaan", "आयुष्मान"), ["NIDHI"] = ("nidhi", "निधि"),
        ["JAY"] = ("jay", "जय"), ["RUPAY"] = ("rupay", "रुपे"), ["AADHAAR"] = ("aadhaar", "आधार"), ["OK"] = ("okay", "ओके"),
    };

    private static readonly Dictionary<char, string> HindiLetters = new()
    {
        ['A'] = "ए", ['B'] = "बी", ['C'] = "सी", ['D'] = "डी", ['E'] = "ई", ['F'] = "एफ", ['G'] = "जी", ['H'] = "एच", ['I'] = "आई", ['J'] = "जे",
        ['K'] = "के", ['L'] = "एल", ['M'] = "एम", ['N'] = "एन", ['O'] = "ओ", ['P'] = "पी", ['Q'] = "क्यू", ['R'] = "आर", ['S'] = "एस", ['T'] = "टी",
        ['U'] = "यू", ['V'] = "वी", ['W'] = "डब्ल्यू", ['X'] = "एक्स", ['Y'] = "वाई", ['Z'] = "ज़ेड",
    };

    /// <summary>The text as it should be spoken in <paramref name="language"/>.</summary>
    public static string Normalize(string text, string language)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        language = language.Split('-')[0];
        if (language is not ("en" or "hi" or "mr" or "ne")) return Symbols(text, language);
        bool hi = NumberWords.IsHindi(language);
        var s = text;
        s = Url().Replace(s, m => SayUrl(m.Value, hi));
        s = PhoneCandidate().Replace(s, m => m.Value.Count(char.IsAsciiDigit) >= 8 || !m.Value.Contains('-', StringComparison.Ordinal)
            ? NumberWords.SayDigits(m.Value, language) : m.Value);
        s = Money().Replace(s, m => SayMoney(m, language));
        s = Percent().Replace(s, m => $"{NumberWords.SayDecimal(ParseDecimal(m.Groups[1].Value), language)} {(hi ? "प्रतिशत" : "percent")}");
        s = FinancialYear().Replace(s, m => $"{NumberWords.SayYear(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), language)} {(hi ? "से" : "to")} {NumberWords.Say(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), language)}");
        s = Date().Replace(s, m => SayDate(m, language));
        s = Plus().Replace(s, m => $"{NumberWords.Say(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), language)} {(hi ? "और उससे ऊपर" : "and above")}");
        s = NumberRange().Replace(s, m => $"{m.Groups[1].Value} {(hi ? "से" : "to")} {m.Groups[2].Value}");
        s = Year().Replace(s, m => NumberWords.SayYear(int.Parse(m.Value, CultureInfo.InvariantCulture), language));
        s = LoneDigits().Replace(s, m => NumberWords.SayDigits(m.Value, language));
        s = Number().Replace(s, m => NumberWords.SayDecimal(ParseDecimal(m.Value), language));
        s = Acronym().Replace(s, m => SayAcronym(m.Value, hi));
        return Symbols(s, language);
    }

    /// <summary>Splits an answer into sentences, so synthesis and playback can overlap.</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        var list = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return list;
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            sb.Append(c);
            bool end = c is '।' or '?' or '!' || (c == '.' && !(i > 0 && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1])));
            if (end && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                var sentence = sb.ToString().Trim();
                if (sentence.Length > 0) list.Add(sentence);
                sb.Clear();
            }
        }
        if (sb.ToString().Trim() is { Length: > 0 } rest) list.Add(rest);
        return list;
    }

    private static string SayMoney(Match m, string language)
    {
        bool hi = NumberWords.IsHindi(language);
        string unit = m.Groups["unit"].Value.ToLowerInvariant();
        long scale = unit switch { "lakh" or "लाख" or "lakhs" => 100_000, "crore" or "करोड़" => 10_000_000, _ => 1 };
        string Amount(string raw)
        {
            decimal v = ParseDecimal(raw);
            if (scale == 1) return NumberWords.SayDecimal(v, language);
            decimal total = v * scale;
            // "1.20 lakh" is said as the exact amount; "1.5 lakh" as "one and a half lakh".
            if (v != decimal.Truncate(v) && v - decimal.Truncate(v) != 0.5m && total == decimal.Truncate(total)) return NumberWords.Say((long)total, language);
            return NumberWords.SayDecimal(v, language) + " " + (scale == 100_000 ? (hi ? "लाख" : "lakh") : (hi ? "करोड़" : "crore"));
        }
        // "₹5-10 lakh": the unit is said once, after the second number.
        string first = m.Groups["b"].Success && scale > 1 ? NumberWords.SayDecimal(ParseDecimal(m.Groups["a"].Value), language) : Amount(m.Groups["a"].Value);
        string words = m.Groups["b"].Success ? $"{first} {(hi ? "से" : "to")} {Amount(m.Groups["b"].Value)}" : first;
        return words + (hi ? " रुपये" : " rupees");
    }

    private static string SayDate(Match m, string language)
    {
        int day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        int month = Months[m.Groups["m"].Value.ToLowerInvariant()];
        string monthWord = NumberWords.IsHindi(language) ? MonthsHi[month - 1] : MonthsEn[month - 1];
        string year = m.Groups["y"].Success ? " " + NumberWords.SayYear(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), language) : "";
        return $"{NumberWords.SayDay(day, language)} {monthWord}{year}";
    }

    private static string SayUrl(string url, bool hi)
    {
        var host = url.Replace("https://", "", StringComparison.OrdinalIgnoreCase).Replace("http://", "", StringComparison.OrdinalIgnoreCase).Replace("www.", "", StringComparison.OrdinalIgnoreCase).TrimEnd('/');
        var parts = host.Split('.').Select(p => p is "gov" or "nic" or "org" or "com" or "in" ? Letters(p.ToUpperInvariant(), hi) : p);
        return string.Join(hi ? " डॉट " : " dot ", parts);
    }

    private static string SayAcronym(string token, bool hi)
    {
        if (Spoken.TryGetValue(token, out var w)) return hi ? w.Hi : w.En;
        return Letters(token, hi);
    }

    private static string Letters(string token, bool hi) =>
        string.Join(' ', token.Where(char.IsAsciiLetter).Select(c => hi ? HindiLetters[char.ToUpperInvariant(c)] : char.ToUpperInvariant(c).ToString()));

    private static string Symbols(string s, string language)
    {
        bool hi = NumberWords.IsHindi(language);
        s = Slash().Replace(s, hi ? " या " : " or ");
        s = s.Replace("&", hi ? " और " : " and ", StringComparison.Ordinal)
             .Replace("₹", hi ? "रुपये " : "rupees ", StringComparison.Ordinal)
             .Replace(" – ", ", ", StringComparison.Ordinal)
             .Replace("(", ", ", StringComparison.Ordinal)
             .Replace(")", ",", StringComparison.Ordinal)
             .Replace("+", hi ? " प्लस " : " plus ", StringComparison.Ordinal);
        s = Spaces().Replace(s, " ");
        s = SpaceBeforePunct().Replace(s, "$1");
        s = DoubleComma().Replace(s, ",");
        return s.Trim().Trim(',').Trim();
    }

    private static decimal ParseDecimal(string raw) =>
        decimal.Parse(raw.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static Dictionary<string, int> BuildMonths()
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 12; i++)
        {
            d[MonthsEn[i]] = i + 1;
            d[MonthsEn[i][..3]] = i + 1;
        }
        d["sept"] = 9;
        string[] hi = ["जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"];
        for (int i = 0; i < 12; i++) d[hi[i]] = i + 1;
        d["फरवरी"] = 2;
        d["सितम्बर"] = 9;
        return d;
    }

    [GeneratedRegex(@"\b(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.in|nic\.in|org\.in|co\.in|in|com|org)\b/?", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    // Phone numbers and helplines (1800-180-1111, 1800 110 001, 155261, 14555) are read digit by digit;
    // "2024-25" and "18-40" are not phone numbers (too few digits), and amounts carry ₹ or separators.
    [GeneratedRegex(@"(?<![\d₹.,])(?:1800[- ]?\d{2,4}[- ]?\d{3,4}|\d{2,5}(?:-\d{2,5}){1,3}|1\d{4,5})(?!\d|[,.]\d|%|\s?(?:lakh|crore|लाख|करोड़|kg|किलो|rupees|रुपये))")]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"(?:₹|\bRs\.?\s?|\bINR\s?)(?<a>\d[\d,]*(?:\.\d+)?)(?:\s?(?:-|–|to|से)\s?(?:₹|Rs\.?\s?)?(?<b>\d[\d,]*(?:\.\d+)?))?(?:\s?(?<unit>lakhs?|crore|लाख|करोड़))?")]
    private static partial Regex Money();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)\s?%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"\b((?:19|20)\d{2})-(\d{2})\b")]
    private static partial Regex FinancialYear();

    [GeneratedRegex(@"\b(?<d>[0-3]?\d)\s(?<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|जनवरी|फ़रवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|नवंबर|दिसंबर)(?:\s(?<y>(?:19|20)\d{2}))?", RegexOptions.IgnoreCase)]
    private static partial Regex Date();

    [GeneratedRegex(@"\b(\d{1,3})\+")]
    private static partial Regex Plus();

    [GeneratedRegex(@"\b(\d+)\s?-\s?(\d+)\b")]
    private static partial Regex NumberRange();

    [GeneratedRegex(@"(?<![\d,.])(?:19|20)\d{2}(?![\d,.]\d)")]
    private static partial Regex Year();

    // Long digit strings without separators (account-like or codes) are read digit by digit.
    [GeneratedRegex(@"(?<![\d,.])\d{7,}(?![\d,.]\d)")]
    private static partial Regex LoneDigits();

    [GeneratedRegex(@"\d[\d,]*(?:\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b[A-Z]{2,8}\b")]
    private static partial Regex Acronym();

    [GeneratedRegex(@"(?<=\p{L})\s?/\s?(?=\p{L})")]
    private static partial Regex Slash();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s+([,.;:।?!])")]
    private static partial Regex SpaceBeforePunct();

    [GeneratedRegex(@",\s*,")]
    private static partial Regex DoubleComma();
}
