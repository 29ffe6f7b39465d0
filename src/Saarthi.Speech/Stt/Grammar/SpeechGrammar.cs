namespace Saarthi.Speech.Stt.Grammar;

/// <summary>A phrase left out of the grammar and why.</summary>
public sealed record DroppedPhrase(string SchemeId, string Phrase, string Reason);

/// <summary>
/// A JSGF grammar for the kiosk's questions, the pronunciations its words need, and what was left out. Built by
/// <see cref="JsgfGrammarBuilder"/>; <c>PocketsphinxSpeechToText</c> loads it.
/// </summary>
/// <param name="Jsgf">The question grammar (JSGF V1.0, public rule <c>&lt;utterance&gt;</c>).</param>
/// <param name="ReplyJsgf">The reply grammar (yes/no, numbers; public rule <c>&lt;reply&gt;</c>), or null when there is nothing to put in it.</param>
/// <param name="Lexicon">Pronunciations of every word the grammar uses.</param>
/// <param name="SchemePhrases">Per scheme id, the phrases kept (canonical word sequences).</param>
/// <param name="Dropped">Phrases or words left out (other scripts, unpronounceable words).</param>
public sealed record SpeechGrammar(
    string Jsgf,
    string? ReplyJsgf,
    PronunciationLexicon Lexicon,
    IReadOnlyDictionary<string, IReadOnlyList<SpokenPhrase>> SchemePhrases,
    IReadOnlyList<DroppedPhrase> Dropped)
{
    /// <summary>Every word the grammar can produce.</summary>
    public IReadOnlyCollection<string> Vocabulary => [.. Lexicon.Pronunciations.Keys];
}
