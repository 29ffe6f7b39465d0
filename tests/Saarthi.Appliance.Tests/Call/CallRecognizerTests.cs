using Saarthi.Appliance.Call;
using Saarthi.Dialogue.Eligibility;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Storage;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt;

namespace Saarthi.Appliance.Tests.Call;

/// <summary>The grammar chosen by what the kiosk asked, on pocketsphinx with the seed snapshot's grammar and espeak-ng speech.</summary>
public sealed class CallRecognizerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SqliteKnowledgeBase _kb;
    private readonly ISpeechToText _stt;

    public CallRecognizerTests()
    {
        _kb = SqliteKnowledgeBase.Open(new SnapshotStore(_dir.File("data")), () => File.ReadAllText(Seed.Path));
        _stt = CallServicesFactory.CreateSpeechToText(_kb, new CallOptions(), _ => { }, null);
    }

    public void Dispose()
    {
        _stt.Dispose();
        _kb.Dispose();
        _dir.Dispose();
    }

    private static async Task<AudioFrame> SpeechAsync(string text) =>
        new(AudioFormat.Telephone8k, await CallRig.SpeechAsync(text), TimeSpan.Zero);

    [Theory]
    [InlineData(Fact.Age, ExpectedSpeech.Reply)]
    [InlineData(Fact.Income, ExpectedSpeech.Reply)]
    [InlineData(Fact.Bpl, ExpectedSpeech.Reply)]
    [InlineData(Fact.IncomeTax, ExpectedSpeech.Reply)]
    [InlineData(Fact.State, ExpectedSpeech.Question)]
    [InlineData(Fact.Occupation, ExpectedSpeech.Question)]
    [InlineData(null, ExpectedSpeech.Question)]
    public void AfterAsking_Fact_ReplyGrammarOnlyForYesNoAndNumbers(Fact? asked, ExpectedSpeech expected) =>
        Assert.Equal(expected, CallRecognizer.AfterAsking(asked));

    [Fact]
    public async Task RecognizeAsync_NumberAfterAnAgeQuestion_HeardWithTheReplyGrammar()
    {
        var t = await CallRecognizer.RecognizeAsync(_stt, await SpeechAsync("forty five"), ExpectedSpeech.Reply, "en", 0.6, TestContext.Current.CancellationToken);

        Assert.Equal("forty five", t.Text);
        Assert.Contains("reply grammar", t.Engine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecognizeAsync_QuestionWhenAReplyWasExpected_FallsBackToTheQuestionGrammar()
    {
        var t = await CallRecognizer.RecognizeAsync(_stt, await SpeechAsync("what is the pm kisan scheme"), ExpectedSpeech.Reply, "en", 0.6,
            TestContext.Current.CancellationToken);

        Assert.Equal("what is the pm kisan scheme", t.Text);
        Assert.DoesNotContain("reply grammar", t.Engine, StringComparison.Ordinal);
    }
}
