namespace Saarthi.Appliance.Call;

/// <summary>How a call behaves; from appliance.json (`call` section). Defaults suit a village kiosk.</summary>
public sealed class CallOptions
{
    /// <summary>Language when the caller picks none (menu timeout).</summary>
    public string DefaultLanguage { get; set; } = "hi";

    /// <summary>The language menu: key → language, each option announced in its own language.</summary>
    public IDictionary<char, string> LanguageKeys { get; init; } = new Dictionary<char, string> { ['1'] = "hi", ['2'] = "en", ['3'] = "mr" };

    public TimeSpan MenuTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Silence while listening: a nudge ("I'm listening"), a check ("are you still there?"), then goodbye.</summary>
    public TimeSpan SilenceNudge { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan SilenceCheck { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan SilenceGoodbye { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan MaxCallLength { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Below this recognition confidence the caller is asked to repeat.</summary>
    public double MinConfidence { get; set; } = 0.6;

    /// <summary>How many times the caller is asked to repeat before the key-press menu of scheme categories.</summary>
    public int MaxRepeats { get; set; } = 2;

    /// <summary>
    /// Quiet after the caller's speech at which recognition starts, before the endpointer is sure the utterance has
    /// ended (its 700 ms): the words are then ready when it is. Never less than the endpointer's post-roll (200 ms: the
    /// utterance's audio must be complete). Null turns it off (recognition starts at the endpoint).
    /// </summary>
    public TimeSpan? EarlyRecognitionAfter { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Longest the caller waits for the language model's part of a turn (reading the question, phrasing the answer);
    /// past it the rules and templates answer. Without a model it does not apply.
    /// </summary>
    public TimeSpan LanguageModelBudget { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan SmsOfferTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The NGO helpline said when a caller asks for a person.</summary>
    public string? Helpline { get; set; }

    /// <summary>Keys of the category menu offered after repeated misunderstanding: key → what the caller is taken to have asked.</summary>
    public IDictionary<char, string> CategoryKeys { get; init; } = new Dictionary<char, string>
    {
        ['1'] = "kisanon ke liye kaun si yojanaen hain",
        ['2'] = "ilaj ke liye kaun si yojanaen hain",
        ['3'] = "pension ki kaun si yojanaen hain",
        ['4'] = "ghar ke liye kaun si yojanaen hain",
        ['5'] = "padhai ke liye kaun si yojanaen hain",
        ['6'] = "rozgar aur loan ki kaun si yojanaen hain",
        ['0'] = "kisi insaan se baat karni hai",
    };
}
