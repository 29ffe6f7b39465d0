using Saarthi.Appliance.Call;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Dtmf;
using Saarthi.Speech.Vad;

namespace Saarthi.Appliance.Tests.Call;

/// <summary>The caller's audio turned into sounds, on both detectors, with espeak-ng speech.</summary>
public sealed class CallerListenerTests
{
    public static TheoryData<string> Detectors() => ["silero", "energy"];

    private static IVoiceActivityDetector Create(string name) => name == "silero" ? new SileroVoiceActivityDetector() : new EnergyVoiceActivityDetector();

    private static List<CallerSound> Listen(IVoiceActivityDetector detector, short[] line, TimeSpan? early)
    {
        var listener = new CallerListener(detector, new EndpointerOptions(), early);
        // Frames stamped zero, as a line may send them: the listener keeps its own stream clock.
        return AudioFrame.Split(AudioFormat.Telephone8k, line, TimeSpan.FromMilliseconds(20))
            .Select(f => new AudioFrame(f.Format, f.Samples, TimeSpan.Zero))
            .SelectMany(listener.Process).ToList();
    }

    private static short[] Quiet(double seconds) => new short[(int)(seconds * 8000)];

    [Theory]
    [MemberData(nameof(Detectors))]
    public async Task Process_QuestionWithAPause_OffersEachPauseAndTheLastOfferIsTheUtterance(string name)
    {
        var first = CallRig.Trimmed(await CallRig.SpeechAsync("how do i apply for"));
        var rest = CallRig.Trimmed(await CallRig.SpeechAsync("atal pension yojana"));
        short[] line = [.. Quiet(0.5), .. first, .. Quiet(0.45), .. rest, .. Quiet(1.2)];
        using var detector = Create(name);

        var sounds = Listen(detector, line, TimeSpan.FromMilliseconds(200));

        Assert.IsType<CallerSound.SpeechStarted>(sounds[0]);
        var utterance = Assert.Single(sounds.OfType<CallerSound.Utterance>());
        Assert.Equal(UtteranceEndReason.Silence, utterance.Reason);
        var offers = sounds.OfType<CallerSound.SpeechPaused>().ToList();
        Assert.True(offers.Count >= 2, $"{offers.Count} offers: one in the mid-question pause, one at the end");
        Assert.True(offers[0].SpeechEnd < TimeSpan.FromSeconds(0.5) + AudioFormat.Telephone8k.DurationOf(first.Length + 1600), "the first offer ends in the pause");
        var last = offers[^1];
        Assert.Equal(utterance.SpeechEnd, last.SpeechEnd);
        Assert.Equal(utterance.Audio.Timestamp, last.Audio.Timestamp);
        Assert.True(utterance.Audio.Samples.Span.SequenceEqual(last.Audio.Samples.Span), "the last offer is the utterance, sample for sample");
        Assert.True(sounds.IndexOf(last) < sounds.IndexOf(utterance));
    }

    [Fact]
    public async Task Process_EarlyOff_NoOffers()
    {
        using var detector = new EnergyVoiceActivityDetector();
        short[] line = [.. Quiet(0.5), .. await CallRig.SpeechAsync("how do i apply for it"), .. Quiet(1.2)];

        var sounds = Listen(detector, line, null);

        Assert.Empty(sounds.OfType<CallerSound.SpeechPaused>());
        Assert.Single(sounds.OfType<CallerSound.Utterance>());
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Process_KeyTones_AreKeysNotSpeech(string name)
    {
        using var detector = Create(name);
        var tones = DtmfGenerator.GeneratePcm("2580", 8000, new DtmfToneOptions
        {
            ToneDuration = TimeSpan.FromMilliseconds(120),
            GapDuration = TimeSpan.FromMilliseconds(100),
            LeadingSilence = TimeSpan.FromMilliseconds(300),
        });

        var sounds = Listen(detector, [.. tones, .. Quiet(1)], TimeSpan.FromMilliseconds(200));

        Assert.Equal("2580", string.Concat(sounds.OfType<CallerSound.Key>().Select(k => k.Digit)));
        Assert.Empty(sounds.OfType<CallerSound.Utterance>());
        Assert.Empty(sounds.OfType<CallerSound.SpeechStarted>());
    }

    [Fact]
    public void Create_DetectorAtTheWrongRate_SaysWhichRateItNeeds()
    {
        using var detector = new EnergyVoiceActivityDetector(16000);

        var e = Assert.Throws<ArgumentException>(() => new CallerListener(detector, new EndpointerOptions(), null));
        Assert.Contains("8000 Hz", e.Message, StringComparison.Ordinal);
    }
}
