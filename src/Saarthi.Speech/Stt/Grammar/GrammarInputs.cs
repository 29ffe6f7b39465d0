namespace Saarthi.Speech.Stt.Grammar;

/// <summary>
/// The ways callers name one scheme: its full English name, its acronym, what people call it. Phrases in other
/// scripts may be included; the grammar keeps only those an English recogniser can say.
/// </summary>
/// <param name="Id">The scheme id (kept for tags and reports).</param>
/// <param name="Phrases">Names and aliases, as written.</param>
public sealed record SchemePhrases(string Id, IReadOnlyList<string> Phrases)
{
    /// <summary>
    /// Expands an official name into what people say: the name; a bracketed acronym as a phrase of its own
    /// ("Pradhan Mantri Ujjwala Yojana (PMUY)" → "Pradhan Mantri Ujjwala Yojana", "PMUY") while a bracketed
    /// explanation stays in the name ("Swachh Bharat Mission (Gramin)" → "Swachh Bharat Mission Gramin"); the parts
    /// either side of a dash or colon when they are names themselves ("Ayushman Bharat – Pradhan Mantri Jan Arogya
    /// Yojana" → both halves, "… – NSAP" → "NSAP"); then the aliases.
    /// </summary>
    public static SchemePhrases FromNames(string id, string fullName, IEnumerable<string> aliases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(fullName);
        ArgumentNullException.ThrowIfNull(aliases);
        var phrases = new List<string>();
        var name = fullName;
        var acronyms = new List<string>();
        int open;
        while ((open = name.IndexOf('(', StringComparison.Ordinal)) >= 0)
        {
            var close = name.IndexOf(')', open);
            if (close < 0)
            {
                break;
            }

            var inner = name[(open + 1)..close].Trim();
            if (IsAcronymLike(inner))
            {
                acronyms.Add(inner);
                name = name[..open] + name[(close + 1)..];
            }
            else
            {
                name = name[..open] + inner + name[(close + 1)..];
            }
        }

        name = string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        phrases.Add(name);
        var parts = name.Split([" – ", " — ", " - ", ": "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 1)
        {
            phrases.AddRange(parts.Where(p => p.Split(' ').Length >= 2 || IsAcronymLike(p)));
        }

        phrases.AddRange(acronyms);
        phrases.AddRange(aliases.Where(a => !string.IsNullOrWhiteSpace(a)));
        return new SchemePhrases(id, phrases.Distinct(StringComparer.OrdinalIgnoreCase).ToList());
    }

    /// <summary>"PMUY", "AB PM-JAY", "PMAY-U 2.0", "PM SVANidhi": a run of two capitals somewhere.</summary>
    private static bool IsAcronymLike(string text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsAsciiLetterUpper(text[i]) && char.IsAsciiLetterUpper(text[i - 1]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// What the speech grammar is built from — plain data, so Speech needs nothing from Knowledge: the schemes' phrases
/// (the Appliance passes them from the current snapshot), the carrier phrases of questions, the groups people ask
/// about, short answers. Defaults cover the kiosk's English and romanized-Hindi questions.
/// </summary>
public sealed record GrammarInputs
{
    /// <summary>The schemes and the phrases that name them.</summary>
    public required IReadOnlyList<SchemePhrases> Schemes { get; init; }

    /// <summary>Words that introduce a scheme name: "what is", "how do I apply for", "who can get"…</summary>
    public IReadOnlyList<string> IntentPhrases { get; init; } = DefaultIntentPhrases;

    /// <summary>Words that may follow a scheme name: "scheme", "kya hai", "documents", "helpline number"…</summary>
    public IReadOnlyList<string> TrailingPhrases { get; init; } = DefaultTrailingPhrases;

    /// <summary>Openers of questions about a group: "which schemes are for".</summary>
    public IReadOnlyList<string> GroupQuestionPhrases { get; init; } = DefaultGroupQuestionPhrases;

    /// <summary>Who a question can be about: "farmers", "widows", "old people"…</summary>
    public IReadOnlyList<string> Groups { get; init; } = DefaultGroups;

    /// <summary>Short answers and commands: yes, no, repeat, go back…</summary>
    public IReadOnlyList<string> Answers { get; init; } = DefaultAnswers;

    /// <summary>Whether numbers (ages, amounts, digits of a phone number) are part of the grammar.</summary>
    public bool IncludeNumbers { get; init; } = true;

    public static IReadOnlyList<string> DefaultIntentPhrases { get; } =
    [
        "what is", "what is the", "what about", "tell me about", "tell me about the", "i want to know about",
        "information about", "please tell me about", "explain",
        "how do i apply for", "how to apply for", "how can i apply for", "how can i get", "where do i apply for",
        "where can i apply for", "i want to apply for", "apply for",
        "who can get", "who is eligible for", "am i eligible for", "can i get", "eligibility for", "who gets",
        "what documents are needed for", "what documents do i need for", "documents for", "documents needed for",
        "which documents for", "papers for",
        "how much money", "how much money do i get from", "how much money is given in", "how much do i get in",
        "what is the benefit of", "benefits of", "what do i get from", "how much is",
        "helpline number of", "helpline number for", "what is the helpline number of", "phone number of", "helpline of",
        "status of", "when will i get", "when will i get my",
    ];

    public static IReadOnlyList<string> DefaultTrailingPhrases { get; } =
    [
        "scheme", "yojana", "yojna", "please", "kya hai", "ke baare mein batao", "ke bare mein batao", "kaise milega",
        "ke liye apply kaise kare", "ke liye kaun se documents chahiye", "mein kitna paisa milta hai",
        "documents", "helpline number", "helpline", "status", "eligibility", "benefits",
    ];

    public static IReadOnlyList<string> DefaultGroupQuestionPhrases { get; } =
    [
        "which schemes are for", "which schemes are there for", "what schemes are there for", "schemes for",
        "is there any scheme for", "any scheme for", "what can i get as", "which scheme is for",
    ];

    public static IReadOnlyList<string> DefaultGroups { get; } =
    [
        "farmers", "a farmer", "women", "a woman", "widows", "a widow", "old people", "senior citizens", "the elderly",
        "students", "girls", "a girl child", "disabled people", "the disabled", "pregnant women", "mothers",
        "workers", "labourers", "street vendors", "poor families", "the poor", "children", "sc st", "scheduled castes",
        "small business", "artisans", "tb patients", "health", "housing", "pension", "insurance", "loans", "scholarships",
    ];

    public static IReadOnlyList<string> DefaultAnswers { get; } =
    [
        "yes", "no", "yes please", "no thank you", "no thanks", "haan", "haan ji", "han", "ji haan", "nahi", "nahin",
        "ji nahin", "okay", "ok", "theek hai", "repeat", "repeat please", "say again", "please repeat", "go back",
        "main menu", "hindi", "english", "thank you", "bye", "stop", "help", "something else", "another scheme",
    ];
}
