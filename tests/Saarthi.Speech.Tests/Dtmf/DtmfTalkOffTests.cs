using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;
using Xunit;
using static Saarthi.Speech.Tests.Dtmf.DtmfTestKit;

namespace Saarthi.Speech.Tests.Dtmf;

public sealed class DtmfTalkOffTests(SpeechCorpusFixture speech, ITestOutputHelper output) : IClassFixture<SpeechCorpusFixture>
{
    [Fact]
    public void Process_TenMinutesOfEnglishAndHindiSpeech_NoFalseDigits()
    {
        Assert.Equal(SpeechCorpusFixture.Length, AudioFormat.Telephone8k.DurationOf(speech.Samples.Length));
        var detector = new DtmfDetector(8000);
        var digits = new List<DtmfDigit>();

        foreach (var frame in AudioFrame.Split(AudioFormat.Telephone8k, speech.Samples, TimeSpan.FromMilliseconds(20)))
        {
            foreach (var d in detector.Process(frame))
            {
                digits.Add(d);
            }
        }

        output.WriteLine($"speech: {speech.UniqueDuration.TotalSeconds:F0} s unique ({speech.SourceRate} Hz → 8 kHz), {(speech.UniqueDuration >= SpeechCorpusFixture.Length ? "cut" : "looped")} to {SpeechCorpusFixture.Length.TotalMinutes} min, RMS {speech.RmsDbfs:F1} dBFS");
        output.WriteLine($"false digits: {digits.Count} {string.Join(", ", digits.Select(d => $"{d.Key}@{d.Timestamp:mm\\:ss\\.fff}"))}");
        Assert.Empty(digits);
    }

    [Fact]
    public void Process_SpeechWithRelaxedDetector_ShowsTheChecksAreWhatRejectsIt()
    {
        // Same audio with the talk-off checks loosened: if this also found nothing, the speech test would prove little.
        var relaxed = new DtmfDetectorOptions
        {
            MinToneEnergyRatio = 0.3f,
            MinSecondHarmonicRejectionDb = 0,
            MaxEnvelopeVariationDb = 20,
            MaxFrequencyDeviation = 0.05,
            HitsToConfirm = 2,
        };

        var digits = Detect(SampleConvert.ToFloat(speech.Samples), 8000, relaxed);

        output.WriteLine($"relaxed detector: {digits.Count} false digits in 10 min of speech");
        Assert.NotEmpty(digits);
    }

    [Fact]
    public void Process_KeysPressedOverSpeech_AllDetected()
    {
        // Caller keeps talking (speech at its natural level) while pressing all 16 keys at -12 dBFS per tone.
        var x = SampleConvert.ToFloat(speech.Samples.AsSpan(0, 8000 * 20));
        var keys = DtmfKeypad.Keys;
        for (var i = 0; i < keys.Length; i++)
        {
            DtmfGenerator.AddTone(x.AsSpan(8000 + (i * 8000), 560), keys[i], 8000);
        }

        var digits = Detect(x, 8000);

        output.WriteLine($"speech at {speech.RmsDbfs:F1} dBFS under tones at -12 dBFS: detected {Keys(digits)}");
        Assert.Equal(keys, Keys(digits));
    }
}
