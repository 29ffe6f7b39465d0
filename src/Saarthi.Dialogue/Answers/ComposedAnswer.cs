using Saarthi.Dialogue.Eligibility;

namespace Saarthi.Dialogue.Answers;

/// <summary>What the kiosk says for one turn, and what follows from it.</summary>
public sealed record ComposedAnswer(
    string Text,
    IReadOnlyList<string> SchemeIds,
    IReadOnlyList<EligibilityResult> Verdicts,
    Fact? AskedFact = null,
    bool CallbackRequested = false);
