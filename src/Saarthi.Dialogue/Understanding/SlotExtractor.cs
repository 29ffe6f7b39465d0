using System.Globalization;
using System.Text.RegularExpressions;
using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Understanding;

/// <summary>
/// Pulls personal facts out of an utterance: age, gender, marital status, income ("3 lakh saal", "9000 mahina"),
/// land (acre, bigha, hectare), state, village/town, work, caste category, BPL/ration card, disability, studies,
/// pregnancy, bank account. Works on folded words, so Hindi in either script and English share one set of cues.
/// </summary>
public static partial class SlotExtractor
{
    private static HashSet<string> F(params string[] words) => words.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> YearWords = F("saal", "sal", "year", "years", "yr", "yrs", "varsh", "वर्ष", "साल", "बरस", "baras", "वर्षे", "वर्षांची", "वर्षांचा", "বছর", "বছরের");
    private static readonly HashSet<string> AgeWords = F("age", "umar", "umr", "umra", "उम्र", "उमर", "आयु", "aayu", "वय", "old", "বয়স", "বয়স");
    // "our grandmother is 84", "my uncle was 64": a person, then "is"/"was" and a number, is an age.
    private static readonly HashSet<string> IsWas = F("is", "was");
    private static readonly HashSet<string> Durations = F("month", "months", "mahine", "mahina", "महीने", "महीना", "week", "weeks", "hafte", "हफ्ते", "din", "days", "दिन");
    private static readonly HashSet<string> MyWords = F("meri", "मेरी", "माझे", "माझं");
    private static readonly HashSet<string> AgeTails = F("ka", "ki", "ke", "hu", "hoon", "hun", "hai", "का", "की", "के", "हूँ", "हूं", "है", "and", "aur", "और",
        "now", "abhi", "अभी", "वर्षांचा", "वर्षांची", "वय");
    private static readonly HashSet<string> People = F("i", "grandmother", "grandfather", "mother", "father", "husband", "wife", "son", "daughter",
        "brother", "sister", "uncle", "aunt", "aunty", "grandma", "grandpa", "mom", "dad", "child", "he", "she", "dadi", "nani", "dada", "nana", "maa");
    private static readonly HashSet<string> MonthWords = F("month", "months", "monthly", "mahina", "mahine", "maheena", "mahinaa", "महीना", "महीने", "माह", "मासिक", "महिना", "महिन्याला", "mah");
    private static readonly HashSet<string> AnnualWords = F("year", "yearly", "annual", "annually", "saal", "sal", "salana", "saalana", "सालाना", "साल", "वर्ष", "वार्षिक", "varshik", "वर्षाला", "बरस");
    private static readonly HashSet<string> IncomeWords = F("income", "earn", "earns", "earning", "earnings", "salary", "kamai", "kamata", "kamati", "kamate",
        "kamaata", "kamaati", "aay", "aamdani", "amdani", "tankhwah", "tankha", "pagar", "आय", "आमदनी", "कमाई", "कमाता", "कमाती", "कमाते", "वेतन",
        "तनख्वाह", "तनख़्वाह", "पगार", "उत्पन्न", "कमावतो", "कमावते", "kamana", "income is");
    private static readonly Dictionary<string, double> AmountUnits = new()
    {
        [TextFold.FoldWord("lakh")] = 100_000, [TextFold.FoldWord("lac")] = 100_000, [TextFold.FoldWord("lakhs")] = 100_000, [TextFold.FoldWord("लाख")] = 100_000,
        [TextFold.FoldWord("hazar")] = 1000, [TextFold.FoldWord("hazaar")] = 1000, [TextFold.FoldWord("हज़ार")] = 1000, [TextFold.FoldWord("हजार")] = 1000,
        [TextFold.FoldWord("thousand")] = 1000, [TextFold.FoldWord("k")] = 1000, [TextFold.FoldWord("crore")] = 10_000_000, [TextFold.FoldWord("करोड़")] = 10_000_000,
    };
    private static readonly Dictionary<string, double> LandUnits = new()
    {
        // Hectares per unit. A bigha differs by state (0.13–0.67 ha); 0.25 ha is the common north-Indian pucca bigha.
        [TextFold.FoldWord("hectare")] = 1, [TextFold.FoldWord("hectares")] = 1, [TextFold.FoldWord("hektare")] = 1, [TextFold.FoldWord("hectre")] = 1,
        [TextFold.FoldWord("हेक्टेयर")] = 1, [TextFold.FoldWord("हेक्टर")] = 1, [TextFold.FoldWord("ha")] = 1,
        [TextFold.FoldWord("acre")] = 0.4047, [TextFold.FoldWord("acres")] = 0.4047, [TextFold.FoldWord("ekad")] = 0.4047, [TextFold.FoldWord("ekar")] = 0.4047,
        [TextFold.FoldWord("एकड़")] = 0.4047, [TextFold.FoldWord("एकर")] = 0.4047, [TextFold.FoldWord("ekr")] = 0.4047,
        [TextFold.FoldWord("bigha")] = 0.25, [TextFold.FoldWord("bighe")] = 0.25, [TextFold.FoldWord("बीघा")] = 0.25, [TextFold.FoldWord("बीघे")] = 0.25,
        [TextFold.FoldWord("guntha")] = 0.0101, [TextFold.FoldWord("गुंठा")] = 0.0101, [TextFold.FoldWord("kanal")] = 0.0506, [TextFold.FoldWord("कनाल")] = 0.0506,
    };
    /// <summary>Fractions said as words ("dedh hectare", "dhai lakh"); whole numbers in words are <see cref="SpokenNumbers"/>' job.</summary>
    private static readonly Dictionary<string, double> NumberWords = new()
    {
        [TextFold.FoldWord("dedh")] = 1.5, [TextFold.FoldWord("डेढ़")] = 1.5, [TextFold.FoldWord("dhai")] = 2.5, [TextFold.FoldWord("ढाई")] = 2.5,
        [TextFold.FoldWord("aadha")] = 0.5, [TextFold.FoldWord("आधा")] = 0.5, [TextFold.FoldWord("half")] = 0.5,
    };
    private static readonly HashSet<string> Possessives = F("mere", "meri", "mera", "my", "hamare", "hamari", "hamara", "मेरे", "मेरी", "मेरा", "हमारे", "हमारी", "हमारा", "माझे", "माझी", "माझा");
    private static readonly HashSet<string> SelfAge = F("am", "i'm", "im", "meri", "मेरी", "main", "मैं", "माझे", "माझं");
    private static readonly HashSet<string> Fillers = F("a", "per", "every", "each", "har", "prati", "हर", "प्रति", "rupees", "rupaye", "rupaiye", "rs", "रुपये", "रुपए", "rupay", "ka", "ki", "ke", "का", "की", "के");
    // "don't" reaches here as "don" + "t" (an apostrophe separates words), so the stems of n't contractions are listed.
    private static readonly HashSet<string> Negations = F("nahi", "nahin", "nhi", "नहीं", "नही", "ना", "no", "not", "dont", "don't", "without", "bina", "बिना", "नाही", "never",
        "don", "doesn", "didn", "haven", "hasn", "cannot");

