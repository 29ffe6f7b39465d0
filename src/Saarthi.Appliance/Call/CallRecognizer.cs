using Saarthi.Dialogue.Eligibility;
using Saarthi.Speech.Audio;
using Saarthi.Speech.Stt;

namespace Saarthi.Appliance.Call;

/// <summary>
/// Recognises one utterance with the grammar that fits what the kiosk just asked. After a yes/no or number question
/// ("would you like an SMS?", "how old is the person?") pocketsphinx uses its reply grammar; when the reply grammar
/// cannot place the words (the caller asked something else instead) the question grammar gets the same audio. Other
/// engines (whisper) have no grammars and transcribe as usual.
/// </summary>
public static class CallRecognizer
{
    /// <summary>Facts the kiosk asks for with a yes/no or number question (see the "ask.*" prompts).</summary>
    private static readonly HashSet<Fact> ReplyFacts =
        [Fact.Age, Fact.Income, Fact.Land, Fact.Bpl, Fact.MaritalStatus, Fact.Disability, Fact.Student, Fact.Pregnancy, Fact.IncomeTax];

    /// <summary>What the caller is expected to say after the kiosk asked for <paramref name="askedFact"/> (null: nothing asked).</summary>
    public static ExpectedSpeech AfterAsking(Fact? askedFact) =>
        askedFact is { } f && ReplyFacts.Contains(f) ? ExpectedSpeech.Reply : ExpectedSpeech.Question;

    /// <summary>
    /// Transcribes <paramref name="audio"/>; for <see cref="ExpectedSpeech.Reply"/> with pocketsphinx, the reply grammar
    /// first and the question grammar when the reply scores below <paramref name="minConfidence"/>. The transcript's
    /// elapsed time covers both passes.
    /// </summary>
    public static async Task<Transcript> RecognizeAsync(ISpeechToText stt, AudioFrame audio, ExpectedSpeech expected, string? languageHint,
        double minConfidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stt);
        if (stt is not PocketsphinxSpeechToText pocketsphinx || expected == ExpectedSpeech.Question)
            return await stt.TranscribeAsync(audio, languageHint, cancellationToken).ConfigureAwait(false);

        var reply = (await pocketsphinx.RecognizeAsync(audio, ExpectedSpeech.Reply, cancellationToken).ConfigureAwait(false)).Transcript;
        if (reply.Text.Length > 0 && reply.Confidence >= minConfidence) return reply with { Engine = reply.Engine + " (reply grammar)" };
        var question = (await pocketsphinx.RecognizeAsync(audio, ExpectedSpeech.Question, cancellationToken).ConfigureAwait(false)).Transcript;
        var best = question.Confidence >= reply.Confidence ? question : reply;
        return best with { Elapsed = reply.Elapsed + question.Elapsed };
    }
}
