namespace Saarthi.Dialogue.Understanding;

/// <summary>
/// What villagers say about a need, mapped to the schemes or categories that meet it: "aspataal", "इलाज" → health;
/// "ठेला" → PM SVANidhi. Scheme names and aliases come from the snapshot itself; this is the everyday vocabulary
/// around them. A target is a scheme id, or "category:NAME" for every scheme of that category in the snapshot,
/// or "group:NAME" for a group of people defined by eligibility (so new schemes in an update are found too).
/// </summary>
internal static class TopicLexicon
{
    public static PhraseMatcher<string> Build()
    {
        var m = new PhraseMatcher<string>();
        void T(string target, double weight, params string[] phrases) => m.Add(target, weight, phrases);

        // Health
        T("category:health", 2, "hospital", "aspataal", "aspatal", "hospital me", "अस्पताल", "दवाखाना", "ilaj", "ilaaj", "इलाज", "उपचार", "treatment",
            "operation", "ऑपरेशन", "health", "swasthya", "स्वास्थ्य", "bimari", "beemari", "बीमारी", "disease", "illness", "sick", "medical",
            "doctor", "दवा", "dawai", "medicine", "आजार", "रुग्णालय");
        T("pmjay", 2, "health insurance", "swasthya bima", "स्वास्थ्य बीमा", "free treatment", "muft ilaj", "मुफ्त इलाज", "मुफ़्त इलाज",
            "cashless", "golden card", "गोल्डन कार्ड", "5 lakh", "5 लाख", "hospital bill", "senior citizen card", "হাসপাতাল", "চিকিৎসা");
        T("pmjay", 1.5, "old people", "old person", "elderly", "senior citizen", "बुजुर्ग", "बुजुर्गों", "वरिष्ठ नागरिक", "70 saal", "70 साल");
        T("nikshay-poshan", 3, "tb", "टीबी", "tuberculosis", "kshay", "क्षय", "tapedik", "तपेदिक", "क्षयरोग");
        T("jssk", 2, "free delivery", "muft prasav", "मुफ्त प्रसव", "मुफ़्त प्रसव", "caesarean", "c section", "operation delivery", "newborn",
            "navjat", "नवजात", "सरकारी अस्पताल में डिलीवरी", "delivery", "prasav", "प्रसव", "डिलीवरी", "प्रसूती");
        T("pmmvy", 2, "pregnant", "pregnancy", "garbhvati", "garbhavati", "गर्भवती", "गरोदर", "maternity", "matritva", "मातृत्व", "first child",
            "pehla bachcha", "पहला बच्चा", "lactating", "दूध पिलाने", "anganwadi", "आंगनवाड़ी", "आंगनबाड़ी");
        T("jssk", 1, "pregnant", "garbhvati", "गर्भवती", "गरोदर");

        // Housing and household
        T("category:housing", 3, "house", "houses", "home", "ghar", "makan", "makaan", "awas", "aawas", "pakka", "pucca", "pakka ghar", "घर", "मकान",
            "आवास", "पक्का", "पक्का घर", "घरकुल", "housing", "chhat", "kutcha", "kachcha ghar", "कच्चा घर", "झोपड़ी", "jhopdi");
        T("pmay-g", 1.5, "village", "gaon", "gav", "गाँव", "गांव", "gramin", "ग्रामीण", "rural", "देहात", "गावात");
        T("pmay-u", 1.5, "city", "town", "shahar", "sheher", "शहर", "शहरी", "urban", "nagar", "नगर", "kasba", "कस्बा", "शहरात", "flat", "rent", "kiraya", "किराया");
        T("pmuy", 3, "gas", "lpg", "cylinder", "silendar", "सिलेंडर", "सिलिंडर", "गैस", "chulha", "चूल्हा", "cooking gas", "rasoi", "रसोई", "गॅस");
        T("sbm-g", 3, "toilet", "shauchalay", "sauchalay", "शौचालय", "latrine", "izzat ghar", "इज्जत घर", "इज़्ज़त घर", "शौचालया", "swachh bharat", "स्वच्छ भारत");
        T("pm-surya-ghar", 3, "solar", "सोलर", "सौर", "rooftop", "solar panel", "muft bijli", "free bijli", "free electricity", "मुफ्त बिजली",
            "मुफ़्त बिजली", "bijli bill", "बिजली बिल", "electricity bill", "300 unit");
        T("pm-surya-ghar", 0.4, "bijli", "बिजली", "electricity");

        // Money, banking, savings, insurance
        T("pmjdy", 2.5, "bank account", "bank khata", "बैंक खाता", "zero balance", "khata kholna", "khata khulwana", "खाता खुलवाना", "खाता खोलना",
            "account open", "open an account", "savings account", "rupay card", "रुपे कार्ड", "overdraft", "बँक खाते");
        T("pmjdy", 1, "khata", "खाता", "account");
        T("ssy", 3, "daughter", "daughters", "beti", "बेटी", "बिटिया", "betiyon", "बेटियों", "girl child", "girls", "ladki", "लड़की", "ladkiyon", "लड़कियों", "kanya", "कन्या", "মেয়ে", "মেয়ের", "কন্যা", "मुलींसाठी", "मुलींना", "मुलींच्या", "मुलीसाठी", "मुलगी", "बालिका");
        T("category:insurance", 2, "insurance", "bima", "बीमा", "विमा", "cover", "বীমা", "বিমা");
        T("pmjjby", 2.5, "life insurance", "jeevan bima", "जीवन बीमा", "death cover", "natural death", "any reason death", "mrityu", "मृत्यु", "मौत", "maut");
        T("pmsby", 3, "accident", "durghatna", "दुर्घटना", "हादसा", "hadsa", "accidental", "अपघात", "disability cover");
        T("category:pension", 2, "pension", "पेंशन", "पेन्शन", "penshan", "ভাতা", "পেনশন", "pension yojana", "retirement", "budhape", "बुढ़ापे", "after 60", "60 ke baad", "60 के बाद", "পেনশনের");

        // Social assistance
        T("ignoaps", 3, "old age", "budhapa", "बुढ़ापा", "vridha", "vridh", "वृद्ध", "वृद्धावस्था", "बुजुर्ग", "buzurg", "bujurg", "elderly",
            "senior citizen", "वरिष्ठ नागरिक", "बूढ़े", "boodhe", "old people", "old person", "बुजुर्गों", "buzurgon", "बूढ़ों", "dadi", "dada", "दादी", "दादा", "nani", "नानी", "वृद्धापकाळ", "म्हातारपण");
        T("ignwps", 3, "widow", "widows", "vidhwa", "vidhva", "विधवा", "বিধবা", "विधवांना", "husband died", "husband passed", "pati ki mrityu", "पति की मृत्यु",
            "पति नहीं रहे", "pati nahi rahe", "पति का देहांत", "single woman");
        T("igndps", 3, "disabled", "disability", "handicapped", "viklang", "divyang", "विकलांग", "दिव्यांग", "अपंग", "blind", "andha", "अंधा",
            "deaf", "behra", "बहरा", "langda", "लंगड़ा", "handicap");
        T("nfbs", 3, "breadwinner", "earning member", "kamane wale", "कमाने वाले", "mukhiya", "मुखिया", "family head", "परिवार सहायता", "death help", "कमाते थे", "kamate the", "kamane wala", "only earning", "sole earner",
            "family benefit");

        // Work, food, livelihoods, loans
        T("pm-sym", 2.5, "mazdoor", "majdoor", "mazdur", "मज़दूर", "मजदूर", "मजदूरों", "मज़दूरों", "labourer", "labourers", "unorganised", "unorganized",
            "asangathit", "असंगठित", "dihadi", "दिहाड़ी", "daily wage", "rickshaw", "construction worker", "domestic worker", "कामगार", "shramik", "श्रमिक", "jhadu pocha", "pocha", "पोछा", "झाड़ू पोछा", "gharon me kaam", "घरों में काम", "দিনমজুর", "মজুর", "শ্রমিক");
        T("mgnrega", 2, "mazdoor", "majdoor", "मज़दूर", "मजदूर", "मजदूरों", "dihadi", "दिहाड़ी", "daily wage", "shramik", "श्रमिक");
        T("mgnrega", 3, "job card", "जॉब कार्ड", "rozgar", "rojgar", "रोज़गार", "रोजगार", "100 din", "100 दिन", "100 days", "majdoori", "mazdoori",
            "मज़दूरी", "मजदूरी", "wage work", "manual work", "kaam chahiye", "काम चाहिए", "रोजगार हमी");
        T("mgnrega", 1, "kaam", "काम", "work", "employment", "naukri", "नौकरी");
        T("category:food_security", 3, "ration", "rashan", "राशन", "रेशन", "anaj", "अनाज", "gehu", "गेहूं", "chawal", "चावल", "food grain",
            "foodgrain", "foodgrains", "kotedar", "कोटेदार", "fair price shop", "sarkari dukan", "धान्य", "free food");
        T("onorc", 2.5, "other state", "dusre rajya", "दूसरे राज्य", "kahin bhi", "कहीं भी", "migrant", "pravasi", "प्रवासी", "portability",
            "anywhere in india", "बाहर काम");
        T("pm-svanidhi", 3, "street vendor", "vendor", "rehri", "rehdi", "रेहड़ी", "thela", "thele", "ठेला", "ठेले", "patri", "पटरी", "hawker",
            "feriwala", "फेरीवाला", "sabzi bechta", "sabji wala", "सब्ज़ी बेचने", "फेरीवाले");
        T("pmmy", 2.5, "business loan", "dukan", "दुकान", "shop", "vyapar", "व्यापार", "business", "udyog", "उद्योग", "small business",
            "dhandha", "धंधा", "बिज़नेस", "self employment", "व्यवसाय", "startup", "start a business", "karobar", "कारोबार");
        T("category:loan_livelihood", 1.5, "loan", "लोन", "karz", "कर्ज़", "कर्ज", "rin", "ऋण", "credit", "कर्ज़ा", "ঋণ", "লোন");
        T("kcc", 3, "crop loan", "kheti loan", "kheti ke liye loan", "खेती के लिए लोन", "खेती लोन", "farm loan", "kisan loan", "किसान लोन", "fasal loan",
            "credit card", "क्रेडिट कार्ड", "पीक कर्ज");
        T("stand-up-india", 2.5, "women entrepreneur", "mahila udyami", "महिला उद्यमी", "new enterprise", "factory", "फैक्ट्री", "1 crore", "एक करोड़",
            "sc st loan", "dalit loan", "adivasi loan");
        T("pm-vishwakarma", 3, "artisan", "artisans", "karigar", "कारीगर", "craftsman", "craftsmen", "carpenter", "badhai", "बढ़ई", "lohar", "लोहार",
            "blacksmith", "kumhar", "कुम्हार", "potter", "mochi", "मोची", "cobbler", "barber", "hajjam", "हज्जाम", "dhobi", "धोबी", "washerman", "darzi",
            "दर्जी", "tailor", "stitch", "stitching", "silai", "सिलाई", "sunar", "सुनार", "goldsmith", "mason", "raj mistri", "राजमिस्त्री",
            "toolkit", "tool kit", "औज़ार", "टूलकिट", "boat maker", "mala maker", "basket", "टोकरी", "jhadu banana", "jhadu banata", "jhadu banati", "hathoda", "naai", "नाई", "hajam", "kumbhar", "कुंभार");
        T("pmfby", 3, "crop insurance", "fasal bima", "फसल बीमा", "fasal", "फसल", "crop", "crops", "crop loss", "fasal kharab", "फसल खराब",
            "ole", "ओले", "hailstorm", "sukha", "सूखा", "drought", "baadh", "बाढ़", "flood", "पीक विमा", "पीक");
        T("category:agriculture", 2, "farmer", "farmers", "kisan", "kisaan", "किसान", "kisano", "kisaano", "kisanon", "किसानों", "kheti", "खेती", "shetkari", "शेतकरी", "krishi", "कृषि",
            "agriculture", "farming", "खेती बाड़ी", "zameen", "जमीन", "ज़मीन", "কৃষক", "কৃষকদের", "চাষি", "চাষী", "চাষ");
        T("pm-kmy", 1.5, "farmer pension", "kisan pension", "किसान पेंशन", "small farmer", "chhote kisan", "छोटे किसान", "marginal farmer");

        // Education and children
        T("category:education_scholarship", 3, "scholarship", "scholarships", "chhatravritti", "chatravriti", "छात्रवृत्ति", "vajifa", "वजीफा",
            "शिष्यवृत्ती", "stipend", "padhai", "पढ़ाई", "शिक्षण", "education", "shiksha", "शिक्षा", "fees", "फीस");
        T("nmmss", 2, "class 8", "8th class", "आठवीं", "8वीं", "merit", "meritorious", "class 9", "nmms exam");
        T("csss", 2.5, "college", "university", "graduation", "degree", "कॉलेज", "विश्वविद्यालय", "12th ke baad", "12वीं के बाद", "after 12th",
            "post graduation", "स्नातक");
        T("pre-matric-sc", 2, "sc student", "dalit student", "9th 10th", "class 9 10", "कक्षा 9", "कक्षा 10", "anusuchit jati", "अनुसूचित जाति",
            "sc", "dalit", "दलित", "एससी", "harijan", "matric", "मैट्रिक");
        T("pm-poshan", 3, "mid day meal", "midday meal", "school meal", "school food", "school khana", "school lunch", "meal", "meals", "मध्याह्न भोजन",
            "मिड डे मील", "जेवण", "poshan", "पोषण आहार", "hot cooked");
        T("pm-poshan", 1.5, "भोजन", "खाना", "khana");
        T("pm-poshan", 1.5, "school", "स्कूल", "विद्यालय", "शाळा", "शाळेत", "shala", "children", "bachche", "बच्चे", "मुलांना", "बच्चों");

        // Groups of people (eligibility-defined, so new schemes join automatically)
        T("group:women", 1.5, "women", "woman", "mahila", "महिला", "aurat", "औरत", "stree", "स्त्री", "महिलांना", "महिलाओं");
        T("group:poor", 1, "poor", "garib", "gareeb", "गरीब", "ग़रीब", "bpl", "बीपीएल", "गरीबी रेखा", "garibi rekha", "antyodaya", "अंत्योदय");
        T("group:disabled", 2, "disabled", "viklang", "divyang", "विकलांग", "दिव्यांग", "अपंग", "handicapped");
        T("group:students", 1.5, "student", "students", "chhatra", "छात्र", "विद्यार्थी", "vidyarthi", "पढ़ने वाले");
        return m;
    }
}
