using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Llm;

/// <summary>
/// Whether a slot the model read is supported by the caller's own words: a number must be said (in digits or words),
/// a category must have a cue word ("vidhwa" for widowed, "गाँव" for rural). A model's slot without support is refused,
/// so a language model can add a fact the rules missed but cannot invent one.
/// </summary>
public static class SlotGrounding
{
    private static readonly Dictionary<string, HashSet<string>> Cues = new(StringComparer.Ordinal)
    {
        ["gender=female"] = Fold("woman", "women", "female", "lady", "ladies", "mahila", "aurat", "widow", "vidhwa", "beti", "daughter", "girl", "ladki",
            "mother", "maa", "mata", "wife", "patni", "biwi", "bahu", "grandmother", "dadi", "nani", "she", "her", "stree",
            "महिला", "औरत", "विधवा", "बेटी", "लड़की", "माँ", "मां", "माता", "पत्नी", "बहू", "दादी", "नानी", "स्त्री", "गर्भवती", "pregnant", "garbhvati"),
        ["gender=male"] = Fold("man", "men", "male", "purush", "aadmi", "husband", "pati", "son", "beta", "boy", "ladka", "father", "pita", "papa",
            "grandfather", "dada", "nana", "he", "his", "widower", "vidhur", "पुरुष", "आदमी", "पति", "बेटा", "लड़का", "पिता", "दादा", "नाना", "विधुर"),
        ["marital_status=widowed"] = Fold("widow", "widowed", "widower", "vidhwa", "vidhva", "vidhur", "विधवा", "विधुर", "died", "death", "mrityu", "मृत्यु", "guzar", "गुज़र", "गुजर"),
        ["marital_status=married"] = Fold("married", "shadi", "shaadi", "vivahit", "शादी", "विवाहित", "wife", "husband", "pati", "patni", "पति", "पत्नी"),
        ["marital_status=unmarried"] = Fold("unmarried", "single", "kunwari", "kunwara", "avivahit", "अविवाहित", "कुंवारी", "कुंवारा"),
        ["caste=SC"] = Fold("sc", "dalit", "scheduled", "anusuchit", "अनुसूचित", "दलित", "एससी"),
        ["caste=ST"] = Fold("st", "adivasi", "tribal", "tribe", "janjati", "आदिवासी", "जनजाति", "एसटी"),
        ["caste=OBC"] = Fold("obc", "backward", "pichda", "pichhda", "पिछड़ा", "पिछड़ी", "ओबीसी"),
        ["caste=GEN"] = Fold("general", "samanya", "unreserved", "सामान्य"),
        ["bpl"] = Fold("bpl", "बीपीएल", "garib", "gareeb", "poor", "poverty", "antyodaya", "अंत्योदय", "गरीब", "गरीबी"),
        ["disabled"] = Fold("disabled", "disability", "divyang", "viklang", "handicap", "handicapped", "दिव्यांग", "विकलांग", "blind",
            "andha", "deaf", "behra", "langda", "अंधा", "बहरा", "लंगड़ा"),
        ["student"] = Fold("student", "students", "chhatra", "chatra", "padhai", "padh", "school", "college", "class", "kaksha", "छात्र", "छात्रा",
            "पढ़ाई", "पढ़", "स्कूल", "कॉलेज", "कक्षा", "study", "studying"),
        ["residence=rural"] = Fold("village", "gaon", "gaanv", "gram", "rural", "dehat", "गाँव", "गांव", "ग्राम", "देहात", "ग्रामीण"),
        ["residence=urban"] = Fold("city", "shahar", "sheher", "town", "urban", "nagar", "kasba", "शहर", "नगर", "कस्बा", "शहरी"),
        ["occupation=farmer"] = Fold("farmer", "farming", "kisan", "kisaan", "kheti", "khet", "किसान", "खेती", "खेत", "shetkari", "krishak", "कृषक"),
        ["occupation=tenant_farmer"] = Fold("tenant", "bataidar", "बटाईदार", "adhiya", "अधिया", "theka", "ठेका"),
        ["occupation=sharecropper"] = Fold("sharecropper", "bataidar", "बटाईदार", "adhiya", "अधिया"),
        ["occupation=street_vendor"] = Fold("vendor", "rehri", "rehdi", "thela", "patri", "hawker", "feriwala", "ठेला", "ठेले", "रेहड़ी", "पटरी", "फेरीवाला"),
        ["occupation=shopkeeper"] = Fold("shop", "shopkeeper", "dukan", "dukaan", "दुकान", "दुकानदार", "kirana", "किराना"),
        ["occupation=artisan"] = Fold("artisan", "karigar", "कारीगर", "carpenter", "badhai", "lohar", "kumhar", "potter", "weaver", "julaha",
            "darzi", "tailor", "mochi", "cobbler", "nai", "barber", "बढ़ई", "लोहार", "कुम्हार", "जुलाहा", "दर्जी", "मोची", "नाई"),
        ["occupation=animal_husbandry"] = Fold("cattle", "pashu", "dairy", "cow", "buffalo", "gaay", "bhains", "bakri", "goat", "पशु", "गाय", "भैंस", "बकरी", "पशुपालन"),
        ["occupation=fisheries"] = Fold("fish", "fisherman", "fishing", "machli", "machhli", "machhua", "मछली", "मछुआरा", "मछुआरे"),
        ["occupation=micro_entrepreneur"] = Fold("business", "dhandha", "vyapar", "vyapaar", "व्यापार", "धंधा", "udyam", "उद्यम", "enterprise"),
        ["occupation=self_employed"] = Fold("self", "business", "dhandha", "vyapar", "व्यापार", "धंधा", "khud", "खुद", "apna"),
        ["occupation=unorganised_worker"] = Fold("mazdoor", "majdoor", "labour", "labourer", "labor", "worker", "shramik", "मज़दूर", "मजदूर",
            "श्रमिक", "dihadi", "दिहाड़ी", "kamgar", "कामगार"),
    };

    /// <summary>Whether <paramref name="text"/> supports <paramref name="slot"/> = <paramref name="value"/>.</summary>
    public static bool Supports(string text, string slot, object value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(value);
        if (value is long number)
        {
            var said = NumberMentions.Find(text).Select(m => m.Value).ToList();
            // An income said per month may be read as a yearly one.
            return said.Contains(number) || (slot == "annual_income_inr" && said.Any(v => v * 12 == number));
        }

        var key = value switch
        {
            bool => slot,
            string s => $"{slot}={s}",
            _ => slot,
        };
        if (key.StartsWith("occupation=traditional_artisan", StringComparison.Ordinal))
        {
            key = "occupation=artisan";
        }

        if (!Cues.TryGetValue(key, out var cues))
        {
            return false;
        }

        var words = TextFold.Words(text);
        return words.Any(w => cues.Contains(w) || cues.Any(c => c.Length >= 4 && w.StartsWith(c, StringComparison.Ordinal)));
    }

    private static HashSet<string> Fold(params string[] words) =>
        words.Select(TextFold.FoldWord).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
}
