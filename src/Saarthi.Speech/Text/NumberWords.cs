using System.Text;

namespace Saarthi.Speech.Text;

/// <summary>
/// Numbers as Indian callers say them: the lakh/crore system in English ("one lakh twenty thousand") and Hindi
/// ("एक लाख बीस हज़ार"), digits one by one for phone numbers, years as years.
/// </summary>
public static class NumberWords
{
    private static readonly string[] EnglishOnes =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] EnglishTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    // Hindi has a distinct word for every number below a hundred.
    private static readonly string[] Hindi0To99 =
    [
        "शून्य", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ", "दस", "ग्यारह", "बारह", "तेरह", "चौदह", "पंद्रह", "सोलह", "सत्रह",
        "अठारह", "उन्नीस", "बीस", "इक्कीस", "बाईस", "तेईस", "चौबीस", "पच्चीस", "छब्बीस", "सत्ताईस", "अट्ठाईस", "उनतीस", "तीस", "इकतीस", "बत्तीस",
        "तैंतीस", "चौंतीस", "पैंतीस", "छत्तीस", "सैंतीस", "अड़तीस", "उनतालीस", "चालीस", "इकतालीस", "बयालीस", "तैंतालीस", "चवालीस", "पैंतालीस",
        "छियालीस", "सैंतालीस", "अड़तालीस", "उनचास", "पचास", "इक्यावन", "बावन", "तिरेपन", "चौवन", "पचपन", "छप्पन", "सत्तावन", "अट्ठावन", "उनसठ",
        "साठ", "इकसठ", "बासठ", "तिरेसठ", "चौंसठ", "पैंसठ", "छियासठ", "सड़सठ", "अड़सठ", "उनहत्तर", "सत्तर", "इकहत्तर", "बहत्तर", "तिहत्तर",
        "चौहत्तर", "पचहत्तर", "छिहत्तर", "सतहत्तर", "अठहत्तर", "उनासी", "अस्सी", "इक्यासी", "बयासी", "तिरासी", "चौरासी", "पचासी", "छियासी",
        "सत्तासी", "अट्ठासी", "नवासी", "नब्बे", "इक्यानवे", "बानवे", "तिरानवे", "चौरानवे", "पचानवे", "छियानवे", "सत्तानवे", "अट्ठानवे", "निन्यानवे",
    ];

    /// <summary>A whole number in words, Indian grouping (crore, lakh, thousand, hundred).</summary>
    public static string Say(long n, string language)
    {
        bool hindi = IsHindi(language);
        if (n < 0) return (hindi ? "माइनस " : "minus ") + Say(-n, language);
        if (n == 0) return hindi ? Hindi0To99[0] : EnglishOnes[0];
        var parts = new List<string>();
        long crore = n / 10_000_000;
        n %= 10_000_000;
        if (crore > 0) parts.Add(Say(crore, language) + (hindi ? " करोड़" : " crore"));
        long lakh = n / 100_000;
        n %= 100_000;
        if (lakh > 0) parts.Add(Below100((int)lakh, hindi) + (hindi ? " लाख" : " lakh"));
        long thousand = n / 1000;
        n %= 1000;
        if (thousand > 0) parts.Add(Below100((int)thousand, hindi) + (hindi ? " हज़ार" : " thousand"));
        long hundred = n / 100;
        n %= 100;
        if (hundred > 0) parts.Add(Below100((int)hundred, hindi) + (hindi ? " सौ" : " hundred"));
        if (n > 0) parts.Add((!hindi && parts.Count > 0 ? "and " : "") + Below100((int)n, hindi));
        return string.Join(' ', parts);
    }

    /// <summary>A decimal as said aloud: 1.5 → "one and a half" / "डेढ़", 2.5 → "two and a half" / "ढाई", else "point".</summary>
    public static string SayDecimal(decimal value, string language)
    {
        bool hindi = IsHindi(language);
        if (value == decimal.Truncate(value)) return Say((long)value, language);
        if (value == 1.5m) return hindi ? "डेढ़" : "one and a half";
        if (value == 2.5m) return hindi ? "ढाई" : "two and a half";
        if (value - decimal.Truncate(value) == 0.5m) return hindi ? "साढ़े " + Say((long)value, language) : Say((long)value, language) + " and a half";
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        var sb = new StringBuilder(Say((long)decimal.Truncate(value), language)).Append(hindi ? " दशमलव" : " point");
        foreach (char d in text[(dot + 1)..]) sb.Append(' ').Append(Digit(d - '0', hindi));
        return sb.ToString();
    }

    /// <summary>Digits one by one, grouped as written ("1800-180-1111" → "one eight zero zero, one eight zero, …").</summary>
    public static string SayDigits(string digits, string language)
    {
        bool hindi = IsHindi(language);
        var groups = digits.Split(['-', ' ', '/'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join(", ", groups.Select(g => string.Join(' ', g.Where(char.IsAsciiDigit).Select(c => Digit(c - '0', hindi)))));
    }

    /// <summary>A year: 2024 → "twenty twenty-four" / "दो हज़ार चौबीस".</summary>
    public static string SayYear(int year, string language)
    {
        bool hindi = IsHindi(language);
        if (hindi || year < 1100 || year >= 10_000 || year % 100 == 0 && year >= 2000) return Say(year, language);
        int hi = year / 100, lo = year % 100;
        return Below100(hi, false) + " " + (lo == 0 ? "hundred" : lo < 10 ? "oh " + EnglishOnes[lo] : Below100(lo, false));
    }

    /// <summary>"1st", "पहली": day of month as said in a date.</summary>
    public static string SayDay(int day, string language) => Say(day, language);

    public static bool IsHindi(string language) => !language.StartsWith("en", StringComparison.Ordinal);

    private static string Digit(int d, bool hindi) => hindi ? Hindi0To99[d] : EnglishOnes[d];

    private static string Below100(int n, bool hindi)
    {
        if (hindi) return Hindi0To99[n];
        if (n < 20) return EnglishOnes[n];
        return EnglishTens[n / 10] + (n % 10 == 0 ? "" : "-" + EnglishOnes[n % 10]);
    }
}
