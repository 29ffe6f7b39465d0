using System.Globalization;
using System.Text;
using Saarthi.Speech.Stt;
using Saarthi.Speech.Stt.Grammar;
using Xunit;

namespace Saarthi.Speech.Tests.Stt;

/// <summary>One pocketsphinx recogniser with the seed snapshot's grammar, shared by the round-trip tests (ps_init ≈ 0.3 s, grammar build ≈ 0.5 s).</summary>
public sealed class PocketsphinxSeedFixture : IDisposable
{
    public PocketsphinxSeedFixture()
    {
        Inputs = PocketsphinxTelephoneChannel.SeedGrammarInputs();
        Stt = PocketsphinxSpeechToText.Create(Inputs);
    }

    public GrammarInputs Inputs { get; }

    public PocketsphinxSpeechToText Stt { get; }

    public void Dispose() => Stt.Dispose();
}

/// <summary>
/// The issue's round trip: for every scheme of the seed snapshot, English questions naming it ("what is PM Kisan",
/// "how do I apply for Atal Pension"…) are spoken by espeak-ng, squeezed through a telephone channel (8 kHz,
/// 300–3400 Hz, G.711 µ-law) and recognised with the generated grammar; the transcripts must contain the name's words.
/// </summary>
public sealed class PocketsphinxRoundTripTests(PocketsphinxSeedFixture fixture, ITestOutputHelper output) : IClassFixture<PocketsphinxSeedFixture>
{
    private static readonly string[] Carriers = ["what is {0}", "how do I apply for {0}", "who can get {0}", "documents for {0}", "helpline number of {0}"];

    /// <summary>One spoken question and what came back.</summary>
    /// <param name="Hit">The transcript contains the words of the phrase that was spoken.</param>
    /// <param name="SchemeHit">The transcript contains the words of some name or alias of the right scheme.</param>
    public sealed record RoundTrip(
        string SchemeId, string Phrase, string Question, string Heard, string Engine, double Confidence, bool Hit, bool SchemeHit,
        double AudioSeconds, double ElapsedSeconds, double GrammarSeconds, string Note);

    [Fact]
    public async Task TranscribeAsync_EveryAliasOfEverySeedScheme_AtLeastNinetyPercentContainTheNameWords()
    {
        var ct = TestContext.Current.CancellationToken;
        var results = new List<RoundTrip>();
        var index = 0;
        foreach (var (id, name, aliases) in PocketsphinxTelephoneChannel.SeedSchemes())
        {
            var phrases = SchemePhrases.FromNames(id, name, aliases).Phrases
                .Where(p => SpokenPhrase.TryParse(p, out _) is not null)
                .ToList();
            foreach (var phrase in phrases)
            {
                var question = string.Format(CultureInfo.InvariantCulture, Carriers[index++ % Carriers.Length], phrase);
                var audio = await PocketsphinxTelephoneChannel.SpeakAsync(question, ct);
                var recognition = await fixture.Stt.RecognizeAsync(audio, ExpectedSpeech.Question, ct);
                var t = recognition.Transcript;
                var lexicon = fixture.Stt.Grammar.Lexicon;
                var hit = ContainsInOrder(t.Text, phrase, lexicon);
                var schemeHit = hit || fixture.Stt.Grammar.SchemePhrases[id].Any(p => ContainsInOrder(t.Text, p.Written, lexicon));
                results.Add(new RoundTrip(id, phrase, question, t.Text, t.Engine, t.Confidence, hit, schemeHit,
                    t.AudioDuration.TotalSeconds, t.Elapsed.TotalSeconds, recognition.Grammar.Elapsed.TotalSeconds,
                    recognition.LanguageModel is { } lm
                        ? string.Create(CultureInfo.InvariantCulture, $" (grammar: '{recognition.Grammar.Text}' {recognition.Grammar.AcousticPerFrame:0.0}/frame, lm {lm.AcousticPerFrame:0.0})")
                        : string.Empty));
            }
        }

        var report = new StringBuilder();
        foreach (var r in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{(r.Hit ? "  " : "✗ ")}{r.SchemeId,-15} {r.Question,-70} → {r.Heard} [{r.Engine[13..]}, {r.Confidence:0.00}]{r.Note}");
        }

        report.AppendLine();
        report.AppendLine("per scheme (spoken phrase heard / right scheme named / questions):");
        foreach (var g in results.GroupBy(r => r.SchemeId))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {g.Key,-15} {g.Count(r => r.Hit)}/{g.Count(r => r.SchemeHit)}/{g.Count()}");
        }

