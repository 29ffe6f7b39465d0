using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Understanding;

/// <summary>States and union territories by the names callers use (English, Hindi, common short forms).</summary>
internal static class IndianStates
{
    private static readonly (string Name, string[] Spoken)[] All =
    [
        ("Andhra Pradesh", ["andhra", "आंध्र"]), ("Arunachal Pradesh", ["arunachal", "अरुणाचल"]), ("Assam", ["assam", "असम"]),
        ("Bihar", ["bihar", "बिहार"]), ("Chhattisgarh", ["chhattisgarh", "chattisgarh", "छत्तीसगढ़"]), ("Goa", ["goa", "गोवा"]),
        ("Gujarat", ["gujarat", "गुजरात"]), ("Haryana", ["haryana", "हरियाणा"]), ("Himachal Pradesh", ["himachal", "हिमाचल"]),
        ("Jharkhand", ["jharkhand", "झारखंड"]), ("Karnataka", ["karnataka", "कर्नाटक"]), ("Kerala", ["kerala", "केरल"]),
        ("Madhya Pradesh", ["mp", "madhya", "मध्य", "एमपी"]), ("Maharashtra", ["maharashtra", "महाराष्ट्र"]), ("Manipur", ["manipur", "मणिपुर"]),
        ("Meghalaya", ["meghalaya", "मेघालय"]), ("Mizoram", ["mizoram", "मिजोरम"]), ("Nagaland", ["nagaland", "नागालैंड"]),
        ("Odisha", ["odisha", "orissa", "ओडिशा", "उड़ीसा"]), ("Punjab", ["punjab", "पंजाब"]), ("Rajasthan", ["rajasthan", "राजस्थान"]),
        ("Sikkim", ["sikkim", "सिक्किम"]), ("Tamil Nadu", ["tamil", "तमिल", "tamilnadu"]), ("Telangana", ["telangana", "तेलंगाना"]),
        ("Tripura", ["tripura", "त्रिपुरा"]), ("Uttar Pradesh", ["up", "uttar", "उत्तर", "यूपी"]), ("Uttarakhand", ["uttarakhand", "उत्तराखंड"]),
        ("West Bengal", ["bengal", "बंगाल"]), ("Delhi", ["delhi", "दिल्ली"]), ("Jammu and Kashmir", ["kashmir", "jammu", "कश्मीर", "जम्मू"]),
        ("Ladakh", ["ladakh", "लद्दाख"]), ("Puducherry", ["puducherry", "pondicherry", "पुडुचेरी"]), ("Chandigarh", ["chandigarh", "चंडीगढ़"]),
        ("Andaman and Nicobar Islands", ["andaman", "अंडमान"]), ("Lakshadweep", ["lakshadweep", "लक्षद्वीप"]),
        ("Dadra and Nagar Haveli and Daman and Diu", ["daman", "dadra", "दमन"]),
    ];

    private static readonly Dictionary<string, string> ByWord = All
        .SelectMany(s => s.Spoken.Select(w => (Key: TextFold.FoldWord(w), s.Name)))
        .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

    private static readonly HashSet<string> Postpositions = new[] { "me", "mein", "men", "se", "ka", "ki", "ke", "in", "from", "my", "में", "से", "का", "की", "के", "state" }
        .Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);

    public static string? Find(IReadOnlyList<string> foldedWords)
    {
        for (int i = 0; i < foldedWords.Count; i++)
        {
            // "uttar" alone is also "answer" in Hindi: only with "pradesh" after it.
            if ((foldedWords[i] == "utar" || foldedWords[i] == "madya") && (i + 1 >= foldedWords.Count || !foldedWords[i + 1].StartsWith("prad", StringComparison.Ordinal)))
                continue;
            // "up" is an English word too ("Stand-Up India", "sign up"): a state only before a postposition.
            if (foldedWords[i] == "up" && (i + 1 >= foldedWords.Count || !Postpositions.Contains(foldedWords[i + 1]) || (i > 0 && foldedWords[i - 1] is "stand" or "sign")))
                continue;
            if (ByWord.TryGetValue(foldedWords[i], out var name)) return name;
        }
        return null;
    }
}