    private static readonly (HashSet<string> Cues, string Value)[] GenderCues =
    [
        (F("woman", "women", "female", "lady", "girl", "mahila", "aurat", "stree", "महिला", "औरत", "स्त्री", "ladki", "लड़की", "beti", "बेटी", "daughter",
            "wife", "patni", "पत्नी", "mother", "maa", "dadi", "दादी", "nani", "नानी", "widow", "vidhwa", "विधवा", "bahu", "बहू", "sister",
            "behen", "बहन", "housewife", "गृहिणी", "मुलगी", "आई", "garbhvati", "गर्भवती", "pregnant"), "female"),
        (F("male", "boy", "aadmi", "आदमी", "purush", "पुरुष", "ladka", "लड़का", "beta", "बेटा", "son", "husband", "pati", "पति", "father",
            "pita", "पिता", "dada", "दादा", "nana", "नाना", "brother", "bhai", "भाई", "मुलगा"), "male"),
    ];

    // Verb endings tell the speaker's gender only in the first person ("main silai karti hu"); in "kaun le sakta hai" or
    // "paisa mil sakta hai" they agree with a generic subject or a thing, and say nothing about the caller.
    private static readonly (HashSet<string> Cues, string Value)[] VerbGenderCues =
    [
        (F("sakti", "सकती", "karti", "करती", "rehti", "रहती", "kamati", "कमाती"), "female"),
        (F("sakta", "सकता", "karta", "करता", "rehta", "रहता", "kamata", "कमाता"), "male"),
    ];
    private static readonly HashSet<string> FirstPerson = F("main", "मैं", "hu", "hoon", "hun", "हूँ", "हूं", "हू");
    private static readonly HashSet<string> ThingVerbs = F("mil", "मिल", "ho", "हो", "ban", "बन", "lag", "लग", "khul", "खुल");
    private static readonly HashSet<string> AmWords = F("hu", "hoon", "hun", "हूँ", "हूं", "हू");
    private static readonly HashSet<string> FeminineOf = F("ki", "की");
    private static readonly HashSet<string> MasculineOf = F("ka", "का");

