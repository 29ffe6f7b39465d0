namespace Saarthi.Dialogue.Understanding;

/// <summary>What one utterance means: language, intent, schemes (best first), personal facts.</summary>
public sealed record Understanding(
    string Text,
    string Language,
    Intent Intent,
    double Confidence,
    IReadOnlyList<string> SchemeIds,
    bool SchemeFromContext,
    CallerProfile Facts,
    int StrongFactCount,
    IReadOnlyList<string> TopicTargets,
    InputProblem Problem)
{
    /// <summary>Topic votes per scheme (everyday words about needs), best first.</summary>
    public IReadOnlyList<(string SchemeId, double Score)> Topics { get; init; } = [];


    public string? SchemeId => SchemeIds.Count > 0 ? SchemeIds[0] : null;
}

/// <summary>Something wrong with the input itself, named so the caller can be told plainly.</summary>
public enum InputProblem
{
    None,
    Empty,
    Unintelligible,
    TooLong,
}
