namespace Saarthi.Dialogue.Answers;

/// <summary>
/// Every fixed sentence the kiosk says, per language. A prompt missing in a language falls back to Hindi, then
/// English; <see cref="Missing"/> lists the gaps for `doctor`. Placeholders: {name}, {number}, {reason}…
/// </summary>
public static class PromptCatalog
{
    private static readonly Dictionary<string, Dictionary<string, string>> Prompts = new(StringComparer.Ordinal)
    {
        ["en"] = new(StringComparer.Ordinal)
        {
            ["greeting"] = "Namaste! I am Saarthi. Ask me about any government scheme, for example PM-KISAN, the Ayushman card or old age pension.",
            ["goodbye"] = "Thank you for calling Saarthi. Goodbye!",
            ["out_of_scope"] = "Sorry, I can only help with government schemes: farming, housing, health, pensions, education, jobs and more. Please ask about a scheme.",
            ["unclear"] = "Sorry, I did not catch that. Please say your question again.",
            ["too_long"] = "That was a long question, so I have answered its first part.",
            ["which_scheme"] = "Which scheme are you asking about? For example PM-KISAN, the Ayushman card or widow pension.",
            ["human_agent"] = "You can talk to a person on {number}.",
            ["callback"] = "I have noted that you want a call back; the NGO team will call you.",
            ["nothing_to_repeat"] = "I have not said anything yet. Please ask your question.",
            ["list_intro"] = "These schemes can help:",
            ["list_outro"] = "Ask about any one of them to know more.",
            ["personal_intro"] = "From what you told me, you can get:",
            ["personal_one"] = "From what you told me, you can get {name}:",
            ["personal_outro"] = "Ask about any of them to hear how to apply.",
            ["personal_none"] = "From what you told me, I could not find a scheme that fits yet.",
            ["need_facts"] = "Tell me your age and what work you do, and I will tell you which schemes fit.",
            ["verdict_yes"] = "Yes, from what you told me, {name} is for you.",
            ["verdict_no"] = "No, {name} is not for you: {reason}.",
            ["alternatives"] = "But you can get {names}.",
            ["apply_at_csc"] = "You can apply at your nearest Common Service Centre (CSC).",
            ["to_apply"] = "To apply: {step}",
            ["or_step"] = "Or, {step}",
            ["documents"] = "For {name} you need: {items}.",
            ["no_documents"] = "No papers are listed for {name}.",
            ["helpline"] = "The {name} helpline is {numbers}.",
            ["no_helpline"] = "I do not have a verified helpline number for {name}. Please ask at your Gram Panchayat or block office.",
            ["website"] = "You can also see {url}.",
            ["or"] = "or",
            ["and"] = "and",
            ["ask.age"] = "How old is the person?",
            ["ask.income"] = "What is the family's yearly income?",
            ["ask.bpl"] = "Do you have a BPL or Antyodaya ration card?",
            ["ask.land"] = "How much land does the family own?",
            ["ask.occupation"] = "What work do you do?",
            ["ask.residence"] = "Do you live in a village or a town?",
            ["ask.gender"] = "Is this for a woman or a man?",
            ["ask.maritalstatus"] = "Is she a widow?",
            ["ask.disability"] = "Is the disability 80 percent or more?",
            ["ask.student"] = "Is the person studying now, and in which class?",
            ["ask.pregnancy"] = "Are you pregnant or a new mother?",
            ["ask.caste"] = "Which category: SC, ST, OBC or general?",
            ["ask.state"] = "Which state do you live in?",
            ["ask.incometax"] = "Does anyone in the family pay income tax?",
            ["why.age"] = "it is for ages {required}",
            ["why.gender"] = "it is for {required}",
            ["why.caste"] = "it is for the {required} category",
            ["why.income"] = "the income limit is ₹{required}",
            ["why.bpl"] = "it is for BPL families",
            ["why.land"] = "it is for farmers with up to {required} hectares of land, and you have {actual}",
            ["why.land_owner"] = "it is for families that own farm land",
            ["why.occupation"] = "it is for {required}",
            ["why.residence"] = "it is for {required} areas",
            ["why.maritalstatus"] = "it is for widows",
            ["why.disability"] = "it is for people with severe disability",
            ["why.disability_percent"] = "it is for people with {required}% or more disability",
            ["why.student"] = "it is for students",
            ["why.pregnancy"] = "it is for pregnant women and new mothers",
            ["why.state"] = "it is not run in your state",
            ["why.incometax"] = "income-tax payers cannot get it",
            ["call.welcome"] = "Namaste! This is Saarthi, your guide to government schemes.",
            ["call.menu_option"] = "For English, press {key}.",
            ["call.how_to_ask"] = "Ask your question after the beep. You can ask about any government scheme.",
            ["call.listening"] = "I'm listening. Please ask your question.",
            ["call.still_there"] = "Are you still there? Please ask your question, or press 0 to talk to a person.",
            ["call.silence_goodbye"] = "I could not hear anything, so I will end the call now. Please call again. Goodbye!",
            ["call.please_repeat"] = "Sorry, I could not hear that clearly. Please say it again, a little slowly.",
            ["call.category_menu"] = "Let us try with keys. For farming press 1, for health 2, for pension 3, for housing 4, for education 5, for jobs and loans 6. To talk to a person press 0.",
            ["call.sms_offer"] = "Would you like these answers by SMS? Press 1 for yes, or hang up.",
            ["call.sms_sent"] = "I have sent you an SMS.",
            ["call.sms_failed"] = "Sorry, I could not send the SMS.",
            ["call.max_length"] = "We have talked for a long time, so I will end the call now. Please call again if you have more questions.",
            ["call.busy"] = "Saarthi is talking to someone else right now. Please try again in a few minutes.",
            ["call.technical_problem"] = "Sorry, I had a technical problem. Please call again.",
            ["call.welcome_back"] = "Welcome back! You can continue where you left off.",
            ["sms.summary"] = "Saarthi: {items}",
        },
        ["hi"] = new(StringComparer.Ordinal)
        {
            ["greeting"] = "नमस्ते! मैं सारथी हूँ। किसी भी सरकारी योजना के बारे में पूछिए, जैसे पीएम-किसान, आयुष्मान कार्ड या वृद्धावस्था पेंशन।",
            ["goodbye"] = "सारथी को फ़ोन करने के लिए धन्यवाद। नमस्ते!",
            ["out_of_scope"] = "माफ़ कीजिए, मैं केवल सरकारी योजनाओं के बारे में बता सकता हूँ: खेती, घर, इलाज, पेंशन, पढ़ाई, रोज़गार आदि। किसी योजना के बारे में पूछिए।",
            ["unclear"] = "माफ़ कीजिए, मैं समझ नहीं पाया। कृपया अपना सवाल फिर से बोलिए।",
            ["too_long"] = "आपका सवाल लंबा था, इसलिए मैंने उसके पहले हिस्से का जवाब दिया है।",
            ["which_scheme"] = "आप किस योजना के बारे में पूछ रहे हैं? जैसे पीएम-किसान, आयुष्मान कार्ड या विधवा पेंशन।",
            ["human_agent"] = "आप {number} पर किसी व्यक्ति से बात कर सकते हैं।",
            ["callback"] = "मैंने आपको वापस फ़ोन करने का अनुरोध दर्ज कर लिया है; संस्था की टीम आपको फ़ोन करेगी।",
            ["nothing_to_repeat"] = "मैंने अभी कुछ नहीं कहा है। कृपया अपना सवाल पूछिए।",
            ["list_intro"] = "ये योजनाएँ मदद कर सकती हैं:",
            ["list_outro"] = "किसी एक के बारे में पूछिए, मैं और बताऊँगा।",
            ["personal_intro"] = "आपकी बताई बातों के हिसाब से आपको ये मिल सकती हैं:",
            ["personal_one"] = "आपकी बताई बातों के हिसाब से आपको {name} मिल सकती है:",
            ["personal_outro"] = "आवेदन का तरीका जानने के लिए किसी एक के बारे में पूछिए।",
            ["personal_none"] = "आपकी बताई बातों के हिसाब से अभी कोई योजना पूरी तरह नहीं बैठती।",
            ["need_facts"] = "अपनी उम्र और आप क्या काम करते हैं, यह बताइए, मैं बताऊँगा कौन सी योजनाएँ आपके लिए हैं।",
            ["verdict_yes"] = "हाँ, आपकी बताई बातों के हिसाब से {name} आपके लिए है।",
            ["verdict_no"] = "नहीं, {name} आपके लिए नहीं है: {reason}।",
            ["alternatives"] = "लेकिन आपको {names} मिल सकती है।",
            ["apply_at_csc"] = "आप नज़दीकी कॉमन सर्विस सेंटर (CSC) पर आवेदन कर सकते हैं।",
            ["to_apply"] = "आवेदन: {step}",
            ["or_step"] = "या फिर, {step}",
            ["documents"] = "{name} के लिए ये कागज़ चाहिए: {items}।",
            ["no_documents"] = "{name} के लिए कोई कागज़ नहीं बताए गए हैं।",
            ["helpline"] = "{name} का हेल्पलाइन नंबर {numbers} है।",
            ["no_helpline"] = "{name} का कोई पक्का हेल्पलाइन नंबर मेरे पास नहीं है। कृपया अपनी ग्राम पंचायत या ब्लॉक कार्यालय में पूछें।",
            ["website"] = "आप {url} भी देख सकते हैं।",
            ["or"] = "या",
            ["and"] = "और",
            ["ask.age"] = "उनकी उम्र कितनी है?",
            ["ask.income"] = "परिवार की सालाना आमदनी कितनी है?",
            ["ask.bpl"] = "क्या आपके पास बीपीएल या अंत्योदय राशन कार्ड है?",
            ["ask.land"] = "परिवार के पास कितनी ज़मीन है?",
            ["ask.occupation"] = "आप क्या काम करते हैं?",
            ["ask.residence"] = "आप गाँव में रहते हैं या शहर में?",
            ["ask.gender"] = "यह किसी महिला के लिए है या पुरुष के लिए?",
            ["ask.maritalstatus"] = "क्या वह विधवा हैं?",
            ["ask.disability"] = "क्या विकलांगता 80 प्रतिशत या उससे ज़्यादा है?",
            ["ask.student"] = "क्या वे अभी पढ़ रहे हैं, किस कक्षा में?",
            ["ask.pregnancy"] = "क्या आप गर्भवती हैं या हाल में माँ बनी हैं?",
            ["ask.caste"] = "आप किस वर्ग से हैं: एससी, एसटी, ओबीसी या सामान्य?",
            ["ask.state"] = "आप किस राज्य में रहते हैं?",
            ["ask.incometax"] = "क्या परिवार में कोई आयकर भरता है?",
            ["why.age"] = "यह {required} साल की उम्र के लिए है",
            ["why.gender"] = "यह {required} के लिए है",
            ["why.caste"] = "यह {required} वर्ग के लिए है",
            ["why.income"] = "आमदनी की सीमा ₹{required} है",
            ["why.bpl"] = "यह बीपीएल परिवारों के लिए है",
            ["why.land"] = "यह केवल {required} हेक्टेयर तक ज़मीन वाले किसानों के लिए है, आपके पास {actual} हेक्टेयर है",
            ["why.land_owner"] = "यह खेती की ज़मीन वाले परिवारों के लिए है",
            ["why.occupation"] = "यह {required} के लिए है",
            ["why.residence"] = "यह {required} क्षेत्रों के लिए है",
            ["why.maritalstatus"] = "यह विधवा महिलाओं के लिए है",
            ["why.disability"] = "यह गंभीर विकलांगता वाले लोगों के लिए है",
            ["why.disability_percent"] = "यह {required}% या उससे ज़्यादा विकलांगता वालों के लिए है",
            ["why.student"] = "यह छात्रों के लिए है",
            ["why.pregnancy"] = "यह गर्भवती महिलाओं और नई माताओं के लिए है",
            ["why.state"] = "यह आपके राज्य में नहीं चलती",
            ["why.incometax"] = "आयकर भरने वालों को यह नहीं मिलती",
            ["call.welcome"] = "नमस्ते! मैं सारथी हूँ, सरकारी योजनाओं की जानकारी के लिए।",
            ["call.menu_option"] = "हिंदी के लिए {key} दबाएँ।",
            ["call.how_to_ask"] = "बीप के बाद अपना सवाल बोलिए। आप किसी भी सरकारी योजना के बारे में पूछ सकते हैं।",
            ["call.listening"] = "मैं सुन रहा हूँ। अपना सवाल पूछिए।",
            ["call.still_there"] = "क्या आप लाइन पर हैं? अपना सवाल पूछिए, या किसी व्यक्ति से बात करने के लिए 0 दबाएँ।",
            ["call.silence_goodbye"] = "मुझे कुछ सुनाई नहीं दिया, इसलिए मैं कॉल बंद कर रहा हूँ। फिर से फ़ोन कीजिए। नमस्ते!",
            ["call.please_repeat"] = "माफ़ कीजिए, मैं ठीक से सुन नहीं पाया। कृपया थोड़ा धीरे फिर से बोलिए।",
            ["call.category_menu"] = "चलिए बटन से कोशिश करते हैं। खेती के लिए 1, इलाज के लिए 2, पेंशन के लिए 3, घर के लिए 4, पढ़ाई के लिए 5, रोज़गार और लोन के लिए 6 दबाएँ। किसी व्यक्ति से बात करने के लिए 0 दबाएँ।",
            ["call.sms_offer"] = "क्या आप ये जानकारी एसएमएस पर चाहते हैं? हाँ के लिए 1 दबाएँ, या फ़ोन रख दें।",
            ["call.sms_sent"] = "मैंने आपको एसएमएस भेज दिया है।",
            ["call.sms_failed"] = "माफ़ कीजिए, एसएमएस नहीं भेज पाया।",
            ["call.max_length"] = "हमने काफ़ी देर बात कर ली है, इसलिए मैं कॉल बंद कर रहा हूँ। और सवाल हों तो फिर से फ़ोन कीजिए।",
            ["call.busy"] = "सारथी अभी किसी और से बात कर रहा है। कृपया कुछ मिनट बाद फिर कोशिश करें।",
            ["call.technical_problem"] = "माफ़ कीजिए, तकनीकी समस्या आ गई। कृपया फिर से फ़ोन कीजिए।",
            ["call.welcome_back"] = "फिर से स्वागत है! आप वहीं से आगे पूछ सकते हैं।",
            ["sms.summary"] = "सारथी: {items}",
        },
        ["mr"] = new(StringComparer.Ordinal)
        {
            ["greeting"] = "नमस्कार! मी सारथी. कोणत्याही सरकारी योजनेबद्दल विचारा, उदा. पीएम-किसान, आयुष्मान कार्ड किंवा वृद्धापकाळ पेन्शन.",
            ["goodbye"] = "सारथीला फोन केल्याबद्दल धन्यवाद. नमस्कार!",
            ["out_of_scope"] = "माफ करा, मी फक्त सरकारी योजनांबद्दल मदत करू शकतो: शेती, घर, आरोग्य, पेन्शन, शिक्षण, रोजगार. कृपया योजनेबद्दल विचारा.",
            ["unclear"] = "माफ करा, मला समजले नाही. कृपया तुमचा प्रश्न पुन्हा सांगा.",
            ["call.welcome"] = "नमस्कार! मी सारथी, सरकारी योजनांच्या माहितीसाठी.",
            ["call.menu_option"] = "मराठीसाठी {key} दाबा.",
            ["call.how_to_ask"] = "बीपनंतर तुमचा प्रश्न विचारा.",
            ["call.listening"] = "मी ऐकतो आहे. तुमचा प्रश्न विचारा.",
        },
    };

