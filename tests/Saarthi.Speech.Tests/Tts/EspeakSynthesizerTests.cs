using System.Diagnostics;
using Saarthi.Native.Interop.EspeakNg;
using Saarthi.Speech.Tts;
using Xunit;

namespace Saarthi.Speech.Tests.Tts;

public sealed class EspeakSynthesizerTests(ITestOutputHelper output)
{
    /// <summary>"You can apply at your (nearest) service centre", one sentence per language.</summary>
    public static TheoryData<string, string> Sentences() => new()
    {
        { "en", "You can apply at your Common Service Centre." },
        { "hi", "आप अपने नज़दीकी जन सेवा केंद्र पर आवेदन कर सकते हैं।" },
        { "ta", "உங்கள் அருகிலுள்ள பொது சேவை மையத்தில் விண்ணப்பிக்கலாம்." },
        { "te", "మీరు మీ దగ్గరలోని సేవా కేంద్రంలో దరఖాస్తు చేయవచ్చు." },
        { "kn", "ನೀವು ನಿಮ್ಮ ಹತ್ತಿರದ ಸೇವಾ ಕೇಂದ್ರದಲ್ಲಿ ಅರ್ಜಿ ಸಲ್ಲಿಸಬಹುದು." },
        { "ml", "നിങ്ങൾക്ക് അടുത്തുള്ള സേവന കേന്ദ്രത്തിൽ അപേക്ഷിക്കാം." },
        { "bn", "আপনি আপনার কাছের সেবা কেন্দ্রে আবেদন করতে পারেন।" },
        { "mr", "तुम्ही जवळच्या सेवा केंद्रात अर्ज करू शकता." },
        { "gu", "તમે નજીકના સેવા કેન્દ્ર પર અરજી કરી શકો છો." },
        { "pa", "ਤੁਸੀਂ ਨੇੜਲੇ ਸੇਵਾ ਕੇਂਦਰ ਵਿੱਚ ਅਰਜ਼ੀ ਦੇ ਸਕਦੇ ਹੋ।" },
        { "or", "ଆପଣ ନିକଟସ୍ଥ ସେବା କେନ୍ଦ୍ରରେ ଆବେଦନ କରିପାରିବେ।" },
        { "as", "আপুনি ওচৰৰ সেৱা কেন্দ্ৰত আবেদন কৰিব পাৰে।" },
        { "ur", "آپ اپنے قریبی سروس سینٹر میں درخواست دے سکتے ہیں۔" },
        { "ne", "तपाईं नजिकको सेवा केन्द्रमा निवेदन दिन सक्नुहुन्छ।" },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public async Task SynthesizeAsync_EachSupportedLanguage_GivesAudibleSpeechOfPlausibleLength(string language, string text)
    {
        var synthesizer = new EspeakSynthesizer();
        var clock = Stopwatch.StartNew();

        var speech = await synthesizer.SynthesizeAsync(text, language, cancellationToken: TestContext.Current.CancellationToken);

        var seconds = speech.Duration.TotalSeconds;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var rms = Rms(speech.Samples);
        output.WriteLine($"{language}: {words} words, {seconds:F2} s, RMS {rms:F0}, RTF {clock.Elapsed.TotalSeconds / seconds:F4}");
        Assert.Equal(22050, speech.SampleRate);
        Assert.Equal(new Saarthi.Speech.Audio.AudioFormat(22050, 1, 16), speech.Format);
        Assert.InRange(rms, 500, 20_000);
        Assert.InRange(seconds, 0.3 * words * 0.4, 3 * words * 0.4);
    }

    [Fact]
    public void Languages_Listed_AreTheFourteenOfTheKiosk()
    {
        Assert.Equal(
            ["as", "bn", "en", "gu", "hi", "kn", "ml", "mr", "ne", "or", "pa", "ta", "te", "ur"],
            EspeakSynthesizer.Languages.Order(StringComparer.Ordinal));
        Assert.True(EspeakSynthesizer.Supports("hi-IN"));
        Assert.False(EspeakSynthesizer.Supports("fr"));
    }

    [Fact]
    public async Task SynthesizeAsync_UnsupportedLanguage_ThrowsArgumentExceptionNamingSupported()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => new EspeakSynthesizer().SynthesizeAsync("bonjour", "fr", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("hi", ex.Message);
    }

    [Fact]
    public async Task SynthesizeAsync_RegionTaggedLanguage_UsesThePrimaryVoice()
    {
        var speech = await new EspeakSynthesizer().SynthesizeAsync("नमस्ते", "hi-IN", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(Rms(speech.Samples) > 500);
    }

    [Fact]
    public async Task SynthesizeAsync_HigherRatePercent_GivesShorterAudio()
    {
        var synthesizer = new EspeakSynthesizer();
        const string text = "The scheme gives six thousand rupees a year to every eligible farmer family.";
        var ct = TestContext.Current.CancellationToken;

        var slow = await synthesizer.SynthesizeAsync(text, "en", 70, ct);
        var normal = await synthesizer.SynthesizeAsync(text, "en", 100, ct);
        var fast = await synthesizer.SynthesizeAsync(text, "en", 150, ct);

        Assert.True(slow.Duration > normal.Duration * 1.2, $"{slow.Duration} vs {normal.Duration}");
        Assert.True(fast.Duration < normal.Duration * 0.85, $"{fast.Duration} vs {normal.Duration}");
    }

    [Fact]
    public async Task SynthesizeAsync_EmptyText_ReturnsNoSamples()
    {
        var speech = await new EspeakSynthesizer().SynthesizeAsync("  ", "en", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(speech.Samples);
        Assert.Equal(TimeSpan.Zero, speech.Duration);
    }

    [Fact]
    public async Task SynthesizeAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EspeakSynthesizer().SynthesizeAsync("hello", "en", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task SynthesizeAsync_CancelledWhileSpeakingLongText_ThrowsOperationCanceled()
    {
        var text = string.Join(" ", Enumerable.Repeat("The scheme gives six thousand rupees a year to farmers.", 200));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EspeakSynthesizer().SynthesizeAsync(text, "en", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task SynthesizeAsync_ConcurrentCallers_AllGetTheirOwnAudio()
    {
        var synthesizer = new EspeakSynthesizer();
        var ct = TestContext.Current.CancellationToken;

        var results = await Task.WhenAll(
            synthesizer.SynthesizeAsync("one", "en", cancellationToken: ct),
            synthesizer.SynthesizeAsync("एक दो तीन चार पाँच छह सात आठ नौ दस", "hi", cancellationToken: ct),
            synthesizer.SynthesizeAsync("two", "en", cancellationToken: ct));

        Assert.True(results[1].Duration > results[0].Duration * 3);
        Assert.True(results[1].Duration > results[2].Duration * 3);
    }

    [Fact]
    public void Engine_Version_IsDebianEspeakNg()
    {
        output.WriteLine($"espeak-ng {EspeakEngine.Info.Version} at {EspeakEngine.Info.DataPath}");
        Assert.Equal(22050, EspeakSynthesizer.SampleRate);
    }

    private static double Rms(short[] samples) =>
        samples.Length == 0 ? 0 : Math.Sqrt(samples.Sum(s => (double)s * s) / samples.Length);
}
