using Saarthi.Dialogue.Answers;
using Saarthi.Dialogue.Language;
using Saarthi.Dialogue.Llm;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue;

/// <summary>
/// The text brain: what a caller said (and what was said before in the call) in, a short correct answer in their
/// language out. Never throws for any input text; a problem with the input is itself answered.
/// </summary>
public sealed class DialogueEngine
{
    private static readonly HashSet<string> SlowCues = new[] { "dheere", "dhire", "धीरे", "slowly", "slow", "हळू" }.Select(TextFold.FoldWord).ToHashSet(StringComparer.Ordinal);
    private readonly Understander _understander;
    private readonly AnswerComposer _composer;
    private readonly LlmAssist? _llm;

    /// <param name="knowledge">The schemes.</param>
    /// <param name="options">The NGO's settings.</param>
    /// <param name="languageModel">Optional local LLM (<see cref="RespondAsync"/> uses it; <see cref="Respond"/> never does).</param>
    /// <param name="llmOptions">What the model may do (understanding when the rules are unsure; phrasing, off by default).</param>
    public DialogueEngine(IKnowledgeBase knowledge, DialogueOptions? options = null, ILanguageModel? languageModel = null, LlmOptions? llmOptions = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        Knowledge = knowledge;
        _understander = new Understander(knowledge.Snapshot, knowledge);
        _composer = new AnswerComposer(knowledge.Snapshot, _understander.Resolver, options ?? new DialogueOptions());
        _llm = languageModel is null ? null : new LlmAssist(languageModel, knowledge.Snapshot, llmOptions);
    }

    public IKnowledgeBase Knowledge { get; }

    public Understander Understander => _understander;

    /// <summary>The language-model hook, when a model is configured.</summary>
    public LlmAssist? Llm => _llm;

    /// <summary>Answers one utterance. <paramref name="language"/> forces the answer language (the caller's menu choice).</summary>
    public DialogueTurn Respond(string? text, ConversationState state, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Finish(_understander.Understand(text, state), state, language);
    }

    /// <summary>
    /// Answers one utterance with the language model's help when one is configured: it reads the question when the
    /// rules are unsure (grammar-constrained JSON, merged with the rules'), and phrases the answer when phrasing is on
    /// (every sentence checked against the facts; the templated answer otherwise). Without a model this is
    /// <see cref="Respond"/>. The report says which parts came from the model.
    /// </summary>
    public async Task<LlmTurn> RespondAsync(string? text, ConversationState state, string? language = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_llm is null) return new LlmTurn(Respond(text, state, language), LlmReport.NotConfigured);
        var (u, understanding) = await _llm.UnderstandAsync(_understander.Understand(text, state), state, cancellationToken).ConfigureAwait(false);
        var turn = Finish(u, state, language);
        var (phrased, phrasing) = await _llm.PhraseAsync(turn, u.Text, state, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(phrased, turn) && turn.Intent != Intent.Repeat) state.LastAnswer = phrased.Answer;
        return new LlmTurn(phrased, new LlmReport(_llm.Model.Info.Name, understanding, phrasing));
    }

    private DialogueTurn Finish(Understanding.Understanding u, ConversationState state, string? language)
    {
        // A bare answer to the kiosk's own question ("45", "haan BPL card hai") continues that question's topic.
        if (state.Pending is { } pending && u.Facts.FactCount > 0 && u.SchemeIds.Count == 0 &&
            u.Intent is Intent.OutOfScope or Intent.Greeting or Intent.EligibilityCheckPersonal)
            u = u with { Intent = pending.Intent, SchemeIds = pending.SchemeIds, SchemeFromContext = true, Problem = InputProblem.None };

        state.Profile = state.Profile.Merge(u.Facts);
        string lang = language ?? (u.Language is LanguageDetector.Unknown ? state.Language ?? LanguageDetector.Hindi : u.Language);
        string answerLang = LanguageDetector.AnswerLanguage(lang);
        var composed = _composer.Compose(u, state, answerLang);

        bool slow = u.Intent == Intent.Repeat && TextFold.Words(u.Text).Any(SlowCues.Contains);
        var turn = new DialogueTurn(u, u.Intent, composed.SchemeIds, composed.Text, answerLang, composed.Verdicts, composed.AskedFact,
            composed.CallbackRequested, slow, u.Intent == Intent.Goodbye);

        state.Turns++;
        state.Language = lang;
        state.LastIntent = u.Intent;
        if (u.Intent != Intent.Repeat) state.LastAnswer = composed.Text;
        if (composed.SchemeIds.Count > 0) state.LastSchemeIds = composed.SchemeIds;
        state.ExpectingFact = composed.AskedFact is { } f ? ConversationState.FactKey(f) : null;
        state.Pending = composed.AskedFact is null ? null : (u.Intent, composed.SchemeIds.Count > 0 ? composed.SchemeIds : u.SchemeIds);
        return turn;
    }

    /// <summary>
    /// Puts a previous exchange into <paramref name="state"/> as if it had happened in this call (used by
    /// batch evaluation, where items carry their preceding turn).
    /// </summary>
    public void Replay(string user, string assistant, ConversationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var turn = Respond(user, state);
        if (turn.SchemeIds.Count == 0)
        {
            // The assistant's words name the scheme when the user's did not.
            var u = _understander.Understand(assistant, new ConversationState());
            if (u.SchemeIds.Count > 0) state.LastSchemeIds = u.SchemeIds;
        }
        state.LastAnswer = assistant;
    }
}
