using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Language;

/// <summary>
/// Which language a caller's words are in. Script decides for the Indic languages; Latin text is English unless
/// Hindi function words show it is romanized Hindi ("hi-Latn"); Devanagari is Hindi unless Marathi markers appear.
/// </summary>
public static class LanguageDetector
{
    public const string English = "en";
    public const string Hindi = "hi";
    public const string RomanizedHindi = "hi-Latn";
    public const string Unknown = "und";

    private static readonly (int From, int To, string Lang)[] Scripts =
    [
        (0x0900, 0x097F, "hi"), (0x0980, 0x09FF, "bn"), (0x0A00, 0x0A7F, "pa"), (0x0A80, 0x0AFF, "gu"),
        (0x0B00, 0x0B7F, "or"), (0x0B80, 0x0BFF, "ta"), (0x0C00, 0x0C7F, "te"), (0x0C80, 0x0CFF, "kn"),
        (0x0D00, 0x0D7F, "ml"), (0x0600, 0x06FF, "ur"),
    ];

    // Grammatical words of romanized Hindi (not scheme vocabulary like "kisan", "yojana", which English callers use too).
    private static readonly HashSet<string> HindiLatinWords = new(StringComparer.Ordinal)
    {
        "kya", "hai", "hain", "ke", "ki", "ka", "ko", "mein", "mai", "se", "aur", "bhi", "nahi", "nahin", "nhi", "kitna", "kitni",
        "kitne", "kaise", "kese", "kaha", "kahan", "kab", "kaun", "kon", "kyun", "mera", "meri", "mere", "mujhe", "hum", "hamara",
        "hamari", "hamare", "apna", "apni", "liye", "lie", "wala", "wali", "wale", "vala", "vali", "vale", "milta", "milti", "milte",
        "milega", "milegi", "sakta", "sakti", "sakte", "chahiye", "karna", "karo", "kare", "karein", "batao", "bataiye", "bolo",
        "boliye", "dijiye", "hota", "hoti", "hote", "tha", "thi", "koi", "kuch", "sab", "abhi", "yah", "yeh", "ye", "vo", "woh",
        "unka", "uska", "iska", "isme", "ismein", "iske", "usme", "ji", "haan", "theek", "accha", "acha", "lena", "leni", "jud",
        "banta", "banega", "dobara", "phir", "fir", "samjha", "thoda", "dheere", "bhaiya", "namaste", "shukriya", "dhanyavad",
        "dhanyawad", "alvida", "paas", "pas", "hu", "hoon", "hun", "raha", "rahi", "rahe", "gaya", "gayi", "diya", "liya", "tak",
        "agar", "lekin", "par", "wahan", "yahan", "matlab", "bas", "kaisa", "kaisi", "rahega", "rahegi", "kal", "aaj", "hoga", "hogi",
        "karu", "karun", "bata", "batana", "dena", "chahta", "chahti", "wapas", "jaye", "jaaye", "aayegi", "aayega", "gayi", "hua", "hui",
    };

    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "what", "is", "the", "a", "an", "how", "do", "does", "i", "for", "can", "of", "to", "my", "which", "who", "much", "many",
        "are", "will", "it", "this", "that", "get", "apply", "me", "where", "when", "there", "scheme", "schemes", "about", "tell",
        "please", "need", "want", "and", "or", "with", "from", "have", "has", "am", "we", "our", "your", "you", "be", "in", "on",
        "at", "by", "thanks", "thank", "hello", "bye", "help", "number", "documents", "eligible", "money",
    };

    // Scheme vocabulary that suggests Hindi only when nothing else decides.
    private static readonly HashSet<string> HindiDomainWords = new(StringComparer.Ordinal)
    {
        "yojana", "yojna", "kisan", "kisaan", "ghar", "gaon", "sarkar", "sarkari", "zameen", "jameen", "paisa", "paise", "rupaye",
        "saal", "sal", "mahina", "mahine", "umar", "umr", "kagaz", "kaagaz", "kheti", "mazdoor", "garib", "gareeb", "pati", "patni",
        "beta", "beti", "ram",
    };

    private static readonly string[] MarathiMarkers =
    [
        "आहे", "आहेत", "मिळते", "मिळेल", "मिळतात", "काय", "कोणत्या", "कोणती", "कोणता", "मला", "आम्ही", "तुम्ही", "नाही",
        "साठी", "मध्ये", "योजनेतून", "करायचा", "करायचे", "कसा", "कसे", "किती", "पाहिजे", "आमच्या", "माझ्या", "माझे", "माझा",
    ];

    /// <summary>Language code of <paramref name="text"/>: en, hi, hi-Latn, mr, bn, as, pa, gu, or, ta, te, kn, ml, ur or und.</summary>
    public static string Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Unknown;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int latin = 0;
        bool assamese = false;
        foreach (char c in text)
        {
            if (char.IsAsciiLetter(c)) { latin++; continue; }
            if (c is '\u09F0' or '\u09F1') assamese = true; // ৰ ৱ: Assamese letters absent from Bengali
            foreach (var (from, to, lang) in Scripts)
            {
                if (c >= from && c <= to) { counts[lang] = counts.GetValueOrDefault(lang) + 1; break; }
            }
        }
        var (best, bestCount) = counts.Count == 0 ? ("", 0) : counts.MaxBy(kv => kv.Value) is var kv ? (kv.Key, kv.Value) : ("", 0);
        if (bestCount == 0 && latin == 0) return Unknown;
        if (bestCount >= latin)
        {
            if (best == "bn" && assamese) return "as";
            if (best == "hi") return IsMarathi(text) ? "mr" : Hindi;
            return best;
        }
        return IsRomanizedHindi(text) ? RomanizedHindi : English;
    }

    /// <summary>The language the answer is given in: the caller's own where wording exists, else Hindi.</summary>
    public static string AnswerLanguage(string detected) => detected switch
    {
        English => English,
        Hindi or RomanizedHindi => Hindi,
        Unknown => Hindi,
        // A Bengali or Urdu caller hears the Hindi fallback; labelled Hindi, so the voice that reads it is a Hindi one.
        _ => Answers.PromptCatalog.HasLanguage(detected) ? detected : Hindi,
    };

    private static bool IsMarathi(string text)
    {
        if (text.Contains('ळ', StringComparison.Ordinal)) return true;
        var words = TextFold.RawWords(text).ToHashSet(StringComparer.Ordinal);
        return MarathiMarkers.Any(words.Contains) && !words.Contains("है") && !words.Contains("हैं");
    }

    private static bool IsRomanizedHindi(string text)
    {
        var words = TextFold.RawWords(text).Select(w => w.ToLowerInvariant()).Where(w => w.Length > 0 && char.IsAsciiLetter(w[0])).ToList();
        int hindi = words.Count(HindiLatinWords.Contains);
        int english = words.Count(EnglishWords.Contains);
        if (hindi != english) return hindi > english;
        return words.Any(HindiDomainWords.Contains);
    }
}
