namespace Saarthi.Dialogue.Understanding;

/// <summary>What a caller wants from one turn (the 13 labels of the practice set).</summary>
public enum Intent
{
    SchemeInfo,
    Eligibility,
    Benefits,
    Documents,
    ApplyProcess,
    Helpline,
    ListSchemes,
    EligibilityCheckPersonal,
    OutOfScope,
    Greeting,
    Goodbye,
    HumanAgent,
    Repeat,
}

public static class IntentNames
{
    private static readonly Dictionary<Intent, string> Labels = new()
    {
        [Intent.SchemeInfo] = "scheme_info",
        [Intent.Eligibility] = "eligibility",
        [Intent.Benefits] = "benefits",
        [Intent.Documents] = "documents",
        [Intent.ApplyProcess] = "apply_process",
        [Intent.Helpline] = "helpline",
        [Intent.ListSchemes] = "list_schemes",
        [Intent.EligibilityCheckPersonal] = "eligibility_check_personal",
        [Intent.OutOfScope] = "out_of_scope",
        [Intent.Greeting] = "greeting",
        [Intent.Goodbye] = "goodbye",
        [Intent.HumanAgent] = "human_agent",
        [Intent.Repeat] = "repeat",
    };

    public static string Label(this Intent intent) => Labels[intent];

    public static bool TryParse(string label, out Intent intent)
    {
        foreach (var (k, v) in Labels)
        {
            if (v == label) { intent = k; return true; }
        }
        intent = default;
        return false;
    }

    /// <summary>Intents that are about one particular scheme and need one to answer.</summary>
    public static bool NeedsScheme(this Intent intent) =>
        intent is Intent.SchemeInfo or Intent.Eligibility or Intent.Benefits or Intent.Documents or Intent.ApplyProcess or Intent.Helpline;
}
