using Saarthi.Appliance.Call;
using Saarthi.Telephony.Fake;

namespace Saarthi.Appliance.Tests.Call;

/// <summary>The modem misbehaving during a call (a command answered with ERROR, or never answered): the call ends cleanly and the next one is answered.</summary>
public sealed class CallLineFaultTests
{
    private static readonly TimeSpan Utterance = TimeSpan.FromSeconds(1.2);

    /// <summary>One question answered, goodbye, and the SMS offer taken with key 1.</summary>
    private static async Task AskThenTakeTheSmsAsync(CallRig rig)
    {
        var voice = await rig.CallInEnglishAsync();
        rig.Stt.Will("what is the pm kisan scheme");
        await CallRig.SpeakAsync(voice, Utterance);
        await CallRig.Until(() => rig.Current?.Turns.Count >= 1 && rig.State == CallState.Listening, "the answer");
        rig.Stt.Will("thank you bye");
        await CallRig.SpeakAsync(voice, Utterance, seed: 2);
        await CallRig.Until(() => rig.State == CallState.OfferingSms, "the SMS offer");
        await rig.Fake.PressKeysAsync("1");
    }

    private static async Task NextCallIsAnsweredAsync(CallRig rig)
    {
        await CallRig.Until(() => rig.Fake.CallState == FakeCallState.Idle, "the line free");
        await rig.RingAsync("+919812345678");
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the next call's greeting");
    }

    [Fact]
    public async Task Call_SmsSubmitAnsweredWithError_CallCompletesWithoutSmsAndTheNextCallIsAnswered()
    {
        await using var rig = CallRig.Start();
        rig.Fake.FailNext("AT+CMGS", "+CMS ERROR: 500");

        await AskThenTakeTheSmsAsync(rig);

        var record = await rig.EndedCallAsync();
        Assert.Equal("completed", record.Result);
        Assert.Empty(record.Sms);
        Assert.Contains(record.Events, e => e.EndsWith("SMS summary could not be sent", StringComparison.Ordinal));
        Assert.Contains(rig.Log, l => l.Contains("SMS not sent", StringComparison.Ordinal) || l.Contains("SMS failed", StringComparison.Ordinal));
        await NextCallIsAnsweredAsync(rig);
    }

    [Fact]
    public async Task Call_SmsSubmitNeverAnswered_CallCompletesAfterTheTimeoutAndTheNextCallIsAnswered()
    {
        await using var rig = CallRig.Start(profile: p => p with { Sms = p.Sms with { SubmitTimeoutSeconds = 2 } });
        rig.Fake.SwallowNextFinal("AT+CMGS");

        await AskThenTakeTheSmsAsync(rig);

        var record = await rig.EndedCallAsync();
        Assert.Equal("completed", record.Result);
        Assert.Empty(record.Sms);
        Assert.Contains(record.Events, e => e.EndsWith("SMS summary could not be sent", StringComparison.Ordinal));
        await NextCallIsAnsweredAsync(rig);
    }

    [Fact]
    public async Task Call_HangUpAnsweredWithError_FallsBackToAthAndTheNextCallIsAnswered()
    {
        await using var rig = CallRig.Start();
        var voice = await rig.CallInEnglishAsync();
        rig.Fake.FailNext("AT+CHUP", "ERROR");

        rig.Stt.Will("thank you bye");
        await CallRig.SpeakAsync(voice, Utterance);

        var record = await rig.EndedCallAsync();
        Assert.Equal("completed", record.Result);
        await rig.Fake.WaitForCommandAsync("ATH").WaitAsync(TimeSpan.FromSeconds(10));
        await NextCallIsAnsweredAsync(rig);
    }

    [Fact]
    public async Task Call_HangUpNeverAnswered_CallEndsAndTheNextCallIsAnswered()
    {
        await using var rig = CallRig.Start(profile: p => p with { Timeouts = p.Timeouts with { DefaultSeconds = 1 } });
        var voice = await rig.CallInEnglishAsync();
        rig.Fake.SwallowNextFinal("AT+CHUP");

        rig.Stt.Will("thank you bye");
        await CallRig.SpeakAsync(voice, Utterance);

        var record = await rig.EndedCallAsync();
        Assert.Equal("completed", record.Result);
        await CallRig.Until(() => rig.Log.ToList().Any(l => l.Contains("hang-up failed", StringComparison.Ordinal)), "the failed hang-up named in the log");
        await NextCallIsAnsweredAsync(rig);
    }
}
