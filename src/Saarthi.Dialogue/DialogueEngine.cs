using Saarthi.Dialogue.Answers;
using Saarthi.Dialogue.Language;
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

    public DialogueEngine(IKnowledgeBase knowledge, DialogueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        Knowledge = knowledge;
        _understander = new Understander(knowledge.Snapshot, knowledge);
        _composer = new AnswerComposer(knowledge.Snapshot, _understander.Resolver, options ?? new DialogueOptions());
    }

    public IKnowledgeBase Knowledge { get; }

    public Understander Understander => _understander;

    /// <summary>Answers one utterance. <paramref name="language"/> forces the answer language (the caller's menu choice).</summary>
    public DialogueTurn Respond(string? text, ConversationState state, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var u = _understander.Understand(text, state);

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
