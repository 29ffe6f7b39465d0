namespace Saarthi.Dialogue.Understanding;

/// <summary>
/// How callers ask for each kind of answer, in English, Hindi (both scripts) and Marathi. Written as people speak,
/// not fitted to any test item; the classifier weighs them against each other.
/// </summary>
internal static class IntentCues
{
    public static PhraseMatcher<Intent> Build()
    {
        var m = new PhraseMatcher<Intent>();

        m.Add(Intent.SchemeInfo, 2, "what is", "what's", "tell me about", "about the", "explain", "information", "details of", "kya hai", "kya h",
            "kya hota hai", "kya hoti hai", "ke bare me", "ke baare mein", "ke bare mein", "bare me batao", "jankari", "jaankari",
            "क्या है", "क्या होता है", "के बारे में", "जानकारी", "बताइए", "बताओ", "समझाइए", "काय आहे", "माहिती", "which scheme gives", "সম্পর্কে", "কী",
            "कोणत्या योजनेतून", "किस योजना में", "kis yojana me", "kis yojana se", "किस योजना से", "which scheme");

        m.Add(Intent.Eligibility, 3, "who can", "who is eligible", "eligible", "eligibility", "can i join", "can join", "who gets", "who will get",
            "can i apply", "am i eligible", "is eligible", "age limit", "criteria", "conditions", "qualify", "kaun le sakta", "kon le sakta",
            "kisko milta", "kisko milega", "kise milta", "kinko milta", "le sakte", "le sakta", "le sakti", "jud sakte", "jud sakta", "jud sakti",
            "kar sakta", "kar sakte", "kar sakti", "khol sakta", "khol sakte", "khol sakti", "ban sakta", "patrata", "shart", "de sakta", "de sakte",
            "दे सकता", "दे सकते", "दे सकती",
            "कौन ले सकता", "किसे मिलता", "किसको मिलता", "किसको मिलेगा", "किन्हें मिलता", "ले सकते", "ले सकता", "ले सकती", "जुड़ सकते", "जुड़ सकता",
            "जुड़ सकती", "खोल सकता", "खोल सकते", "खोल सकती", "पात्रता", "शर्त", "शर्तें", "उम्र सीमा", "कोण घेऊ शकतो", "पात्रता काय", "पात्र आहे",
            "at what age", "what age", "kis umar", "किस उम्र", "umar kitni", "उम्र कितनी", "उमर कितनी", "income limit", "what income", "up to what",
            "kitni aamdani", "कितनी आमदनी", "honi chahiye", "hona chahiye", "होनी चाहिए", "होना चाहिए", "mil sakta", "mil sakti", "mil sakte",
            "मिल सकता", "मिल सकती", "मिल सकते", "bhi milta", "bhi milti", "bhi milega", "bhi milegi", "भी मिलता", "भी मिलती", "भी मिलेगा", "भी मिलेगी",
            "can a", "can an", "can someone", "can my", "can he", "can she", "ho jayega", "ho jaega", "हो जाएगा", "mil jayega", "मिल जाएगा",
            "ban jayega", "बन जाएगा", "मिळते का", "मिळेल का", "কারা পাবে", "কে পাবে", "যোগ্যতা", "who all", "allowed",
            "milta hai kya", "milti hai kya", "milega kya", "milegi kya", "मिलता है क्या", "मिलती है क्या", "मिलेगा क्या", "मिलेगी क्या",
            "lag sakta", "lag sakti", "लग सकता", "लग सकती", "is it for", "is it only",
            "zaroori hai", "jaruri hai", "ज़रूरी है", "जरूरी है", "necessary", "compulsory", "mandatory", "must i", "do i need to be",
            "khul sakta", "khul sakti", "खुल सकता", "खुल सकती", "ban sakti", "बन सकता", "बन सकती", "kis umar tak", "किस उम्र तक", "kitne saal tak",
            "कितने साल तक", "kitni umar tak", "कितनी उम्र तक", "can his", "can her", "can their", "can the family", "can we join", "can i still", "still get", "still eligible", "aay seema", "aay sima", "आय सीमा", "income seema", "limit kitni", "सीमा कितनी", "aa sakta", "aa sakti", "aa sakte", "आ सकता", "आ सकती", "आ सकते", "phir bhi mil", "फिर भी मिल", "abhi bhi mil", "अभी भी मिल");
        // "kitne percent chahiye", "kitni zameen honi chahiye": a requirement, not an amount.
        m.Add(Intent.Eligibility, 2, "chahiye", "चाहिए", "required percentage", "need to have");
        m.Add(Intent.Eligibility, 1, "can", "only", "both", "dono", "दोनों", "also", "kitni zameen", "कितनी ज़मीन", "kitne saal",
            "minimum age", "maximum age", "कोण");
        m.Add(Intent.Eligibility, 0.5, "kaun", "kon", "कौन", "bhi", "भी", "who");

        m.Add(Intent.Benefits, 3, "how much", "what benefit", "what benefits", "what do i get", "what will i get", "kitna paisa", "kitne paise",
            "kitna milta", "kitni milti", "kitne milte", "kitna milega", "kitni milegi", "kitne ka", "kitni rakam", "कितना मिलता", "कितनी मिलती",
            "कितने मिलते", "कितना मिलेगा", "कितनी मिलेगी", "कितना पैसा", "कितने पैसे", "कितनी राशि", "कितने का", "kya labh", "क्या लाभ", "क्या फायदा",
            "kya fayda", "किती पैसे", "किती मिळते", "কত টাকা", "amount", "kitni baar", "कितनी बार", "how many times", "how often",
            "kitne rupay", "kitne rupaye", "kitne rupee", "kitne rupees", "कितने रुपये", "कितने रुपए", "kitna rupaya", "कितना रुपया", "kitne ki", "kitne din", "कितने दिन", "kitne dino", "कितने दिनों", "how many days", "kitne din me", "कितने दिन में",
            "कितने की", "kitne ke", "कितने के", "how many rupees", "yearly premium", "premium kitna", "प्रीमियम कितना");
        m.Add(Intent.Benefits, 2, "kya kya milta", "क्या क्या मिलता", "क्या-क्या मिलता", "what all do", "what do we get");
        m.Add(Intent.Benefits, 1.5, "kitna", "kitni", "kitne", "कितना", "कितनी", "कितने", "किती", "কত", "benefit", "benefits", "labh", "लाभ",
            "fayda", "faida", "फायदा", "फ़ायदा", "rashi", "राशि", "premium", "interest", "byaj", "ब्याज", "instalment", "installment", "kist", "किस्त",
            "subsidy", "सब्सिडी", "pay", "pays", "paid", "cover", "covers", "loan amount", "pension amount");
        m.Add(Intent.Benefits, 0.5, "get", "milta", "milti", "milega", "milegi", "मिलता", "मिलती", "मिलेगा", "मिलेगी", "मिळते", "मिळेल", "money",
            "paisa", "पैसा", "पैसे", "rupees", "rupaye");

        m.Add(Intent.Documents, 3, "documents", "document", "papers", "paper", "kagaz", "kagaj", "kaagaz", "kagzat", "kagjat", "dastavej",
            "dastavez", "कागज़", "कागज", "कागजात", "कागज़ात", "दस्तावेज़", "दस्तावेज", "प्रमाण पत्र", "certificate", "certificates",
            "proof", "id proof", "कागदपत्रे", "कागदपत्र", "what do i need", "what do we need", "what is needed", "need to make", "kya dena padta", "क्या देना पड़ता",
            "lagana padta", "लगाना पड़ता", "क्या क्या लगाना", "kya kya lagana", "प्रमाण पत्र बनवाना", "kaunsa card chahiye", "कौन सा कार्ड चाहिए", "kya kya chahiye", "kya kya lagta", "क्या क्या चाहिए",
            "क्या-क्या चाहिए", "कौन से कागज़", "kaun se kagaz", "kya kya lagta", "क्या क्या लगता", "required", "কাগজ", "নথি",
            "কাগজপত্র", "lagenge", "लगेंगे", "lagega", "लगेगा", "कागदपत्रं", "कागद", "le ke jana", "leke jana", "lekar jana",
            "ले के जाना", "लेकर जाना", "लेके जाना", "kya le jana", "what to bring", "what should i bring", "carry",
            "praman patra", "praman-patra", "pramanpatra", "kaunsa praman", "kaun sa praman", "प्रमाणपत्र", "सर्टिफिकेट", "certificate chahiye", "कागज़ों", "कागजों", "kagzon", "kagazon", "दस्तावेजों", "दस्तावेज़ों", "kin kin kagaz", "किन किन कागज़");

        // "lagta hai" is also "is charged" ("kitna byaj lagta hai"): only a hint of documents on its own.
        m.Add(Intent.Documents, 1.5, "lagte hai", "lagta hai", "लगते हैं", "लगता है", "लागतात");
        m.Add(Intent.SchemeInfo, 4, "what is it for", "what is this for", "what is this scheme", "यह किस लिए", "ye kis liye");

        m.Add(Intent.ApplyProcess, 3, "how to apply", "how do i apply", "how can i apply", "where to apply", "where do i apply", "where can i apply",
            "apply", "application", "register", "registration", "enrol", "enroll", "sign up", "form", "aavedan", "avedan", "apply kaise",
            "kaise kare", "kaise karein", "kaise banta", "kaha banta", "kahan banta", "kaha banega", "kaise banwaye", "banwana", "banvana",
            "khulwana", "khulwane", "kaise khule", "kaise milega", "kaha milega", "kahan milega", "kaha jaye", "kahan jaana", "आवेदन",
            "अप्लाई", "कैसे करें", "कैसे बनता", "कहाँ बनता", "कहां बनता", "कैसे बनवाएं", "बनवाना", "खुलवाना", "खुलवाने", "कैसे खुलता",
            "कैसे मिलेगा", "कहाँ मिलेगा", "कहां मिलेगा", "कहाँ जाएं", "कहां जाएं", "पंजीकरण", "रजिस्ट्रेशन", "अर्ज", "अर्ज कसा", "नोंदणी",
            "where do i go", "whom to contact", "process", "procedure", "prakriya", "प्रक्रिया", "get it", "kaise le", "कैसे लें", "kaise milta", "कैसे मिलता",
            "কিভাবে আবেদন", "আবেদন", "কোথায়", "কীভাবে", "naam kaise judwaye", "naam judwana", "naam likhwana", "नाम कैसे जुड़वाएं",
            "नाम जुड़वाना", "नाम जुड़वाएं", "नाम लिखवाना", "नाम दर्ज", "kasa kadhaycha", "कसं काढायचं", "काढायचं", "कसा काढायचा", "कुठे मिळेल",
            "अर्ज कुठे", "अर्ज कसा करायचा");
        m.Add(Intent.ApplyProcess, 1, "kaise", "कैसे", "how", "where", "kaha", "kahan", "कहाँ", "कहां", "कसा", "कुठे");

        m.Add(Intent.Helpline, 3, "helpline", "help line", "toll free", "toll-free", "phone number", "contact number",
            "complaint", "complain", "shikayat", "शिकायत", "हेल्पलाइन", "टोल फ्री", "नंबर", "नम्बर", "फोन", "फ़ोन", "customer care",
            "grievance", "तक्रार");
        m.Add(Intent.Helpline, 2, "number", "call", "क्रमांक", "contact", "phone kare", "phone karu", "phone karen", "फोन करें", "फ़ोन करें",
            "फोन करूं", "kaha phone", "kahan phone", "कहाँ फोन", "kis number", "किस नंबर", "nahi aayi", "nahi aaya", "नहीं आई", "नहीं आया",
            "paisa nahi aaya", "पैसा नहीं आया", "kist nahi", "किस्त नहीं");

        m.Add(Intent.ListSchemes, 3, "which schemes", "what schemes", "schemes for", "any scheme", "any schemes", "kaun si yojana", "kaun kaun si yojana",
            "kon si yojana", "konsi yojana", "kya yojana", "kya sarkari yojana", "kaun si yojnaye", "yojanaye", "yojnaye", "yojanaen",
            "कौन सी योजना", "कौन-सी योजना", "कौन कौन सी योजना", "कौन सी योजनाएं", "योजनाएं", "योजनाएँ", "कोणत्या योजना", "योजना आहेत",
            "what help", "kya madad", "क्या मदद", "kya sahayata", "क्या सहायता", "what support", "government help", "sarkari madad", "सरकारी मदद",
            "list of schemes", "scheme list", "options", "kya kya yojana", "क्या क्या योजना", "sarkari yojana", "सरकारी योजना", "yojana batao", "yojana bataiye",
            "yojna batao", "scheme batao", "koi yojana", "कोई योजना", "yojana bataye",
            "sarkar se kya", "सरकार से क्या", "sarkar kya deti", "सरकार क्या देती", "what does the government give", "what all", "কোন প্রকল্প",
            "योजना सांगा", "कोणत्या योजना आहेत",
            "kaun kaun si", "kaun kaun se", "kon kon si", "कौन कौन सी", "कौन कौन से", "कौन-कौन सी", "कौन-कौन से", "which all", "what are the schemes",
            "schemes does the government", "what schemes are there", "schemes are there", "schemes there for", "are there any", "koi aur yojana", "कोई और योजना", "any other scheme", "any others",
            "need some help", "need help", "madad chahiye", "मदद चाहिए", "help chahiye", "sahayata chahiye", "सहायता चाहिए", "কী কী", "কোন কোন", "প্রকল্প আছে", "कोणती योजना", "कोणती सरकारी योजना", "कोणत्या सरकारी योजना", "aur koi yojana", "और कोई योजना", "aur kaun si", "और कौन सी", "iske alawa", "इसके अलावा", "anything else for");
        m.Add(Intent.ListSchemes, 1.5, "schemes", "yojanaen", "yojnaen", "yojnaye", "प्रकल्प", "any", "koi", "कोई");
        m.Add(Intent.ListSchemes, 3, "koi madad", "कोई मदद", "sarkar se koi", "सरकार से कोई", "ke liye kya kya", "के लिए क्या क्या",
            "ke liye sarkar", "के लिए सरकार", "के लिए क्या-क्या");
        m.Add(Intent.ListSchemes, 1, "which", "what are the");

        m.Add(Intent.EligibilityCheckPersonal, 3, "what can i get", "what can i join", "which schemes can i", "what schemes can i", "am i eligible for",
            "for me", "mujhe kya milega", "mujhe kaun si", "mere liye", "hamare liye", "मुझे क्या मिलेगा", "मेरे लिए", "हमारे लिए",
            "मुझे कौन सी", "मला काय मिळेल", "माझ्यासाठी", "lena chahta", "lena chahti", "लेना चाहता", "लेना चाहती", "can i get", "kya mujhe", "क्या मुझे", "kya main", "क्या मैं", "can i join",
            "can we get", "can we", "are we eligible", "do we get", "will we get", "will i get", "मला", "hum le sakte", "हम ले सकते", "hamein milega",
            "हमें मिलेगा", "हमें मिलेगी", "mujhe milega", "mujhe milegi", "मुझे मिलेगा", "मुझे मिलेगी", "kya hume", "kya hamein", "क्या हमें", "আমি কি পাব",
            "mujhe bhi koi", "मुझे भी कोई", "mujhe koi", "मुझे कोई", "hamein koi", "हमें कोई", "kya mujhe bhi", "क्या मुझे भी",
            "can i take", "can i still take", "can i still get", "can i also", "can i avail", "can i open", "mujhe kaun kaun", "मुझे कौन कौन", "am i eligible", "what can the government give me");

        m.Add(Intent.Greeting, 3, "hello", "hi", "hey", "namaste", "namaskar", "namaskaar", "ram ram", "jai ram ji ki", "radhe radhe",
            "pranam", "sat sri akal", "salaam", "salam", "adab", "good morning", "good afternoon", "good evening", "jai hind", "jai shri krishna",
            "নমস্কার", "নমস্তে", "नमस्ते", "नमस्कार", "राम राम", "प्रणाम", "सत श्री अकाल", "सलाम", "जय श्री कृष्ण", "राधे राधे", "जय हिंद", "हेलो", "हैलो");

        m.Add(Intent.Goodbye, 3, "bye", "goodbye", "good bye", "thanks", "thank you", "thank u", "that's all", "thats all", "that is all", "nothing else",
            "dhanyavad", "dhanyawad", "shukriya", "alvida", "bas itna", "bas itna hi", "aur kuch nahi", "rakhta hu", "rakhti hu", "phone rakh",
            "धन्यवाद", "शुक्रिया", "अलविदा", "बस इतना", "बस इतना ही", "और कुछ नहीं", "फोन रखता", "फोन रखती", "ठीक है बस", "बस",
            "आभारी", "आभार", "done", "ok bye", "i am done", "ধন্যবাদ",
            "रखता हूँ", "रखती हूँ", "रखता हूं", "रखती हूं", "rakhta hoon", "rakhti hoon", "rakhta hun", "rakhti hun", "phone rakhta", "phone rakhti",
            "chalta hu", "chalti hu", "चलता हूँ", "चलती हूँ", "चलता हूं", "चलती हूं",
            "baad me phone", "baad mein phone", "baad me baat", "बाद में फोन", "बाद में बात", "call later", "talk later", "phir baat karenge", "फिर बात करेंगे", "फोन ठेवतो", "फोन ठेवते", "ठेवतो", "ठेवते");

        m.Add(Intent.HumanAgent, 4, "talk to a person", "talk to someone", "speak to someone", "speak to a person", "real person", "human",
            "agent", "operator", "officer", "representative", "talk to a human", "kisi se baat", "kisi insaan", "insaan se", "aadmi se baat",
            "kisi vyakti", "sahayak se", "kisi se sidhe", "सीधे बात", "किसी से बात", "किसी इंसान", "इंसान से", "किसी व्यक्ति", "अधिकारी से बात",
            "कर्मचारी से", "call back", "callback", "ऑपरेटर", "baat karni hai", "बात करनी है", "बात करना है", "baat karna hai", "call me back", "mujhe call karo", "wapas call", "मुझे फोन करें", "वापस फोन", "कॉल बैक",
            "कोणाशी बोलायचे", "माणसाशी");

        m.Add(Intent.Repeat, 4, "repeat", "say again", "say that again", "again please", "once more", "one more time", "pardon", "didn't understand",
            "did not understand", "didn't get", "not clear", "speak slowly", "slowly", "phir se", "fir se", "phir se bolo", "dobara", "dubara",
            "ek baar aur", "samjha nahi", "samajh nahi", "samjhi nahi", "dheere bolo", "dhire bolo", "dheere", "फिर से", "दोबारा", "दुबारा",
            "एक बार और", "समझा नहीं", "समझ नहीं", "समझी नहीं", "धीरे बोलो", "धीरे", "पुन्हा", "पुन्हा सांगा", "परत सांगा", "kya bola", "kya kaha",
            "क्या बोला", "क्या कहा", "what did you say", "sorry what", "did you say", "you said", "aapne kya kaha", "आपने क्या कहा", "kitna bataya", "कितना बताया", "kitna bola", "कितना बोला");

        return m;
    }

