using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;
using U = Saarthi.Dialogue.Understanding.Understanding;

namespace Saarthi.Dialogue.Llm;

/// <summary>What the language model does for the dialogue (all of it additive: without a model nothing changes).</summary>
public sealed record LlmOptions
{
    public LlmUnderstandingOptions Understanding { get; init; } = new();

    /// <summary>Phrasing is off by default (<see cref="PhrasingOptions.Enabled"/>).</summary>
    public PhrasingOptions Phrasing { get; init; } = new();

    /// <summary>Where the model's decisions and every fallback are explained (one line each).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>How the answer's wording was made.</summary>
/// <param name="Source">"templates" or "model".</param>
/// <param name="Attempted">Whether the model was asked to phrase.</param>
/// <param name="Verdict">The guard's verdict on the model's text ("accepted", or the unsupported things), when it ran.</param>
/// <param name="Reason">Why the template was used, when it was.</param>
/// <param name="Stats">Generation figures, when the model ran.</param>
public sealed record LlmPhrasingReport(string Source, bool Attempted, string? Verdict, string? Reason, GenerationStats? Stats)
{
    public static LlmPhrasingReport Templates(string reason) => new("templates", false, null, reason, null);
}

/// <summary>Which parts of a turn came from the model, and why.</summary>
public sealed record LlmReport(string Model, LlmUnderstandingReport Understanding, LlmPhrasingReport Phrasing)
{
    public static LlmReport NotConfigured { get; } = new(
        "none", LlmUnderstandingReport.RulesOnly("no language model"), LlmPhrasingReport.Templates("no language model"));
}

/// <summary>A dialogue turn and the model's part in it.</summary>
public sealed record LlmTurn(DialogueTurn Turn, LlmReport Report);

/// <summary>The language model's two jobs for <see cref="DialogueEngine"/>: reading unsure questions, phrasing answers.</summary>
public sealed class LlmAssist
{
    private readonly LlmOptions options;
    private readonly Action<string> log;

    public LlmAssist(ILanguageModel model, Snapshot snapshot, LlmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(snapshot);
        Model = model;
        this.options = options ?? new LlmOptions();
        log = this.options.Log ?? (_ => { });
        Understander = new LlmUnderstander(model, snapshot, this.options.Understanding);
        Phraser = new GroundedPhraser(model, snapshot, this.options.Phrasing, log);
    }

    public ILanguageModel Model { get; }

    public LlmUnderstander Understander { get; }

    public GroundedPhraser Phraser { get; }

    public LlmOptions Options => options;

    /// <summary>The rules' understanding, refined by the model when the rules are unsure.</summary>
    public async Task<(U Understanding, LlmUnderstandingReport Report)> UnderstandAsync(U rules, ConversationState state, CancellationToken cancellationToken)
    {
        var (u, report) = await Understander.RefineAsync(rules, state, cancellationToken).ConfigureAwait(false);
        if (report.Consulted)
        {
            log($"understanding: asked the model ({report.Reason}): {report.Reading ?? "(nothing)"} → {report.Decision}");
        }

        return (u, report);
    }

    /// <summary>The answer phrased by the model when phrasing is on and the answer is about a scheme; else the template's.</summary>
    public async Task<(DialogueTurn Turn, LlmPhrasingReport Report)> PhraseAsync(DialogueTurn turn, string question, ConversationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(state);
        if (!options.Phrasing.Enabled)
        {
            return (turn, LlmPhrasingReport.Templates("phrasing is off"));
        }

        if (turn.SchemeIds.Count == 0 || turn.Intent is Intent.Repeat || turn.AskedFact is not null)
        {
            return (turn, LlmPhrasingReport.Templates(turn.AskedFact is not null ? "the answer asks the caller a question" : "no scheme facts to phrase"));
        }

        var result = await Phraser.PhraseAsync(
            new PhrasingRequest(question, turn.Answer, turn.Language, turn.SchemeIds, state.Profile), cancellationToken).ConfigureAwait(false);
        var report = new LlmPhrasingReport(
            result.Source == PhrasingSource.Model ? "model" : "templates", true, result.Verdict?.Reason, result.FallbackReason, result.Stats);
        return (result.Source == PhrasingSource.Model ? turn with { Answer = result.Text } : turn, report);
    }
}
