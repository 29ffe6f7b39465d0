using Saarthi.Dialogue.Eligibility;
using Saarthi.Dialogue.Understanding;

namespace Saarthi.Dialogue;

/// <summary>One answered turn: what was understood, what is said, and what the call should do next.</summary>
public sealed record DialogueTurn(
    Understanding.Understanding Understanding,
    Intent Intent,
    IReadOnlyList<string> SchemeIds,
    string Answer,
    string Language,
    IReadOnlyList<EligibilityResult> Verdicts,
    Fact? AskedFact,
    bool CallbackRequested,
    bool SpeakSlowly,
    bool EndsCall);
