using Saarthi.Speech.Audio;
using Saarthi.Speech.Vad;
using Xunit;

namespace Saarthi.Speech.Tests.Vad;

/// <summary>The endpointer's timing rules, exactly, over a scripted detector (one decision per 20 ms frame).</summary>
public sealed class EndpointerLogicTests
{
    /// <summary>'#' = speech frame, '.' = silence frame; each frame is 20 ms of a ramp so audio positions can be checked.</summary>
    private static (List<EndpointEvent> Events, Endpointer Endpointer) Run(string script, EndpointerOptions? options = null, bool flush = true)
    {
        var detector = new ScriptedDetector(script);
        var endpointer = new Endpointer(detector, options);
        var events = new List<EndpointEvent>();
        for (var i = 0; i < script.Length; i++)
        {
            var samples = Enumerable.Range(0, 160).Select(k => (short)i).ToArray(); // every sample holds its frame index
            events.AddRange(endpointer.Process(new AudioFrame(AudioFormat.Telephone8k, samples, TimeSpan.FromMilliseconds(20 * i))));
        }

        if (flush && endpointer.Flush() is { } last)
        {
            events.Add(last);
        }

        return (events, endpointer);
    }

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Process_FourSpeechFrames_IsAClickAndIgnored()
    {
        var (events, _) = Run(new string('.', 10) + "####" + new string('.', 60));

        Assert.Empty(events);
    }

    [Fact]
    public void Process_FiveSpeechFramesThenSilence_OneUtteranceEndedBySilenceAfter700Ms()
    {
        var (events, _) = Run(new string('.', 10) + "#####" + new string('.', 40));

        var started = Assert.IsType<SpeechStarted>(events[0]);
        var ended = Assert.IsType<UtteranceEnded>(events[1]);
        Assert.Equal(2, events.Count);
        Assert.Equal(Ms(200), started.SpeechStart);
        Assert.Equal(Ms(300), started.DetectedAt); // after 100 ms of speech
        Assert.Equal(Ms(300), ended.SpeechEnd);
        Assert.Equal(Ms(1000), ended.DetectedAt); // 700 ms of silence later
        Assert.Equal(UtteranceEndReason.Silence, ended.Reason);
        Assert.Equal(Ms(100), ended.SpeechDuration);
    }

    [Fact]
    public void Process_Utterance_AudioRunsFromPreRollToPostRoll()
    {
        var (events, _) = Run(new string('.', 30) + new string('#', 25) + new string('.', 50));

        var ended = events.OfType<UtteranceEnded>().Single();
        Assert.Equal(Ms(600 - 300), ended.Audio.Timestamp);           // 300 ms pre-roll before speech at 600 ms
        Assert.Equal(Ms(1100 + 200), ended.Audio.End);                 // 200 ms post-roll after speech ending at 1100 ms
        Assert.Equal(15, ended.Audio.Samples.Span[0]);                 // the first sample belongs to frame 15 (300 ms)
        Assert.Equal(64, ended.Audio.Samples.Span[^1]);                // the last to frame 64 (1280–1300 ms)
    }

    [Fact]
    public void Process_PauseShorterThanEndSilence_KeepsOneUtterance()
    {
        var (events, _) = Run(".........." + new string('#', 20) + new string('.', 30) + new string('#', 20) + new string('.', 40));

        Assert.Single(events.OfType<UtteranceEnded>());
        Assert.Single(events.OfType<SpeechStarted>());
    }

    [Fact]
    public void Process_PauseAsLongAsEndSilence_SplitsIntoTwo()
    {
        var (events, _) = Run(".........." + new string('#', 20) + new string('.', 35) + new string('#', 20) + new string('.', 40));

        Assert.Equal(2, events.OfType<UtteranceEnded>().Count());
        Assert.Equal([typeof(SpeechStarted), typeof(UtteranceEnded), typeof(SpeechStarted), typeof(UtteranceEnded)], events.Select(e => e.GetType()));
    }

    [Fact]
    public void Process_GapsWithinTheStartRun_AreToleratedUpTo60Ms()
    {
        var (tolerated, _) = Run("....##.##.##..." + new string('.', 40));
        var (tooLong, _) = Run("....##....##....##...." + new string('.', 40));

        Assert.Single(tolerated.OfType<SpeechStarted>());
        Assert.Empty(tooLong);
    }

    [Fact]
    public void Process_EndlessSpeech_IsCutAtMaxLengthAgainAndAgain()
    {
        var options = new EndpointerOptions { MaxUtterance = TimeSpan.FromSeconds(2) };
        var (events, _) = Run(new string('#', 350), options); // 7 s

        var ended = events.OfType<UtteranceEnded>().ToList();
        Assert.Equal([UtteranceEndReason.MaxLength, UtteranceEndReason.MaxLength, UtteranceEndReason.MaxLength, UtteranceEndReason.EndOfStream],
            ended.Select(e => e.Reason));
        Assert.All(ended.SkipLast(1), e => Assert.Equal(TimeSpan.FromSeconds(2), e.DetectedAt - e.SpeechStart));
        Assert.Equal(4, events.OfType<SpeechStarted>().Count());

        // Back to back: no audio lost or repeated between the pieces.
        for (var i = 1; i < ended.Count; i++)
        {
            Assert.Equal(ended[i - 1].Audio.End, ended[i].Audio.Timestamp);
        }

        Assert.Equal(TimeSpan.FromSeconds(7), ended[^1].Audio.End);
    }

    [Fact]
    public void Flush_DuringSpeech_EndsWithEndOfStream_AndIdleFlushGivesNothing()
    {
        var (events, endpointer) = Run("...." + new string('#', 20), flush: false);

        Assert.True(endpointer.InSpeech);
        var ended = endpointer.Flush();
        Assert.NotNull(ended);
        Assert.Equal(UtteranceEndReason.EndOfStream, ended.Reason);
        Assert.Null(endpointer.Flush());
        Assert.Single(events);
    }

    [Fact]
    public void Process_FrameAtAnotherRate_IsRefused()
    {
        var endpointer = new Endpointer(new ScriptedDetector("#"));

        Assert.Throws<ArgumentException>(() => endpointer.Process(new AudioFrame(AudioFormat.Wideband16k, new short[320], TimeSpan.Zero)));
    }

    [Fact]
    public void Options_PostRollLongerThanEndSilence_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Endpointer(new ScriptedDetector("#"), new EndpointerOptions { PostRoll = TimeSpan.FromSeconds(1) }));

    [Fact]
    public async Task ProcessAsync_Stream_YieldsEventsAndFlushesAtTheEnd()
    {
        var endpointer = new Endpointer(new ScriptedDetector("...." + new string('#', 20)));
        var frames = Enumerable.Range(0, 24).Select(i => new AudioFrame(AudioFormat.Telephone8k, new short[160], TimeSpan.FromMilliseconds(20 * i))).ToAsyncEnumerable();

        var events = await endpointer.ProcessAsync(frames, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.IsType<SpeechStarted>(events[0]);
        Assert.Equal(UtteranceEndReason.EndOfStream, Assert.IsType<UtteranceEnded>(events[1]).Reason);
    }

    /// <summary>Answers from a script, one character per call.</summary>
    private sealed class ScriptedDetector(string script) : IVoiceActivityDetector
    {
        private int _next;

        public string Name => "scripted";

        public int SampleRate => 8000;

        public bool IsSpeech(AudioFrame frame) => _next < script.Length && script[_next++] == '#';

        public void Reset() => _next = 0;

        public void Dispose()
        {
        }
    }
}
