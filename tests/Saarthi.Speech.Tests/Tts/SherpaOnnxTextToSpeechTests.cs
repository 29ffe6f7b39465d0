using Saarthi.Native.Interop.SherpaOnnx;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Text;
using Saarthi.Speech.Tts;
using Xunit;

namespace Saarthi.Speech.Tests.Tts;

/// <summary>The Piper/VITS engine with a generated tiny voice through real sherpa-onnx and ONNX Runtime.</summary>
public sealed class SherpaOnnxTextToSpeechTests : IDisposable
{
    private readonly TinyVoiceFolder _folder = new();

    [Fact]
    public async Task SynthesizeAsync_ThreeSentences_YieldsOneFramePerSentenceBackToBack()
    {
        using var tts = SherpaOnnxTextToSpeech.Open(_folder.AddVoice("en-voice", "en"));

        var frames = await Collect(tts, "PM-KISAN gives money to farmers. It is paid in three parts. You can apply at your Common Service Centre.", "en");

        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.Equal(new AudioFormat(22050, 1, 16), f.Format));
        Assert.Equal(TimeSpan.Zero, frames[0].Timestamp);
        Assert.Equal(frames[0].End, frames[1].Timestamp);
        Assert.Equal(frames[1].End, frames[2].Timestamp);
        Assert.All(frames, f => Assert.InRange(AudioLevel.Rms(f.Samples.Span), 0.15f, 0.25f)); // a sine of peak 0.3 has RMS 0.21
    }

    [Fact]
    public async Task SynthesizeAsync_Amounts_AreSpokenAsTheNormaliserWritesThem()
    {
        var settings = _folder.AddVoice("en-voice", "en");
        using var tts = SherpaOnnxTextToSpeech.Open(settings);
        using var bare = VitsVoice.Create(settings);

        var written = await Collect(tts, "You get ₹6,000 a year.", "en");
        var spoken = await Collect(tts, SpeechText.Normalize("You get ₹6,000 a year.", "en"), "en");
        var unnormalised = bare.Generate("You get ₹6,000 a year.");

        Assert.Contains("six thousand rupees", SpeechText.Normalize("You get ₹6,000 a year.", "en"));
        Assert.Equal(spoken.Single().Samples.ToArray(), written.Single().Samples.ToArray());
        Assert.NotEqual(unnormalised.Samples.Length, written.Single().Samples.Length);
    }

    [Fact]
    public async Task SynthesizeAsync_TelephoneRate_ResamplesAndKeepsTheDuration()
    {
        var settings = _folder.AddVoice("en-voice", "en");
        using var wide = SherpaOnnxTextToSpeech.Open(settings);
        using var narrow = SherpaOnnxTextToSpeech.Open(settings, outputSampleRate: 8000);
        const string Text = "Atal Pension Yojana gives a pension from the age of sixty.";

        var a = (await Collect(wide, Text, "en")).Single();
        var b = (await Collect(narrow, Text, "en")).Single();

        Assert.Equal(8000, b.Format.SampleRate);
        Assert.Equal(8000, narrow.SampleRate);
        Assert.InRange((b.Duration - a.Duration).Duration().TotalMilliseconds, 0, 1);
        Assert.InRange(AudioLevel.Rms(b.Samples.Span), 0.1f, 0.25f);
    }

    [Fact]
    public async Task SynthesizeAsync_HalfRate_IsTwiceAsLong()
    {
        var settings = _folder.AddVoice("en-voice", "en");
        using var normal = SherpaOnnxTextToSpeech.Open(settings);
        using var slow = SherpaOnnxTextToSpeech.Open(settings, ratePercent: 50);

        var a = (await Collect(normal, "Please speak slowly.", "en")).Single();
        var b = (await Collect(slow, "Please speak slowly.", "en")).Single();

        Assert.Equal(a.Samples.Length * 2, b.Samples.Length);
    }

    [Fact]
    public async Task SynthesizeAsync_HindiVoice_SpeaksDevanagariWithHindiNumbers()
    {
        using var tts = SherpaOnnxTextToSpeech.Open(_folder.AddVoice("hi-voice", "hi", new TinyVitsVoiceSpec { Language = "Hindi", EspeakVoice = "hi" }));

        var frames = await Collect(tts, "हर साल ₹6,000 मिलते हैं। आवेदन जन सेवा केंद्र पर करें।", "hi");

        Assert.Equal("hi", tts.Language);
        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.True(f.Duration > TimeSpan.FromSeconds(0.3), $"{f.Duration}"));
    }

    [Fact]
    public async Task SynthesizeAsync_OtherLanguage_IsAnArgumentError()
    {
        using var tts = SherpaOnnxTextToSpeech.Open(_folder.AddVoice("en-voice", "en"));

        Assert.True(tts.Supports("en-IN"));
        Assert.False(tts.Supports("hi"));
        await Assert.ThrowsAsync<ArgumentException>(() => Collect(tts, "नमस्ते।", "hi"));
    }

    [Fact]
    public async Task SynthesizeAsync_CancelledAfterFirstSentence_StopsWithCancellation()
    {
        using var tts = SherpaOnnxTextToSpeech.Open(_folder.AddVoice("en-voice", "en"));
        using var cts = new CancellationTokenSource();
        var frames = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in tts.SynthesizeAsync("One. Two. Three. Four.", "en", cts.Token))
            {
                frames++;
                await cts.CancelAsync();
            }
        });

        Assert.Equal(1, frames);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<List<AudioFrame>> Collect(ITextToSpeech tts, string text, string language)
    {
        var frames = new List<AudioFrame>();
        await foreach (var frame in tts.SynthesizeAsync(text, language, TestContext.Current.CancellationToken))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
