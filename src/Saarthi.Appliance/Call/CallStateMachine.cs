using System.Text;

namespace Saarthi.Appliance.Call;

/// <summary>Where a call is. One call at a time; a new session starts in <see cref="Idle"/>.</summary>
public enum CallState
{
    Idle,
    Answering,
    Greeting,
    LanguageMenu,
    Listening,
    Processing,
    Responding,
    Clarifying,
    OfferingSms,
    Terminating,
    Recovering,
    Ended,
}

/// <summary>What can happen to a call: from the line (modem, handset), from the caller, from the kiosk's own work, from time.</summary>
public enum CallTrigger
{
    IncomingCall,
    HandsetLifted,
    Answered,
    PromptFinished,
    LanguageChosen,
    MenuTimedOut,
    UtteranceHeard,
    UtteranceUnclear,
    AnswerReady,
    ClarificationNeeded,
    CallerSpoke,
    SilenceNudge,
    SilenceCheck,
    SilenceTimeout,
    GoodbyeHeard,
    MaxDurationReached,
    SmsChoiceMade,
    RemoteHangup,
    Fault,
    Recovered,
}

/// <summary>
/// The call as an explicit transition table (state × trigger → state). Pairs not in the table are ignored: a
/// trigger that arrives late (a prompt finishing after the caller hung up) cannot move the call anywhere odd.
/// </summary>
public sealed class CallStateMachine
{
    private static readonly Dictionary<(CallState, CallTrigger), CallState> Table = Build();

    public CallState State { get; private set; } = CallState.Idle;

    public static IReadOnlyDictionary<(CallState From, CallTrigger Trigger), CallState> Transitions => Table;

    /// <summary>Moves on <paramref name="trigger"/> if the table allows it; returns whether the state changed.</summary>
    public bool Fire(CallTrigger trigger, out CallState from)
    {
        from = State;
        if (!Table.TryGetValue((State, trigger), out var to)) return false;
        State = to;
        return true;
    }

    private static Dictionary<(CallState, CallTrigger), CallState> Build()
    {
        var t = new Dictionary<(CallState, CallTrigger), CallState>();
        void On(CallState from, CallTrigger trigger, CallState to) => t[(from, trigger)] = to;

        On(CallState.Idle, CallTrigger.IncomingCall, CallState.Answering);
        On(CallState.Idle, CallTrigger.HandsetLifted, CallState.Greeting);
        On(CallState.Answering, CallTrigger.Answered, CallState.Greeting);
        On(CallState.Greeting, CallTrigger.PromptFinished, CallState.LanguageMenu);
        On(CallState.LanguageMenu, CallTrigger.LanguageChosen, CallState.Listening);
        On(CallState.LanguageMenu, CallTrigger.MenuTimedOut, CallState.Listening); // default language, the caller can still switch

        On(CallState.Listening, CallTrigger.UtteranceHeard, CallState.Processing);
        On(CallState.Listening, CallTrigger.UtteranceUnclear, CallState.Clarifying);
        On(CallState.Listening, CallTrigger.SilenceNudge, CallState.Clarifying);
        On(CallState.Listening, CallTrigger.SilenceCheck, CallState.Clarifying);
        On(CallState.Listening, CallTrigger.SilenceTimeout, CallState.Terminating);
        On(CallState.Processing, CallTrigger.AnswerReady, CallState.Responding);
        On(CallState.Processing, CallTrigger.ClarificationNeeded, CallState.Clarifying);
        On(CallState.Processing, CallTrigger.GoodbyeHeard, CallState.OfferingSms);
        On(CallState.Responding, CallTrigger.PromptFinished, CallState.Listening);
        On(CallState.Responding, CallTrigger.CallerSpoke, CallState.Listening); // barge-in: stop talking, listen
        On(CallState.Clarifying, CallTrigger.PromptFinished, CallState.Listening);
        On(CallState.Clarifying, CallTrigger.CallerSpoke, CallState.Listening);
        On(CallState.OfferingSms, CallTrigger.SmsChoiceMade, CallState.Terminating);
        On(CallState.OfferingSms, CallTrigger.SilenceTimeout, CallState.Terminating);
        On(CallState.Terminating, CallTrigger.PromptFinished, CallState.Ended);

        foreach (var s in Enum.GetValues<CallState>())
        {
            if (s is CallState.Idle or CallState.Ended) continue;
            On(s, CallTrigger.RemoteHangup, CallState.Ended);
            if (s is not CallState.Terminating and not CallState.Recovering) On(s, CallTrigger.MaxDurationReached, CallState.Terminating);
            if (s is not CallState.Recovering and not CallState.Terminating) On(s, CallTrigger.Fault, CallState.Recovering);
        }
        On(CallState.Recovering, CallTrigger.Recovered, CallState.Listening);
        On(CallState.Recovering, CallTrigger.Fault, CallState.Terminating);
        On(CallState.Terminating, CallTrigger.Fault, CallState.Ended);
        return t;
    }

    /// <summary>The table as a Mermaid state diagram (for the README and `saarthi call-diagram`).</summary>
    public static string ToMermaid()
    {
        var sb = new StringBuilder("stateDiagram-v2\n    [*] --> Idle\n");
        foreach (var ((from, trigger), to) in Table.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2))
            sb.Append("    ").Append(from).Append(" --> ").Append(to).Append(" : ").Append(trigger).Append('\n');
        sb.Append("    Ended --> [*]\n");
        return sb.ToString();
    }
}