    /// <summary>"Which scheme is it that…": one scheme asked for, not a list ("kaun kaun si", "schemes" ask for several).</summary>
    public static PhraseMatcher<bool> WhichOne()
    {
        var m = new PhraseMatcher<bool>();
        m.Add(true, 1, "kaun si yojana", "kaunsi yojana", "konsi yojana", "kon si yojana", "kaun si yojna", "wo kaun si", "vo kaun si",
            "कौन सी योजना", "कौनसी योजना", "वो कौन सी", "which scheme", "what scheme", "aisi yojana", "aisi koi", "ऐसी कोई", "ऐसी योजना", "कोणती योजना");
        m.Add(false, 1, "kaun kaun", "कौन कौन", "कौन-कौन", "schemes", "yojanaen", "yojanaye", "yojnaye", "योजनाएं", "योजनाएँ", "which all");
        return m;
    }

    /// <summary>"What is it?" said outright: the caller wants the scheme explained, whatever else they ask after.</summary>
    public static PhraseMatcher<bool> WhatIs()
    {
        var m = new PhraseMatcher<bool>();
        m.Add(true, 1, "what is", "what's", "kya hai", "kya h", "kya hota hai", "kya hoti hai", "kya cheez", "kya chij", "kya hota", "क्या है", "क्या होता है",
            "क्या होती है", "tell me about", "ke bare me", "ke baare mein", "के बारे में", "काय आहे");
        return m;
    }