    /// <summary>Word lists for occupations and places used inside reasons.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Terms = new(StringComparer.Ordinal)
    {
        ["en"] = new(StringComparer.Ordinal)
        {
            ["female"] = "women", ["male"] = "men", ["rural"] = "rural", ["urban"] = "urban", ["peri-urban"] = "peri-urban",
            ["farmer"] = "farmers", ["tenant_farmer"] = "tenant farmers", ["sharecropper"] = "sharecroppers", ["animal_husbandry"] = "livestock farmers",
            ["fisheries"] = "fish farmers", ["street_vendor"] = "street vendors", ["micro_entrepreneur"] = "small business owners",
            ["self_employed"] = "self-employed people", ["shopkeeper"] = "shopkeepers", ["artisan"] = "artisans", ["traditional_artisan"] = "traditional artisans",
            ["unorganised_worker"] = "unorganised workers", ["any_if_SC_ST"] = "SC/ST men", ["any_if_female"] = "women",
        },
        ["hi"] = new(StringComparer.Ordinal)
        {
            ["female"] = "महिलाओं", ["male"] = "पुरुषों", ["rural"] = "ग्रामीण", ["urban"] = "शहरी", ["peri-urban"] = "शहर से सटे",
            ["farmer"] = "किसानों", ["tenant_farmer"] = "बटाईदार किसानों", ["sharecropper"] = "साझेदार किसानों", ["animal_husbandry"] = "पशुपालकों",
            ["fisheries"] = "मछली पालकों", ["street_vendor"] = "रेहड़ी-पटरी वालों", ["micro_entrepreneur"] = "छोटे कारोबारियों",
            ["self_employed"] = "स्वरोज़गार करने वालों", ["shopkeeper"] = "दुकानदारों", ["artisan"] = "कारीगरों", ["traditional_artisan"] = "पारंपरिक कारीगरों",
            ["unorganised_worker"] = "असंगठित मज़दूरों", ["any_if_SC_ST"] = "एससी/एसटी पुरुषों", ["any_if_female"] = "महिलाओं",
        },
    };

    /// <summary>Languages with their own wording (others are answered in Hindi).</summary>
    public static IReadOnlyCollection<string> Languages => Prompts.Keys;

    public static bool HasLanguage(string language) => Prompts.ContainsKey(language);

    public static string Get(string language, string key, params (string Name, string Value)[] values)
    {
        string text = Lookup(Prompts, language, key) ?? key;
        foreach (var (name, value) in values) text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return text;
    }

    public static string Term(string language, string code) => Lookup(Terms, language, code) ?? code.Replace('_', ' ');

    /// <summary>Keys a language lacks (answered through the fallback), for `doctor`.</summary>
    public static IReadOnlyList<string> Missing(string language) =>
        Prompts.TryGetValue(language, out var own) ? Prompts["en"].Keys.Where(k => !own.ContainsKey(k)).ToList() : Prompts["en"].Keys.ToList();

    private static string? Lookup(Dictionary<string, Dictionary<string, string>> table, string language, string key)
    {
        foreach (var lang in new[] { language, "hi", "en" })
            if (table.TryGetValue(lang, out var p) && p.TryGetValue(key, out var t)) return t;
        return null;
    }
}
