namespace Saarthi.Knowledge.Search;

/// <summary>Words that carry no meaning for finding a scheme (question words, particles), in English and Hindi.</summary>
public static class StopWords
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        // English
        "a", "an", "the", "is", "are", "was", "be", "of", "to", "in", "on", "for", "and", "or", "i", "me", "my", "we", "our",
        "you", "your", "it", "this", "that", "what", "which", "who", "whom", "how", "much", "many", "do", "does", "did", "can",
        "could", "will", "would", "should", "get", "give", "gives", "there", "any", "about", "with", "from", "by", "at", "as",
        "tell", "please", "scheme", "schemes", "yojana", "government", "sarkar", "sarkari", "under", "have", "has", "am", "need", "needed",
        "want", "know", "like", "all", "much", "some", "also", "just",
        // romanized Hindi (folded forms too)
        "kya", "hai", "he", "h", "ke", "ki", "ka", "ko", "me", "mein", "mai", "se", "aur", "ya", "bhi", "to", "hi", "ye", "yeh",
        "vo", "voh", "kaun", "kon", "kitna", "kitni", "kitne", "kaise", "kese", "kab", "kahan", "kaha", "liye", "lie", "mujhe",
        "mera", "meri", "mere", "hum", "hame", "hamen", "batao", "bataiye", "koi", "jo", "yojna", "yojanaa",
        // Hindi (Devanagari)
        "क्या", "है", "हैं", "के", "की", "का", "को", "में", "से", "और", "या", "भी", "तो", "ही", "यह", "ये", "वह", "कौन", "कितना",
        "कितनी", "कितने", "कैसे", "कब", "कहाँ", "कहां", "लिए", "मुझे", "मेरा", "मेरी", "मेरे", "हम", "हमें", "बताइए", "बताओ",
        "कोई", "जो", "योजना", "सरकार", "सरकारी", "पर", "एक", "होता", "होती", "होते", "मिलता", "मिलती", "मिलते",
    };
}