    private static readonly (HashSet<string> Cues, string[] Codes)[] OccupationCues =
    [
        (F("farmer", "farmers", "kisan", "kisaan", "किसान", "kheti", "खेती", "khet", "खेत", "शेतकरी", "shetkari", "krishak", "कृषक", "shetti", "शेती"), ["farmer"]),
        (F("bataidar", "बटाईदार", "tenant", "sharecropper", "adhiya", "अधिया", "theka", "ठेका"), ["tenant_farmer", "sharecropper", "farmer"]),
        (F("mazdoor", "majdoor", "mazdur", "मज़दूर", "मजदूर", "labourer", "laborer", "labour", "labor", "worker", "dihadi", "दिहाड़ी", "rickshaw", "रिक्शा",
            "driver", "ड्राइवर", "maid", "kaamwali", "कामवाली", "domestic", "safai", "सफाई", "helper", "coolie", "kuli", "कुली", "hammal", "हमाल", "कामगार",
            "शेतमजूर", "shetmajur", "pocha", "pochha", "पोछा", "पोंछा", "khetihar", "खेतिहर", "दिनमजुर", "দিনমজুর", "মজুর", "শ্রমিক", "naai", "नाई"), ["unorganised_worker"]),
        (F("vendor", "rehri", "rehdi", "रेहड़ी", "thela", "ठेला", "ठेले", "patri", "पटरी", "hawker", "feriwala", "फेरीवाला", "फेरीवाले"), ["street_vendor", "unorganised_worker", "self_employed"]),
        (F("carpenter", "badhai", "बढ़ई", "lohar", "लोहार", "blacksmith", "kumhar", "कुम्हार", "potter", "mochi", "मोची", "cobbler", "barber", "hajjam",
            "dhobi", "धोबी", "washerman", "darzi", "दर्जी", "tailor", "stitch", "stitches", "stitching", "silai", "सिलाई", "sunar", "सुनार", "goldsmith",
            "mason", "mistri", "मिस्त्री", "naai", "नाई", "hajam", "artisan", "karigar", "कारीगर", "craftsman", "weaver", "bunkar", "बुनकर", "सुतार", "शिंपी", "कुंभार", "लोहार"),
            ["traditional_artisan", "artisan", "self_employed", "unorganised_worker"]),
        (F("shop", "shopkeeper", "dukan", "दुकान", "dukandar", "दुकानदार", "kirana", "किराना", "दुकानदारी"), ["shopkeeper", "micro_entrepreneur", "self_employed"]),
        (F("business", "vyapar", "व्यापार", "udyog", "उद्योग", "dhandha", "धंधा", "व्यवसाय", "karobar", "कारोबार"), ["micro_entrepreneur", "self_employed"]),
        (F("pashupalan", "पशुपालन", "dairy", "डेयरी", "cattle", "bhains", "भैंस", "bakri", "बकरी", "goat", "poultry", "murgi", "मुर्गी", "गाय", "cow", "cows"), ["animal_husbandry"]),
        (F("fisherman", "fishermen", "machhuara", "मछुआरा", "machhli", "मछली", "fishing", "मच्छीमार"), ["fisheries"]),
    ];

