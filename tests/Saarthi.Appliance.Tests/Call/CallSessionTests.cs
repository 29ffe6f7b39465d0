using Saarthi.Appliance.Call;
using Saarthi.Telephony.Fake;
using Saarthi.TestSupport;

namespace Saarthi.Appliance.Tests.Call;

public sealed class CallSessionTests
{
    private static readonly TimeSpan Utterance = TimeSpan.FromSeconds(1.2);

    [Fact]
    public async Task Call_EnglishByKeyQuestionAndGoodbye_AnswersSendsSmsAndHangsUp()
    {
        await using var rig = CallRig.Start();
        var voice = await rig.CallInEnglishAsync();

        rig.Stt.Will("what is the pm kisan scheme");
        await CallRig.SpeakAsync(voice, Utterance);
        await CallRig.Until(() => rig.Current?.Turns.Count >= 1 && rig.State == CallState.Listening, "the answer");
        var turn = rig.Current!.Turns[0];
        Assert.Equal("scheme_info", turn.Intent);
        Assert.Equal("pm-kisan", turn.SchemeIds[0]);
        Assert.Contains("6,000", turn.Answer, StringComparison.Ordinal);

        rig.Stt.Will("thank you bye");
        await CallRig.SpeakAsync(voice, Utterance, seed: 2);
        await CallRig.Until(() => rig.State == CallState.OfferingSms, "the SMS offer");
        await rig.Fake.PressKeysAsync("1");

        var record = await rig.EndedCallAsync();
        Assert.Equal("completed", record.Result);
        Assert.Single(record.Sms);
        Assert.NotEmpty(rig.Fake.Sms);
        Assert.Equal(FakeCallState.Idle, rig.Fake.CallState);
        Assert.Contains(record.States, s => s.To == "Ended");
    }

    [Theory]
    [InlineData(CallState.Greeting)]
    [InlineData(CallState.LanguageMenu)]
    [InlineData(CallState.Listening)]
    [InlineData(CallState.Processing)]
    [InlineData(CallState.Responding)]
    [InlineData(CallState.Clarifying)]
    [InlineData(CallState.OfferingSms)]
    [InlineData(CallState.Terminating)]
    public async Task Call_RemoteHangupInState_EndsCleanlyAndNextCallIsAnswered(CallState state)
    {
        // Played in real time where the state lasts only as long as a prompt.
        await using var rig = CallRig.Start(pace: state is CallState.Responding or CallState.Clarifying or CallState.Terminating);
        var voice = await rig.RingAsync();
        if (state is not (CallState.Greeting or CallState.LanguageMenu))
        {
            await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the greeting");
            await rig.Fake.PressKeysAsync("2");
            await CallRig.Until(() => rig.State == CallState.Listening, "listening");
        }
        if (state is CallState.Processing) rig.Stt.Delay = TimeSpan.FromSeconds(3);
        if (state is CallState.Processing or CallState.Responding)
        {
            rig.Stt.Will("what is the ayushman bharat scheme");
            await CallRig.SpeakAsync(voice, Utterance);
        }
        if (state is CallState.Clarifying)
        {
            rig.Stt.Will("mumble", 0.1);
            await CallRig.SpeakAsync(voice, Utterance);
        }
        if (state is CallState.Terminating)
        {
            rig.Stt.Will("thank you bye");
            await CallRig.SpeakAsync(voice, Utterance);
        }
        if (state is CallState.OfferingSms)
        {
            rig.Stt.Will("what is the mudra loan");
            await CallRig.SpeakAsync(voice, Utterance);
            await CallRig.Until(() => rig.State == CallState.Listening && rig.Current?.Turns.Count == 1, "the answer");
            rig.Stt.Will("thank you bye");
            await CallRig.SpeakAsync(voice, Utterance, seed: 3);
        }
        await CallRig.Until(() => rig.State == state, $"state {state}");

        await rig.Fake.HangUpAsync();
        var first = await rig.EndedCallAsync();
        // Hanging up during the goodbye ends a call that was complete.
        Assert.Equal(state == CallState.Terminating ? "completed" : "caller_hung_up", first.Result);
        Assert.Equal("Ended", first.States[^1].To);

        rig.Stt.Delay = TimeSpan.Zero;
        await rig.RingAsync("+919812345678");
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the next call's greeting");
    }

