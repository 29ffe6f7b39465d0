using Saarthi.Dialogue.Eligibility;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue;

/// <summary>
/// What the conversation remembers between turns: the last schemes and answer (for "it" and "repeat"), the
/// caller's facts, and a fact the kiosk just asked for (so "38" after "how old are you?" is an age).
/// </summary>
public sealed class ConversationState
{
    public string? Language { get; set; }

    public IReadOnlyList<string> LastSchemeIds { get; set; } = [];

    public Intent? LastIntent { get; set; }

    public string? LastAnswer { get; set; }

    public CallerProfile Profile { get; set; } = CallerProfile.Empty;

    public string? ExpectingFact { get; set; }

    /// <summary>The schemes and intent of a pending clarifying question, answered by the next turn.</summary>
    public (Intent Intent, IReadOnlyList<string> SchemeIds)? Pending { get; set; }

    public int Turns { get; set; }

    /// <summary>Schemes already named in full in this call (after that, the short name is used).</summary>
    public HashSet<string> NamedInFull { get; } = new(StringComparer.Ordinal);

    public void Clear()
    {
        Language = null;
        LastSchemeIds = [];
        LastIntent = null;
        LastAnswer = null;
        Profile = CallerProfile.Empty;
        ExpectingFact = null;
        Pending = null;
        Turns = 0;
        NamedInFull.Clear();
    }

    public static string FactKey(Fact fact) => fact switch
    {
        Fact.Age => "age",
        Fact.Income => "income",
        Fact.Land => "land",
        _ => fact.ToString().ToLowerInvariant(),
    };
}