    private static readonly (HashSet<string> Cues, string Value)[] CasteCues =
    [
        (F("sc", "dalit", "दलित", "एससी", "harijan"), "SC"),
        (F("st", "adivasi", "आदिवासी", "tribal", "एसटी", "janjati", "जनजाति"), "ST"),
        (F("obc", "ओबीसी", "pichda", "पिछड़ा"), "OBC"),
        (F("general", "samanya", "सामान्य", "जनरल"), "GEN"),
    ];

    private static readonly HashSet<string> WidowCues = F("widow", "widowed", "vidhwa", "vidhva", "विधवा", "विधुर", "widower");
    private static readonly HashSet<string> MarriedCues = F("married", "shadishuda", "vivahit", "विवाहित", "शादीशुदा");
    private static readonly HashSet<string> UnmarriedCues = F("unmarried", "kunwari", "kunvari", "अविवाहित", "कुंवारी", "single");
    private static readonly HashSet<string> RuralCues = F("village", "gaon", "gav", "gaanv", "गाँव", "गांव", "gramin", "ग्रामीण", "rural", "देहात", "गावात", "गाव");
    private static readonly HashSet<string> UrbanCues = F("city", "town", "shahar", "sheher", "शहर", "शहरी", "urban", "nagar", "kasba", "कस्बा", "शहरात", "mohalla");
    private static readonly HashSet<string> BplCues = F("bpl", "बीपीएल", "antyodaya", "अंत्योदय", "garibi", "गरीबी", "गरिबी");
    private static readonly HashSet<string> PoorCues = F("garib", "gareeb", "गरीब", "ग़रीब", "poor");
    private static readonly HashSet<string> RationCues = F("ration", "rashan", "राशन", "रेशन");
    private static readonly HashSet<string> DisabledCues = F("disabled", "disability", "handicapped", "viklang", "divyang", "विकलांग", "दिव्यांग", "अपंग",
        "blind", "andha", "अंधा", "deaf", "behra", "बहरा", "langda", "लंगड़ा", "handicap");
    // Not "पढ़ता" (studies): it folds like "पड़ता" (has to).
    private static readonly HashSet<string> StudentCues = F("student", "students", "chhatra", "छात्र", "छात्रा", "विद्यार्थी", "vidyarthi",
        "padhai", "पढ़ाई", "class", "kaksha", "कक्षा");
    private static readonly HashSet<string> SocialClass = F("middle", "lower", "upper", "working");

    /// <summary>A student cue, but not "class" in "middle class family".</summary>
    private static bool StudentSaid(List<string> w) =>
        w.Where((x, i) => StudentCues.Contains(x) && !(i > 0 && SocialClass.Contains(w[i - 1]))).Any();

    private static readonly HashSet<string> ClassCues = F("class", "kaksha", "कक्षा", "std", "standard", "इयत्ता");
    private static readonly HashSet<string> PregnantCues = F("pregnant", "garbhvati", "garbhavati", "गर्भवती", "गरोदर", "pregnancy");
    private static readonly HashSet<string> BankCues = F("bank", "बैंक", "khata", "खाता", "account", "बँक");
    private static readonly HashSet<string> TaxCues = F("incometax", "tax", "टैक्स", "कर", "itr");
    private static readonly HashSet<string> GovtJobCues = F("sarkari", "सरकारी", "government", "govt");
    private static readonly HashSet<string> JobCues = F("naukri", "नौकरी", "job", "employee", "karmachari", "कर्मचारी", "service");

