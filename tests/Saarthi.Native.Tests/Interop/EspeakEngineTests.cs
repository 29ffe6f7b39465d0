using System.Runtime.InteropServices;
using Saarthi.Native.Interop.EspeakNg;

namespace Saarthi.Native.Tests.Interop;

public sealed class EspeakEngineTests
{
    [Fact]
    public void EspeakEvent_Layout_MatchesSpeakLibHeader()
    {
        // speak_lib.h: 6 ints, void* user_data, union { int; const char*; char[8]; } id (LP64).
        Assert.Equal(40, Marshal.SizeOf<espeak_EVENT>());
        Assert.Equal(24, Marshal.OffsetOf<espeak_EVENT>(nameof(espeak_EVENT.user_data)).ToInt32());
        Assert.Equal(32, Marshal.OffsetOf<espeak_EVENT>(nameof(espeak_EVENT.id)).ToInt32());
    }

    [Fact]
    public void SampleRate_Initialized_Is22050()
    {
        Assert.Equal(22050, EspeakEngine.SampleRate);
        Assert.StartsWith("1.5", EspeakEngine.Info.Version);
    }

    [Fact]
    public void Synthesize_EnglishSentence_ReturnsAudio()
    {
        var samples = EspeakEngine.Synthesize("Hello from the village kiosk.", "en", 175, TestContext.Current.CancellationToken);

        Assert.InRange(samples.Length / (double)EspeakEngine.SampleRate, 0.8, 5);
        Assert.Contains(samples, s => Math.Abs((int)s) > 1000);
    }

    [Fact]
    public void Synthesize_UnknownVoice_ThrowsEspeakExceptionWithCode()
    {
        var ex = Assert.Throws<EspeakException>(() => EspeakEngine.Synthesize("x", "xx-klingon", 175, TestContext.Current.CancellationToken));

        Assert.Equal(NativeLibraryNames.EspeakNg, ex.Library);
        Assert.Contains("espeak_SetVoiceByName", ex.Operation);
        Assert.NotEqual(0, ex.NativeCode);
    }

    [Fact]
    public void Synthesize_AlreadyCancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => EspeakEngine.Synthesize("hello", "en", 175, cts.Token));
    }

    [Fact]
    public void Synthesize_FromManyThreads_IsSerializedAndConsistent()
    {
        var results = new short[4][];
        Parallel.For(0, results.Length, i => results[i] = EspeakEngine.Synthesize("one two three", "en", 175, TestContext.Current.CancellationToken));

        // espeak-ng varies its waveform and timing slightly from run to run, so compare durations loosely.
        Assert.All(results, r => Assert.InRange(r.Length, results[0].Length * 0.95, results[0].Length * 1.05));
        Assert.All(results, r => Assert.Contains(r, s => Math.Abs((int)s) > 1000));
    }

    [Fact]
    public void Synthesize_CancelledMidway_AbortsInsideTheCallbackAndStaysUsable()
    {
        // About twenty minutes of speech: roughly two seconds of work, far longer than the 200 ms before cancellation,
        // which is long enough that a busy machine has entered the synthesis by then (a token cancelled before it
        // starts is refused up front, without reaching native code).
        var text = string.Join(" ", Enumerable.Repeat("The scheme gives six thousand rupees a year to farmers.", 400));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() => EspeakEngine.Synthesize(text, "en", 175, cts.Token));

        Assert.True(EspeakEngine.LastSynthesisAborted);
        var after = EspeakEngine.Synthesize("still working", "en", 175, TestContext.Current.CancellationToken);
        Assert.False(EspeakEngine.LastSynthesisAborted);
        Assert.Contains(after, s => Math.Abs((int)s) > 1000);
    }
}
