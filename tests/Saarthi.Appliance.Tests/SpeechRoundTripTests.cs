using Saarthi.Appliance.Call;
using Saarthi.Appliance.Evaluation;
using Saarthi.Dialogue;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Storage;

namespace Saarthi.Appliance.Tests;

/// <summary>
/// Issue 3's round trip through the whole kiosk: for every scheme of the seed snapshot, English questions spoken by
/// espeak-ng over the telephone channel, heard by the recogniser `hear` builds, answered by the text brain; the answer
/// must be about the right scheme. Only the base voice and the carrier questions are asserted; the practice set's
/// natural phrasings are printed, and other voices, speeds, noise and the larger question sets are figures of
/// `saarthi bench --speech`.
/// </summary>
public sealed class SpeechRoundTripTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_SeedSnapshotBaseVoice_AtLeastNinetyPercentResolveTheRightScheme()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        using var kb = SqliteKnowledgeBase.Open(new SnapshotStore(dir.File("data")), () => File.ReadAllText(Seed.Path));
        var log = new List<string>();
        using var stt = CallServicesFactory.CreateSpeechToText(kb, new CallOptions(), log.Add, whisperModel: null);
        var questions = SpeechRoundTrip.Questions(kb, PracticeSet.Load(Seed.PracticePath));

        var report = await new SpeechRoundTrip(new DialogueEngine(kb), stt).RunAsync(questions, CallerVoiceCondition.Base, cancellationToken: ct);

        output.WriteLine(string.Join('\n', log));
        output.WriteLine(report.Summary());
        foreach (var miss in report.Misses())
        {
            output.WriteLine(miss);
        }

        Assert.Contains(log, l => l.Contains("pocketsphinx", StringComparison.Ordinal));
        Assert.Equal(kb.Snapshot.Schemes.Count, questions.Where(q => q.Source == "carrier").Select(q => q.SchemeId).Distinct().Count());
        Assert.Contains(questions, q => q.Source != "carrier");
        foreach (var miss in report.TextMisses)
        {
            output.WriteLine($"  brain misses the written question: {miss.Question.SchemeId} \"{miss.Question.Text}\" → [{string.Join(",", miss.SchemeIds)}]");
        }

        var carriers = report.Results.Count(r => RoundTripReport.IsCarrier(r.Question));
        Assert.True(report.TextMisses.Count(r => RoundTripReport.IsCarrier(r.Question)) <= carriers / 10, "the brain itself misses over 10 % of the written questions");
        var rate = report.RateOf(RoundTripReport.IsCarrier);
        Assert.True(rate >= 0.9, $"only {rate:P1} of spoken questions resolved the right scheme: {report.Summary()}");
    }

    [Fact]
    public async Task SpeakAsync_NoiseAtTenDb_ChangesTheAudioButKeepsItsLength()
    {
        var ct = TestContext.Current.CancellationToken;

        var clean = await SpeechRoundTripChannel.SpeakAsync("what is pm kisan", CallerVoiceCondition.Base, ct);
        var noisy = await SpeechRoundTripChannel.SpeakAsync("what is pm kisan", new CallerVoiceCondition("snr 10 dB", SnrDb: 10), ct);
        var again = await SpeechRoundTripChannel.SpeakAsync("what is pm kisan", new CallerVoiceCondition("snr 10 dB", SnrDb: 10), ct);

        Assert.Equal(8000, clean.Format.SampleRate);
        Assert.Equal(clean.Samples.Length, noisy.Samples.Length);
        Assert.True(clean.Duration > TimeSpan.FromSeconds(0.5), $"only {clean.Duration} of speech");
        Assert.Equal(noisy.Samples.ToArray(), again.Samples.ToArray()); // seeded: the same question gets the same noise
        var diff = clean.Samples.ToArray().Zip(noisy.Samples.ToArray(), (a, b) => Math.Abs(a - b)).Average();
        Assert.True(diff > 50, $"10 dB noise changed samples by only {diff:0.0} on average");
    }
}