    [Fact]
    public async Task Call_ModemResetMidCall_EndsTheCallAndTheNextCallIsAnswered()
    {
        await using var rig = CallRig.Start();
        await rig.CallInEnglishAsync();
        await rig.Fake.RestartAsync();

        var record = await rig.EndedCallAsync();
        Assert.Equal("line_reset", record.Result);
        await CallRig.Until(() => rig.Modem.State == Telephony.Modems.ModemLineState.Ready, "the modem re-initialised");
        await rig.RingAsync();
        await CallRig.Until(() => rig.State is CallState.Greeting or CallState.LanguageMenu, "the next call's greeting");
    }

    [Fact]
    public async Task Call_GarbageFromTheModemMidCall_CallGoesOn()
    {
        await using var rig = CallRig.Start();
        var voice = await rig.CallInEnglishAsync();
        await rig.Fake.SendRawAsync(new byte[] { 0xFF, 0x00, 0x1B, (byte)'\r', (byte)'+', (byte)'?', 0x80, (byte)'\n', 0xC3 });

        rig.Stt.Will("how do i apply for kisan credit card");
        await CallRig.SpeakAsync(voice, Utterance);
        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "an answer after the garbage");
        Assert.Equal("apply_process", rig.Current!.Turns[0].Intent);
        await CallRig.Until(() => rig.State == CallState.Listening, "listening again after the answer");
    }

    [Fact]
    public async Task Call_StormOfKeyPresses_NoCrashAndTheCallStaysUp()
    {
        await using var rig = CallRig.Start();
        await rig.CallInEnglishAsync();
        var rng = new Random(7);
        var keys = new string(Enumerable.Range(0, 120).Select(_ => "0123456789*#"[rng.Next(12)]).ToArray());
        await rig.Fake.PressKeysAsync(keys, TimeSpan.FromMilliseconds(1));

        await Task.Delay(500);
        Assert.Equal(FakeCallState.Active, rig.Fake.CallState);
        Assert.NotNull(rig.Host.Current);
        await rig.Fake.HangUpAsync();
        Assert.Equal("caller_hung_up", (await rig.EndedCallAsync()).Result);
    }

    [Fact]
    public async Task Call_LowConfidenceThreeTimes_AsksToRepeatThenOffersTheKeyMenu()
    {
        await using var rig = CallRig.Start();
        var voice = await rig.CallInEnglishAsync();
        for (int i = 0; i < 3; i++)
        {
            rig.Stt.Will("mumble", 0.2);
            await CallRig.SpeakAsync(voice, Utterance, seed: 10 + i);
            await CallRig.Until(() => rig.Current?.Turns.Count == i + 1 && rig.State == CallState.Listening, $"clarification {i + 1}");
        }
        Assert.All(rig.Current!.Turns, t => Assert.Equal("unclear", t.Intent));
        Assert.Contains(rig.Log, l => l.Contains("For farming press 1", StringComparison.Ordinal));

        await rig.Fake.PressKeysAsync("1");
        await CallRig.Until(() => rig.Current?.Turns.Count == 4, "the farming list");
        var list = rig.Current!.Turns[3];
        Assert.Equal("list_schemes", list.Intent);
        Assert.Contains("pm-kisan", list.SchemeIds);
    }

    [Fact]
    public async Task Call_CallerTalksForTwoMinutes_CutIntoUtterancesAndTheCallGoesOn()
    {
        await using var rig = CallRig.Start();
        var voice = await rig.CallInEnglishAsync();
        rig.Stt.Will("what is the pm kisan scheme");
        await CallRig.SpeakAsync(voice, TimeSpan.FromMinutes(2));

        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "an answer to the first part");
        Assert.True(rig.Stt.Calls >= 1);
        Assert.Equal(FakeCallState.Active, rig.Fake.CallState);
        await rig.Fake.HangUpAsync();
        Assert.Equal("caller_hung_up", (await rig.EndedCallAsync()).Result);
    }

    [Fact]
    public async Task Call_SixtySecondsOfSilence_NudgesAtFiveChecksAtThirtyEndsAtSixty()
    {
        var time = new TimerLog(new ManualTimeProvider());
        await using var rig = CallRig.Start(time: time);
        await rig.CallInEnglishAsync();
        // The clock moves only once the kiosk has set each timer (after its prompt has played), whatever the machine's load.
        await CallRig.Until(() => time.Armed(TimeSpan.FromSeconds(5)), "the 5 s silence timer");
        var states = rig.Current!.States;

        time.Manual.Advance(TimeSpan.FromSeconds(5.1));
        await CallRig.Until(() => states.Any(s => s.Trigger == "SilenceNudge") && rig.State == CallState.Listening, "the 5 s nudge");
        Assert.DoesNotContain(states, s => s.Trigger == "SilenceCheck");
        await CallRig.Until(() => time.Armed(TimeSpan.FromSeconds(24.9)), "the timer for the 30 s check, 24.9 s on");
        time.Manual.Advance(TimeSpan.FromSeconds(25));
        await CallRig.Until(() => states.Any(s => s.Trigger == "SilenceCheck") && rig.State == CallState.Listening, "the 30 s check");
        Assert.DoesNotContain(states, s => s.Trigger == "SilenceTimeout");
        await CallRig.Until(() => time.Armed(TimeSpan.FromSeconds(29.9)), "the timer for the goodbye at 60 s, 29.9 s on");
        time.Manual.Advance(TimeSpan.FromSeconds(30));

        var record = await rig.EndedCallAsync();
        Assert.Equal("silence", record.Result);
        Assert.Contains(record.States, s => s.Trigger == "SilenceTimeout");
        await CallRig.Until(() => rig.Fake.CallState == FakeCallState.Idle, "the kiosk hangs up");
    }

    /// <summary>The manual clock, noting the due time of every timer created on it.</summary>
    private sealed class TimerLog(ManualTimeProvider manual) : TimeProvider
    {
        private readonly List<TimeSpan> _dues = [];

        public ManualTimeProvider Manual => manual;

        public override long TimestampFrequency => manual.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => manual.GetUtcNow();

        public override long GetTimestamp() => manual.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_dues) _dues.Add(dueTime);
            return manual.CreateTimer(callback, state, dueTime, period);
        }

        public bool Armed(TimeSpan due)
        {
            lock (_dues) return _dues.Any(d => Math.Abs((d - due).TotalMilliseconds) < 1);
        }
    }

    [Fact]
    public async Task Call_CallerSpeaksWhileTheKioskAnswers_PlaybackStopsAndTheKioskListens()
    {
        await using var rig = CallRig.Start(pace: true);
        var voice = await rig.CallInEnglishAsync();
        rig.Stt.Will("what is the ayushman bharat scheme");
        await CallRig.SpeakAsync(voice, Utterance);
        await CallRig.Until(() => rig.State == CallState.Responding, "the answer starts");
        await Task.Delay(300);

        rig.Stt.Will("how do i apply for it");
        await CallRig.SpeakAsync(voice, Utterance, seed: 5);
        await CallRig.Until(() => rig.Current?.Turns.Count >= 2, "the second answer");
        Assert.Contains(rig.Current!.States, s => s.Trigger == "CallerSpoke" && s.From == "Responding");
        Assert.Equal("apply_process", rig.Current.Turns[1].Intent);
        Assert.Equal("pmjay", rig.Current.Turns[1].SchemeIds[0]);
    }

    [Fact]
    public async Task Call_SameCallerWithinAnHour_ContinuesWhereTheyLeftOff()
    {
        await using var rig = CallRig.Start();
        var voice = await rig.CallInEnglishAsync("+91 98765 43210");
        rig.Stt.Will("what is the atal pension yojana");
        await CallRig.SpeakAsync(voice, Utterance);
        await CallRig.Until(() => rig.Current?.Turns.Count >= 1 && rig.State == CallState.Listening, "the answer");
        await rig.Fake.HangUpAsync();
        await rig.EndedCallAsync();

        voice = await rig.RingAsync("09876543210");
        await CallRig.Until(() => rig.State == CallState.Listening || rig.Current?.ReturningCaller == true, "the returning caller");
        Assert.True(rig.Current!.ReturningCaller);
        await CallRig.Until(() => rig.State == CallState.Listening, "listening without the menu");
        rig.Stt.Will("how do i apply for it");
        await CallRig.SpeakAsync(voice, Utterance);
        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "the follow-up answer");
        Assert.Equal("apply_process", rig.Current!.Turns[0].Intent);
        Assert.Equal("apy", rig.Current.Turns[0].SchemeIds[0]);
        Assert.DoesNotContain(rig.Log, l => l.Contains("9876543210", StringComparison.Ordinal));
    }
}
