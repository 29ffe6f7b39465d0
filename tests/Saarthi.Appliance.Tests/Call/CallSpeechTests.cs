using Saarthi.Appliance.Call;
using Saarthi.Telephony.Fake;

namespace Saarthi.Appliance.Tests.Call;

/// <summary>
/// Calls heard by the kiosk's own engines: the endpointer (Silero, or energy when forced) on espeak-ng speech and, where
/// the words matter, pocketsphinx with the snapshot grammar.
/// </summary>
public sealed class CallSpeechTests
{
    [Fact]
    public async Task Call_DefaultDetector_IsNamedInTheLogAndTheCall()
    {
        await using var rig = CallRig.Start();
        await rig.CallInEnglishAsync();

        var chosen = Assert.Single(rig.Log.ToList(), l => l.StartsWith("voice activity: ", StringComparison.Ordinal));
        bool silero = chosen.StartsWith("voice activity: silero", StringComparison.Ordinal);
        Assert.True(silero || chosen.StartsWith("voice activity: energy (Silero unavailable: ", StringComparison.Ordinal), chosen);
        Assert.Contains(rig.Current!.Events, e => e.Contains(silero ? "listening with silero" : "listening with energy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_EnergyFallbackDetector_HearsTheQuestionAndAnswers()
    {
        await using var rig = CallRig.Start(detector: "energy");
        var voice = await rig.CallInEnglishAsync();
        rig.Stt.Will("what is the atal pension yojana");

        await CallRig.SpeakAsync(voice, TimeSpan.FromSeconds(1.5));

        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "the answer");
        Assert.Equal("apy", rig.Current!.Turns[0].SchemeIds[0]);
        Assert.Contains(rig.Current.Events, e => e.Contains("listening with energy", StringComparison.Ordinal));
        Assert.Equal(1, rig.Stt.Calls);
    }

    [Fact]
    public async Task Call_QuestionThenYesToTheSmsOffer_HeardByPocketsphinxTheReplyWithTheReplyGrammar()
    {
        await using var rig = CallRig.Start(pocketsphinx: true);
        var voice = await rig.CallInEnglishAsync();

        await CallRig.SayAsync(voice, "what is the pm kisan scheme");
        await CallRig.Until(() => rig.Current?.Turns.Count >= 1 && rig.State == CallState.Listening, "the answer");
        var turn = rig.Current!.Turns[0];
        Assert.Equal("what is the pm kisan scheme", turn.Heard);
        Assert.Equal("pm-kisan", turn.SchemeIds[0]);
        Assert.True(turn.TimingsMs["first_audio"] >= turn.TimingsMs["endpoint"]);

        await CallRig.SayAsync(voice, "thank you bye");
        await CallRig.Until(() => rig.State == CallState.OfferingSms, "the SMS offer");
        var events = rig.Current.Events;
        await CallRig.SayAsync(voice, "yes please");

        var record = await rig.EndedCallAsync();
        Assert.Equal("completed", record.Result);
        Assert.Single(record.Sms);
        Assert.Contains(events, e => e.Contains("heard \"yes please\"", StringComparison.Ordinal) && e.Contains("(reply grammar)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_CallerPausesMidQuestion_TheEarlyRecognitionIsDroppedAndTheWholeQuestionIsHeard()
    {
        await using var rig = CallRig.Start(pocketsphinx: true);
        var voice = await rig.CallInEnglishAsync();

        // 450 ms: past the early start (200 ms), short of the endpoint (700 ms).
        await CallRig.SayWithPauseAsync(voice, "how do i apply for", TimeSpan.FromMilliseconds(450), "atal pension yojana");

        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "the answer");
        var turn = rig.Current!.Turns[0];
        Assert.Equal("how do i apply for atal pension yojana", turn.Heard);
        Assert.Equal("apply_process", turn.Intent);
        Assert.Equal("apy", turn.SchemeIds[0]);
        Assert.Single(rig.Current.Turns);
        Assert.Equal(1, turn.TimingsMs["early_recognition"]); // the second pause's recognition was the one used
    }

    [Fact]
    public async Task Call_EarlyRecognitionOff_StillAnswersWithTheRecognitionAfterTheEndpoint()
    {
        await using var rig = CallRig.Start();
        rig.Options.EarlyRecognitionAfter = null;
        var voice = await rig.CallInEnglishAsync();
        rig.Stt.Will("what is the pm kisan scheme");

        await CallRig.SpeakAsync(voice, TimeSpan.FromSeconds(1.2));

        await CallRig.Until(() => rig.Current?.Turns.Count >= 1, "the answer");
        Assert.Equal(0, rig.Current!.Turns[0].TimingsMs["early_recognition"]);
        Assert.Equal(1, rig.Stt.Calls);
        Assert.Equal(FakeCallState.Active, rig.Fake.CallState);
    }
}