        var rate = results.Count(r => r.Hit) / (double)results.Count;
        var schemeRate = results.Count(r => r.SchemeHit) / (double)results.Count;
        var rtf = results.Sum(r => r.ElapsedSeconds) / results.Sum(r => r.AudioSeconds);
        var grammarRtf = results.Sum(r => r.GrammarSeconds) / results.Sum(r => r.AudioSeconds);
        var hitConf = results.Where(r => r.Hit).Select(r => r.Confidence).Order().ToList();
        var missConf = results.Where(r => !r.Hit).Select(r => r.Confidence).Order().ToList();
        report.AppendLine(CultureInfo.InvariantCulture, $"round trip: {results.Count(r => r.Hit)}/{results.Count} = {rate:P1} contain the spoken name's words, " +
            $"{schemeRate:P1} name the right scheme; {results.Select(r => r.SchemeId).Distinct().Count()} schemes");
        report.AppendLine(CultureInfo.InvariantCulture, $"RTF: grammar pass {grammarRtf:0.000}, whole recogniser {rtf:0.000} (audio prep + open-vocabulary passes); " +
            $"{results.Count(r => r.Engine.EndsWith("+lm", StringComparison.Ordinal))} answered by the language model");
        report.AppendLine(CultureInfo.InvariantCulture, $"confidence of hits: median {Median(hitConf):0.00}, min {hitConf.FirstOrDefault():0.00}; of misses: median {Median(missConf):0.00}");
        output.WriteLine(report.ToString());
        Assert.True(rate >= 0.9, $"only {rate:P1} of round trips contained the scheme name words");
    }

    [Fact]
    public void Grammar_SeedSnapshot_KeepsEverySchemeAndDropsOnlyOtherScripts()
    {
        var grammar = fixture.Stt.Grammar;

        if (Environment.GetEnvironmentVariable("SAARTHI_DUMP_GRAMMAR") is { Length: > 0 } dump)
        {
            File.WriteAllText(Path.Combine(dump, "grammar.jsgf"), grammar.Jsgf);
            File.WriteAllLines(Path.Combine(dump, "extra.dict"), grammar.Lexicon.DictionaryAdditions().Select(e => e.Key + " " + e.Value));
            File.WriteAllLines(Path.Combine(dump, "lexicon.txt"), grammar.Lexicon.Pronunciations.OrderBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Value.Select(v => $"{p.Key} {v}    # {grammar.Lexicon.Sources[p.Key]}")));
        }

        output.WriteLine($"{grammar.Jsgf.Length} chars of JSGF, {grammar.Vocabulary.Count} words, {grammar.Lexicon.DictionaryAdditions().Count()} dictionary additions");
        foreach (var d in grammar.Dropped)
        {
            output.WriteLine($"dropped {d.SchemeId}: '{d.Phrase}' ({d.Reason})");
        }

        Assert.Equal(PocketsphinxTelephoneChannel.SeedSchemes().Count, grammar.SchemePhrases.Count);
        Assert.All(grammar.Dropped, d => Assert.Equal("not in Latin script", d.Reason));
    }

    /// <summary>
    /// Whether every word of <paramref name="phrase"/> (as the grammar spells it) appears in <paramref name="heard"/>, in
    /// order. Two words match when they are spelled alike or are homophones in the grammar's lexicon ("awas" and "awaas",
    /// "zero" and "oh"): the recogniser cannot tell those apart and the dialogue folds them anyway.
    /// </summary>
    internal static bool ContainsInOrder(string heard, string phrase, PronunciationLexicon? lexicon = null)
    {
        var expected = SpokenPhrase.WordsOf(phrase);
        var words = SpokenPhrase.WordsOf(heard);
        var i = 0;
        foreach (var w in words)
        {
            if (i < expected.Count && Same(w, expected[i], lexicon))
            {
                i++;
            }
        }

        // A hyphenated name may come back as one word or two ("Ni-kshay" / "nikshay"): compare without spaces too.
        return expected.Count > 0 && (i == expected.Count || string.Concat(words).Contains(string.Concat(expected), StringComparison.Ordinal));
    }

    private static bool Same(string a, string b, PronunciationLexicon? lexicon) =>
        a == b
        || (a, b) is ("oh", "zero") or ("zero", "oh")
        || (lexicon is not null && lexicon.Pronunciations.TryGetValue(a, out var pa) && lexicon.Pronunciations.TryGetValue(b, out var pb) && pa.Intersect(pb).Any());

    private static double Median(List<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
}
