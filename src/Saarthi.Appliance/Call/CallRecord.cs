namespace Saarthi.Appliance.Call;

/// <summary>What happened in one call: for the demo transcript, `--json`, logs and telemetry (no caller number in it).</summary>
public sealed class CallRecord
{
    public string Result { get; set; } = "in_progress";

    public string Line { get; init; } = "";

    public string? Language { get; set; }

    public bool ReturningCaller { get; set; }

    public List<CallTurn> Turns { get; } = [];

    public List<string> Sms { get; } = [];

    public List<StateChange> States { get; } = [];

    public List<string> Events { get; } = [];

    public bool CallbackRequested { get; set; }

    public TimeSpan Duration { get; set; }
}

/// <summary>One question and answer, with where the time went.</summary>
/// <param name="Heard">What the recogniser heard (or the key pressed).</param>
/// <param name="TimingsMs">See <see cref="TurnTiming.ToMilliseconds"/>: endpoint, recognition, recognition_engine, early_recognition,
/// understanding, synthesis, first_audio (end of the caller's speech → first audio out), total.</param>
public sealed record CallTurn(
    string Heard,
    double Confidence,
    string Intent,
    IReadOnlyList<string> SchemeIds,
    string Answer,
    string Language,
    IReadOnlyDictionary<string, double> TimingsMs)
{
    /// <summary>With a language model: "rules", "model" or "rules+model"; null when the call has no model.</summary>
    public string? UnderstoodBy { get; init; }

    /// <summary>With a language model: "templates" or "model" (the fact guard accepted its wording); null without one.</summary>
    public string? WordedBy { get; init; }

    /// <summary>With a language model: why it was or was not asked, and the guard's verdict.</summary>
    public string? ModelNote { get; init; }
}

public sealed record StateChange(double AtMs, string From, string Trigger, string To);