    /// <summary>The facts in <paramref name="text"/>; <paramref name="expecting"/> names a fact just asked for, so a bare answer counts.</summary>
    /// <param name="ignore">Positions (in <see cref="TextFold.Words"/> order) that named a scheme and say nothing about the person.</param>
    public static CallerProfile Extract(string text, string? expecting = null, IReadOnlySet<int>? ignore = null)
    {
        text ??= "";
        var pairs = TextFold.RawWords(text).Select(r => (Raw: r, Folded: TextFold.FoldWord(r))).Where(p => p.Folded.Length > 0).Take(400).ToList();
        if (ignore is { Count: > 0 })
            for (int i = 0; i < pairs.Count; i++) if (ignore.Contains(i)) pairs[i] = ("", "");
        var raw = pairs.Select(p => p.Raw).ToList();
        var w = SpokenNumbers.Normalize(pairs.Select(p => p.Folded).ToList());
        var occupations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cues, codes) in OccupationCues)
            if (w.Any(cues.Contains)) occupations.UnionWith(codes);

        bool? government = null;
        for (int i = 0; i < w.Count; i++)
            if (GovtJobCues.Contains(w[i]) && i + 1 < w.Count && JobCues.Contains(w[i + 1])) government = !NegatedNear(w, i + 1);
        if (government == true) occupations.Remove("unorganised_worker");

        var (age, income, incomeIsMonthly, land) = Numbers(w, expecting);
        // A family that holds farm land farms it (PM-KISAN's "landholding farmer family").
        if (land > 0 && !occupations.Overlaps(["street_vendor", "shopkeeper", "micro_entrepreneur"])) occupations.Add("farmer");

        return new CallerProfile
        {
            Age = age,
            Gender = GenderOf(raw, w, text),
            MaritalStatus = w.Any(WidowCues.Contains) || HusbandDied().IsMatch(text) ? "widowed" : w.Any(UnmarriedCues.Contains) ? "unmarried" : w.Any(MarriedCues.Contains) ? "married" : null,
            AnnualIncomeInr = income is { } a && !incomeIsMonthly ? a : null,
            MonthlyIncomeInr = income is { } m && incomeIsMonthly ? m : null,
            LandHectare = land,
            State = IndianStates.Find(w),
            Residence = w.Any(RuralCues.Contains) ? "rural" : w.Any(UrbanCues.Contains) ? "urban" : null,
            Occupations = occupations,
            Caste = CasteCues.Where(c => w.Any(c.Cues.Contains)).Select(c => c.Value).FirstOrDefault() ?? CastePhrase(text),
            Bpl = Flag(w, BplCues) ?? (Flag(w, PoorCues) == true ? true : null),
            RationCard = Flag(w, RationCues),
            Disabled = Flag(w, DisabledCues),
            DisabilityPercent = Flag(w, DisabledCues) == true ? Percent(text) : null,
            Student = occupations.Count == 0 && StudentSaid(w) ? true : null,
            StudentClass = ClassNumber(w),
            MarksPercent = StudentSaid(w) ? Percent(text) : null,
            Pregnant = Flag(w, PregnantCues) ?? (PregnantPhrase().IsMatch(text) ? true : null),
            BankAccount = Flag(w, BankCues) is { } b && (w.Contains("hai") || w.Contains("have") || w.Contains("nahi") || w.Contains("no")) ? b : null,
            IncomeTaxPayer = Flag(w, TaxCues),
            GovernmentEmployee = government,
        };
    }

    /// <summary>
    /// "female"/"male" when the cues agree; null when absent or mixed ("pati aur patni"). "माँ" and English "man"
    /// fold to the same key, so those two are read before folding.
    /// </summary>
    private static string? GenderOf(List<string> raw, List<string> w, string text)
    {
        // "main 45 saal ki hu, mere pati guzar gaye": when callers speak of themselves, a relative they mention
        // ("mere pati", "my son") says nothing about their own gender.
        bool self = w.Any(FirstPerson.Contains);
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < w.Count; i++)
        {
            foreach (var (cues, value) in GenderCues)
            {
                if (!cues.Contains(w[i])) continue;
                bool relative = i > 0 && Possessives.Contains(w[i - 1]);
                if (!(self && relative)) found.Add(value);
            }
        }
        if (HusbandDied().IsMatch(text)) { found.Remove("male"); found.Add("female"); }
        // "yojana mil sakti hai", "kaam ho sakta hai": after mil/ho the verb agrees with the thing, not the speaker.
        if (self)
            found.UnionWith(VerbGenderCues.Where(g => w.Where((x, i) => g.Cues.Contains(x) && (i == 0 || !ThingVerbs.Contains(w[i - 1]))).Any()).Select(g => g.Value));
        // "main 30 saal ki hu" / "ka hu": the possessive before "hu" agrees with the speaker.
        for (int i = 0; i + 1 < w.Count; i++)
        {
            if (!AmWords.Contains(w[i + 1])) continue;
            if (FeminineOf.Contains(w[i])) found.Add("female");
            else if (MasculineOf.Contains(w[i])) found.Add("male");
        }
        foreach (var r in raw)
        {
            if (r is "माँ" or "मां" or "माता") found.Add("female");
            else if (r.ToLowerInvariant() is "man" or "men") found.Add("male");
        }
        return found.Count == 1 ? found.First() : null;
    }

    private static (int? Age, long? Income, bool Monthly, double? Land) Numbers(List<string> w, string? expecting)
    {
        int? age = null;
        long? income = null;
        bool monthly = false;
        double? land = null;
        bool incomeContext = w.Any(IncomeWords.Contains) || expecting == "income";
        for (int i = 0; i < w.Count; i++)
        {
            if (!TryNumber(w[i], out double n)) continue;
            string next = i + 1 < w.Count ? w[i + 1] : "";
            string next2 = i + 2 < w.Count ? w[i + 2] : "";
            string prev = i > 0 ? w[i - 1] : "";
            if (LandUnits.TryGetValue(next, out double perUnit)) { land = Math.Round(n * perUnit, 3); i++; continue; }
            double amount = n;
            bool hasUnit = AmountUnits.TryGetValue(next, out double mult);
            if (hasUnit) amount = n * mult;
            string after = hasUnit ? next2 : next;
            if (Fillers.Contains(after)) after = hasUnit ? (i + 3 < w.Count ? w[i + 3] : "") : next2; // "8000 a month", "2 lakh per year"
            bool perMonth = MonthWords.Contains(after);
            bool perYear = !perMonth && AnnualWords.Contains(after);
            bool personIs = IsWas.Contains(prev) && i >= 2 && People.Contains(w[i - 2]) && !hasUnit && !perMonth && !perYear;
            // "I'm 67", "meri 45 hai" are ages; "meri 2 gaay hai" counts something else.
            // "I am 4 months pregnant" is a duration.
            bool selfAge = SelfAge.Contains(prev) && (!MyWords.Contains(prev) || next.Length == 0 || AgeTails.Contains(next)) && !Durations.Contains(next);
            if (!hasUnit && n is >= 1 and <= 120 && (YearWords.Contains(next) || AgeWords.Contains(prev) || selfAge || personIs
                || (AgeWords.Contains(next) && !incomeContext)))
            {
                // "38 saal", "umar 38", "24 year old": an age, not a duration of income. The caller's own age ("I am 42",
                // "meri umar 42") wins over a relative's mentioned before it ("he was 45").
                bool self = SelfAge.Contains(prev) || (i >= 2 && SelfAge.Contains(w[i - 2]));
                if (age is null || self) age = (int)n;
                continue;
            }
            if (expecting == "age" && !hasUnit && n is >= 1 and <= 120 && !perMonth) { age = (int)n; continue; }
            if (expecting == "land" && !hasUnit && n < 1000) { land = n; continue; }
            bool looksLikeIncome = incomeContext || ((perMonth || perYear) && (hasUnit || amount >= 1000));
            if (looksLikeIncome && amount >= 100)
            {
                income = (long)amount;
                monthly = perMonth || (!perYear && amount < 50_000);
            }
        }
        return (age, income, monthly, land);
    }

    private static bool TryNumber(string word, out double n)
    {
        if (word.Length > 0 && char.IsAsciiDigit(word[0]) && double.TryParse(word, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out n) && n < 1e12)
            return true;
        return NumberWords.TryGetValue(word, out n);
    }

    private static bool? Flag(List<string> w, HashSet<string> cues)
    {
        for (int i = 0; i < w.Count; i++)
            if (cues.Contains(w[i])) return !NegatedNear(w, i);
        return null;
    }

    /// <summary>"zameen nahi hai", "do not have a BPL card", "bank khata nahi": a negation within three words before or after.</summary>
    private static bool NegatedNear(List<string> w, int i)
    {
        for (int j = Math.Max(0, i - 3); j < Math.Min(w.Count, i + 4); j++)
            if (j != i && Negations.Contains(w[j])) return true;
        return false;
    }

    private static readonly Dictionary<string, int> ClassOrdinals = new[]
    {
        ("पहली", 1), ("दूसरी", 2), ("तीसरी", 3), ("चौथी", 4), ("पांचवीं", 5), ("पाँचवीं", 5), ("छठी", 6), ("सातवीं", 7), ("आठवीं", 8), ("नौवीं", 9),
        ("दसवीं", 10), ("ग्यारहवीं", 11), ("बारहवीं", 12), ("aathvi", 8), ("athvi", 8), ("navvi", 9), ("dasvi", 10), ("gyarahvi", 11), ("barahvi", 12),
        ("8th", 8), ("9th", 9), ("10th", 10), ("11th", 11), ("12th", 12), ("8वीं", 8), ("9वीं", 9), ("10वीं", 10), ("11वीं", 11), ("12वीं", 12),
    }.GroupBy(x => TextFold.FoldWord(x.Item1)).ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal);

    private static readonly HashSet<string> TimesWords = F("baar", "bar", "बार", "time", "times", "बच्चा", "bachcha", "bachha", "child", "beti", "बेटी", "beta", "बेटा", "kist", "किस्त");

    private static int? ClassNumber(List<string> w)
    {
        // "पहली", "दूसरी" are also "first", "second" ("doosri baar beti hui"): a class only when the word is not followed by "baar"/"time".
        for (int i = 0; i < w.Count; i++)
            if (ClassOrdinals.TryGetValue(w[i], out int ordinal) && !(i + 1 < w.Count && TimesWords.Contains(w[i + 1]))) return ordinal;
        for (int i = 0; i + 1 < w.Count; i++)
            if (ClassCues.Contains(w[i]) && int.TryParse(w[i + 1].TrimEnd('t', 'h', 'v', 'i'), NumberStyles.None, CultureInfo.InvariantCulture, out int c) && c is >= 1 and <= 12)
                return c;
        return null;
    }

    private static int? Percent(string text)
    {
        var m = PercentPattern().Match(text);
        return m.Success && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out int p) && p <= 100 ? p : null;
    }

    [GeneratedRegex(@"husband (?:has )?(?:died|passed away|expired|is no more)|pati (?:ki )?(?:maut|mrityu|death)|pati (?:nahi|nahin) rahe|pati (?:guzar|gujar|chal bas)|pati ka (?:dehant|nidhan)|पति की(?: \S+){0,3} (?:मौत|मृत्यु)|husband (?:\S+ ){0,4}(?:died|passed away)|पति नहीं रहे|पति का (?:देहांत|निधन)|पति गुज़र|पति गुजर", RegexOptions.IgnoreCase)]
    private static partial Regex HusbandDied();

    /// <summary>Categories said in full ("scheduled caste", "अनुसूचित जनजाति"): the tribe is checked first, it contains "जाति".</summary>
    private static string? CastePhrase(string text) =>
        TribePhrase().IsMatch(text) ? "ST" : CasteFullPhrase().IsMatch(text) ? "SC" : BackwardPhrase().IsMatch(text) ? "OBC" : null;

    [GeneratedRegex(@"scheduled tribe|anusuchit jan ?jati|अनुसूचित जनजाति", RegexOptions.IgnoreCase)]
    private static partial Regex TribePhrase();

    [GeneratedRegex(@"scheduled caste|anusuchit jati|अनुसूचित जाति", RegexOptions.IgnoreCase)]
    private static partial Regex CasteFullPhrase();

    [GeneratedRegex(@"other backward|backward class|pichhda varg|pichda varg|पिछड़ा वर्ग|पिछड़ी जाति", RegexOptions.IgnoreCase)]
    private static partial Regex BackwardPhrase();

    [GeneratedRegex(@"पेट से|उम्मीद से|\bpet se\b|\bummeed se\b|गर्भावस्था|\bexpecting a baby\b|डिलीवरी होने|delivery hone", RegexOptions.IgnoreCase)]
    private static partial Regex PregnantPhrase();

    [GeneratedRegex(@"(\d{1,3})\s*(%|percent|pratishat|प्रतिशत|टक्के)", RegexOptions.IgnoreCase)]
    private static partial Regex PercentPattern();
}
