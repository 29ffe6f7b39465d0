namespace Saarthi.Appliance.Demo;

/// <summary>The scripted calls of `demo --scenario NAME`.</summary>
public static class DemoScenarios
{
    public const string CallerId = "+919876543210";

    public static IReadOnlyDictionary<string, (string Description, IReadOnlyList<CallerStep> Steps)> All { get; } =
        new Dictionary<string, (string, IReadOnlyList<CallerStep>)>(StringComparer.Ordinal)
        {
            ["english"] = ("English by key: two questions, a follow-up, goodbye, \"yes\" to the SMS summary",
            [
                new CallerStep.Press("2"),
                new CallerStep.Say("what is the pm kisan scheme", "en"),
                new CallerStep.Say("how do i apply for it", "en"),
                new CallerStep.Say("how much money do i get from atal pension yojana", "en"),
                new CallerStep.Say("thank you bye", "en"),
                new CallerStep.Say("yes please", "en"), // to "would you like these answers by SMS?": heard with the reply grammar
                new CallerStep.WaitForHangUp(),
            ]),
            ["hindi"] = ("Hindi by key: a question in romanized Hindi, goodbye",
            [
                new CallerStep.Press("1"),
                new CallerStep.Say("pm kisan yojana kya hai", "hi"),
                new CallerStep.Say("thank you bye", "en"),
                new CallerStep.Press("1"),
                new CallerStep.WaitForHangUp(),
            ]),
            ["silence"] = ("The caller says nothing: nudge at 5 s, check at 30 s, goodbye at 60 s",
            [
                new CallerStep.Press("2"),
                new CallerStep.WaitForHangUp(),
            ]),
            ["hangup"] = ("The caller hangs up in the middle of an answer",
            [
                new CallerStep.Press("2"),
                new CallerStep.Say("what is the ayushman bharat scheme", "en"),
                new CallerStep.HangUp(TimeSpan.FromSeconds(2)),
            ]),
            ["modem-fault"] = ("The modem restarts in the middle of the call; the next call is answered",
            [
                new CallerStep.Press("2"),
                new CallerStep.Say("what is the mudra loan", "en"),
            ]),
        };
}