    /// <summary>"Anything else?": the caller wants schemes besides the one just discussed.</summary>
    public static PhraseMatcher<bool> Others()
    {
        var m = new PhraseMatcher<bool>();
        m.Add(true, 1, "aur koi", "और कोई", "iske alawa", "iske alava", "इसके अलावा", "इसके सिवा", "any other", "anything else", "any others",
            "something else", "dusri yojana", "doosri yojana", "दूसरी योजना", "other scheme", "other schemes", "aur kaun si", "और कौन सी",
            "aur kya", "और क्या", "आणखी कोणती", "दुसरी योजना");
        return m;
    }

    /// <summary>Requests no scheme can meet (travel, utilities, weather…): said plainly so the caller is not misled.</summary>
    public static PhraseMatcher<bool> OutOfScope()
    {
        var m = new PhraseMatcher<bool>();
        m.Add(true, 2, "train", "ticket", "bus", "flight", "book a", "weather", "mausam", "मौसम", "cricket", "match", "movie", "film", "song", "gaana",
            "गाना", "joke", "recharge", "रिचार्ज", "टिकट", "ट्रेन", "kab aayegi", "kab aaegi", "kab ayegi", "कब आएगी", "कब आयेगी", "kab aayega",
            "कब आएगा", "बिजली कब", "light kab", "bijli kab", "road kab", "sadak kab", "सड़क कब", "score", "news", "khabar", "ख़बर", "खबर",
            "election", "chunav", "चुनाव", "vote", "वोट", "pizza", "taxi", "hotel", "horoscope", "rashifal", "राशिफल", "lottery", "लॉटरी",
            "stock", "share market", "bitcoin", "police", "पुलिस", "court case", "मुकदमा", "divorce", "क्रिकेट", "मैच", "jita", "जीता", "won",
            "बिजली विभाग", "light", "लाइट", "kab theek", "कब ठीक", "transformer", "ट्रांसफार्मर", "mobile recharge", "weather", "बारिश कब",
            "mandi", "मंडी", "bhav", "भाव", "daam", "दाम", "market rate", "price of",
            "naukri lagwa", "naukri dila", "नौकरी लगवा", "नौकरी दिला", "job dila", "get me a job", "find me a job", "job lagwa", "नौकरी लगा दो", "passport", "पासपोर्ट", "driving licence", "driving license", "ड्राइविंग लाइसेंस", "kabza", "kabja", "कब्ज़ा", "कब्जा", "jhagda", "झगड़ा", "थाना", "fir");
        return m;
    }
}
