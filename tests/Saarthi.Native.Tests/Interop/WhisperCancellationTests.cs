using System.Diagnostics;
using Saarthi.Native.Interop.Whisper;

namespace Saarthi.Native.Tests.Interop;

/// <summary>Timing-sensitive: runs alone (after the parallel tests of this assembly) so the two cores are not shared within it.</summary>
[CollectionDefinition(nameof(WhisperTimingGroup), DisableParallelization = true)]
public sealed class WhisperTimingGroup : ICollectionFixture<WhisperLongDecodeFixture>;

[Collection(nameof(WhisperTimingGroup))]
public sealed class WhisperCancellationTests(WhisperLongDecodeFixture fixture, ITestOutputHelper output)
{
    private static readonly WhisperDecodeOptions OneThread = new() { Threads = 1, Language = "hi" };

    [Fact]
    public async Task Transcribe_CancelledDuringALongDecode_StopsInsideWhisperLongBeforeTheEnd()
    {
        using var model = WhisperModel.Load(fixture.ModelPath);
        using var session = model.CreateSession();
        var audio = WhisperTestAudio.Babble(30); // one 30 s window, decoded to the 220-token limit by random weights
        session.Transcribe(audio, OneThread, TestContext.Current.CancellationToken); // warm-up: the first run is slower
        var uncancelled = session.Transcribe(audio, OneThread, TestContext.Current.CancellationToken);
        var duration = uncancelled.Elapsed;
        output.WriteLine($"uncancelled: 30 s of audio in {duration.TotalMilliseconds:F0} ms (RTF {duration.TotalSeconds / 30:F4}), {uncancelled.TextTokens.Count()} text tokens");

        // Cancel at several points of the run: in the spectrogram, the encoder and the decoder loop.
        var latencies = new List<TimeSpan>();
        foreach (var fraction in new[] { 0.05, 0.1, 0.2, 0.3, 0.45 })
        {
            using var cts = new CancellationTokenSource();
            var running = Task.Factory.StartNew(
                () => session.Transcribe(audio, OneThread, cts.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await WhisperSessionTests.UntilBusyAsync(session);
            await Task.Delay(duration * fraction, TestContext.Current.CancellationToken);
            var clock = Stopwatch.StartNew();
            await cts.CancelAsync();
            try
            {
                _ = await running;
                // Ended before the cancel: the machine got faster than the measured run. Nothing was cancelled, no figure.
            }
            catch (OperationCanceledException)
            {
                latencies.Add(clock.Elapsed);
            }
        }

        output.WriteLine($"cancel latency (ms): {string.Join(", ", latencies.Select(l => l.TotalMilliseconds.ToString("F1")))}");
        // The issue's 200 ms, held by the median of the five stops: with other test projects sharing the two cores one
        // stop can be preempted for a few hundred ms (seen 208/264/283 ms beside medians of 30-60 ms). Every stop must
        // still come before a whole uncancelled run would have ended: the abort reached inside whisper.
        Assert.True(latencies.Count >= 3, $"only {latencies.Count} of 5 decodes were still running when cancelled");
        var median = latencies.Order().ElementAt(latencies.Count / 2);
        Assert.True(median < TimeSpan.FromMilliseconds(200), $"median stop {median.TotalMilliseconds:F0} ms");
        var limit = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, duration.Ticks));
        Assert.All(latencies, l => Assert.True(l < limit, $"whisper took {l.TotalMilliseconds:F0} ms to stop (a whole run takes {duration.TotalMilliseconds:F0} ms)"));

        // The session decodes normally afterwards.
        var again = session.Transcribe(audio, OneThread, TestContext.Current.CancellationToken);
        Assert.Equal(uncancelled.Text, again.Text);
    }
}
