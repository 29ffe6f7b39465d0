using Saarthi.Appliance.Call;
using Saarthi.Appliance.Demo;
using Saarthi.Speech.Audio;

namespace Saarthi.Appliance.Tests.Call;

public sealed class CallHelpersTests
{
    [Fact]
    public void LeadAndRest_LongFirstSentenceWithAName_SplitsAfterTheName()
    {
        var answer = "Pradhan Mantri Kisan Samman Nidhi (PM-KISAN): Income support of ₹6,000 a year to landholding farmer families, paid in three instalments. You can apply at your nearest Common Service Centre (CSC).";

        var parts = CallSession.LeadAndRest(answer);

        Assert.Equal(["Pradhan Mantri Kisan Samman Nidhi (PM-KISAN).", answer[(answer.IndexOf(": ", StringComparison.Ordinal) + 2)..]], parts);
    }

    [Theory]
    [InlineData("PM-KISAN: Self-register on pmkisan.gov.in. Or, go to a Common Service Centre (CSC).")]
    [InlineData("Ask your question after the beep.")]
    [InlineData("A very long first sentence with no colon in it at all, which goes on and on past eighty characters, and more.")]
    public void LeadAndRest_ShortFirstSentenceOrNoColon_OnePart(string answer) => Assert.Equal([answer], CallSession.LeadAndRest(answer));

    [Fact]
    public void IsBeep_TheKiosksBeep_True()
    {
        var s = new short[1200];
        for (int i = 0; i < s.Length; i++) s[i] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / 8000));

        Assert.True(ScriptedCaller.IsBeep(new AudioFrame(AudioFormat.Telephone8k, s, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(440.0, 150)]
    [InlineData(1000.0, 40)]
    [InlineData(0.0, 150)]
    public void IsBeep_OtherToneShortToneOrSilence_False(double hz, int ms)
    {
        var s = new short[8 * ms];
        for (int i = 0; i < s.Length; i++) s[i] = (short)(8000 * Math.Sin(2 * Math.PI * hz * i / 8000));

        Assert.False(ScriptedCaller.IsBeep(new AudioFrame(AudioFormat.Telephone8k, s, TimeSpan.Zero)));
    }

    [Fact]
    public async Task IsBeep_Speech_False()
    {
        var speech = await CallRig.SpeechAsync("how do i apply for it");

        Assert.False(ScriptedCaller.IsBeep(new AudioFrame(AudioFormat.Telephone8k, speech, TimeSpan.Zero)));
    }
}
