using System.Text;

namespace Saarthi.Speech.Stt.Grammar;

/// <summary>
/// Builds the kiosk's JSGF grammar from plain inputs (<see cref="GrammarInputs"/>):
/// <code>
/// public &lt;utterance&gt; = [&lt;opener&gt;] &lt;request&gt; [please];
/// &lt;request&gt; = /10/ &lt;intent&gt; &lt;scheme&gt; | /1/ &lt;intent&gt; &lt;scheme&gt; &lt;trailing&gt; | /4/ &lt;scheme&gt; | /1/ &lt;scheme&gt; &lt;trailing&gt;
///           | /2/ &lt;group_intent&gt; &lt;group&gt; | /1/ &lt;answer&gt;;
/// &lt;scheme&gt; = &lt;s_pm_kisan&gt; | &lt;s_pmjay&gt; | …;   one rule per scheme, one alternative per phrase
/// </code>
/// and a separate reply grammar (yes/no, numbers: "i am sixty two years old") for when the kiosk has asked for one —
/// inside the question grammar, number paths soak up misheard acronyms ("KCC" → "one lakh eighty").
/// Words are lower case and must all be pronounceable: phrases in other scripts and phrases with a word no source can
/// pronounce are dropped and listed in <see cref="SpeechGrammar.Dropped"/>.
/// </summary>
public sealed class JsgfGrammarBuilder
{
    private static readonly string[] Openers = ["hello", "please", "hello sir", "hello madam"];

    // Prior weights of the kinds of request (JSGF /w/); only their ratios matter.
    private const string IntentWeight = "10";
    private const string SchemeAloneWeight = "4";
    private const string TrailingWeight = "1";
    private const string GroupWeight = "2";
    private const string AnswerWeight = "1";
    private static readonly string[] NumberIntros = ["i am", "my age is", "age", "it is", "my income is", "my number is"];
    private static readonly string[] NumberTails = ["years", "years old", "rupees", "rupaye", "acres", "children"];

    private readonly string _dictionaryPath;
    private readonly IReadOnlyList<ILetterToSound> _letterToSound;

    /// <param name="dictionaryPath">The decoder's CMUdict file (PocketsphinxConfig.DictionaryPath).</param>
    /// <param name="letterToSound">Sources for words the dictionary lacks, in order; default: espeak-ng's English rules, then romanized-Hindi rules.</param>
    public JsgfGrammarBuilder(string dictionaryPath, IReadOnlyList<ILetterToSound>? letterToSound = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dictionaryPath);
        if (!File.Exists(dictionaryPath))
        {
            throw new FileNotFoundException($"No pronunciation dictionary at {dictionaryPath} (apt-get install pocketsphinx-en-us).", dictionaryPath);
        }

        _dictionaryPath = dictionaryPath;
        _letterToSound = letterToSound ?? DefaultLetterToSound();
    }

    /// <summary>
    /// espeak-ng's English letter-to-sound in the US voice (the acoustic model's accent) and in the kiosk's own English
    /// voice (callers repeat names the way the kiosk says them), when the program is installed; then the romanized-Hindi rules.
    /// </summary>
    public static IReadOnlyList<ILetterToSound> DefaultLetterToSound()
    {
        var us = new EspeakLetterToSound("en-us");
        return us.IsAvailable ? [us, new EspeakLetterToSound("en"), new RomanizedHindiLetterToSound()] : [new RomanizedHindiLetterToSound()];
    }

    public SpeechGrammar Build(GrammarInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var dropped = new List<DroppedPhrase>();

        List<SpokenPhrase> Parse(IEnumerable<string> texts, string owner)
        {
            var list = new List<SpokenPhrase>();
            foreach (var text in texts)
            {
                if (SpokenPhrase.TryParse(text, out var reason) is { } phrase)
                {
                    list.Add(phrase);
                }
                else
                {
                    dropped.Add(new DroppedPhrase(owner, text, reason ?? "unparsable"));
                }
            }

            return list;
        }

        var schemes = inputs.Schemes.Select(s => (s.Id, Phrases: Parse(s.Phrases, s.Id))).ToList();
        var intents = Parse(inputs.IntentPhrases, "intent");
        var trailing = Parse(inputs.TrailingPhrases, "trailing");
        var groupIntents = Parse(inputs.GroupQuestionPhrases, "group-intent");
        var groups = Parse(inputs.Groups, "group");
        var answers = Parse(inputs.Answers, "answer");
        var openers = Parse(Openers, "opener");
        var numberIntros = inputs.IncludeNumbers ? Parse(NumberIntros, "number") : [];
        var numberTails = inputs.IncludeNumbers ? Parse(NumberTails, "number") : [];

        var vocabulary = schemes.SelectMany(s => s.Phrases)
            .Concat(intents).Concat(trailing).Concat(groupIntents).Concat(groups).Concat(answers).Concat(openers)
            .Concat(numberIntros).Concat(numberTails)
            .SelectMany(p => p.Vocabulary)
            .Concat(inputs.IncludeNumbers ? NumberWords.CardinalVocabulary.Select(w => new SpokenWord(w, w, SpokenWordKind.Number)) : [])
            .ToList();
        var nameWords = schemes.SelectMany(s => s.Phrases).SelectMany(p => p.Vocabulary).Select(w => w.Text).ToHashSet(StringComparer.Ordinal);
        var lexicon = PronunciationLexicon.Build(vocabulary, _dictionaryPath, _letterToSound, nameWords);

        List<SpokenPhrase> Sayable(List<SpokenPhrase> phrases, string owner)
        {
            var kept = new List<SpokenPhrase>();
            foreach (var phrase in phrases)
            {
                var missing = phrase.Vocabulary.Where(w => !lexicon.Pronunciations.ContainsKey(w.Text)).Select(w => w.Text).ToList();
                if (missing.Count == 0)
                {
                    kept.Add(phrase);
                }
                else
                {
                    dropped.Add(new DroppedPhrase(owner, phrase.Written, "no pronunciation for: " + string.Join(", ", missing)));
                }
            }

            return kept.DistinctBy(p => p.Jsgf, StringComparer.Ordinal).ToList();
        }

        var schemeRules = schemes
            .Select(s => (s.Id, Rule: "s_" + RuleName(s.Id), Phrases: Sayable(s.Phrases, s.Id)))
            .Where(s => s.Phrases.Count > 0)
            .ToList();
        foreach (var (id, phrases) in schemes)
        {
            if (!schemeRules.Any(r => r.Id == id))
            {
                dropped.Add(new DroppedPhrase(id, "(scheme)", "no sayable phrase: the scheme cannot be asked for by voice in English"));
            }
        }

        var numberWordsOk = inputs.IncludeNumbers && NumberWords.CardinalVocabulary.All(lexicon.Pronunciations.ContainsKey);
        var sayableAnswers = Sayable(answers, "answer");
        var sayableOpeners = Sayable(openers, "opener");
        var jsgf = EmitQuestions(
            schemeRules,
            Sayable(intents, "intent"),
            Sayable(trailing, "trailing"),
            Sayable(groupIntents, "group-intent"),
            Sayable(groups, "group"),
            sayableAnswers,
            sayableOpeners);
        var answerJsgf = sayableAnswers.Count > 0 || numberWordsOk
            ? EmitAnswers(sayableAnswers, numberWordsOk ? Sayable(numberIntros, "number") : null, numberWordsOk ? Sayable(numberTails, "number") : null)
            : null;

        return new SpeechGrammar(
            jsgf,
            answerJsgf,
            lexicon,
            schemeRules.ToDictionary(r => r.Id, r => (IReadOnlyList<SpokenPhrase>)r.Phrases, StringComparer.Ordinal),
            dropped);
    }

    private static string EmitQuestions(
        List<(string Id, string Rule, List<SpokenPhrase> Phrases)> schemes,
        List<SpokenPhrase> intents,
        List<SpokenPhrase> trailing,
        List<SpokenPhrase> groupIntents,
        List<SpokenPhrase> groups,
        List<SpokenPhrase> answers,
        List<SpokenPhrase> openers)
    {
        var sb = new StringBuilder();
        sb.Append("#JSGF V1.0;\n\ngrammar saarthi;\n\n");

        // Weighted alternatives: questions naming a scheme are what callers mostly say; short answers are cheap paths
        // that swallow misheard speech, so they get a small prior weight.
        var top = new List<string>();
        if (schemes.Count > 0)
        {
            if (intents.Count > 0)
            {
                top.Add("/" + IntentWeight + "/ <intent> <scheme>");
                if (trailing.Count > 0)
                {
                    top.Add("/" + TrailingWeight + "/ <intent> <scheme> <trailing>");
                }
            }

            top.Add("/" + SchemeAloneWeight + "/ <scheme>");
            if (trailing.Count > 0)
            {
                top.Add("/" + TrailingWeight + "/ <scheme> <trailing>");
            }
        }

        if (groupIntents.Count > 0 && groups.Count > 0)
        {
            top.Add("/" + GroupWeight + "/ <group_intent> <group>");
        }

        if (answers.Count > 0)
        {
            top.Add("/" + AnswerWeight + "/ <answer>");
        }

        if (top.Count == 0)
        {
            throw new InvalidOperationException("Nothing sayable to build a grammar from.");
        }

        sb.Append("public <utterance> = ").Append(openers.Count > 0 ? "[ <opener> ] " : string.Empty)
            .Append("<request> [ please ];\n");
        sb.Append("<request> = ").Append(string.Join("\n    | ", top)).Append(";\n\n");
        Rule(sb, "opener", openers);
        Rule(sb, "intent", intents);
        Rule(sb, "trailing", trailing);
        Rule(sb, "group_intent", groupIntents);
        Rule(sb, "group", groups);
        Rule(sb, "answer", answers);
        if (schemes.Count > 0)
        {
            sb.Append("<scheme> = ").Append(string.Join(" | ", schemes.Select(s => "<" + s.Rule + ">"))).Append(";\n");
            foreach (var (_, rule, phrases) in schemes)
            {
                Rule(sb, rule, phrases);
            }
        }

        return sb.ToString();
    }

    /// <summary>The reply grammar: yes/no and numbers (ages, amounts), for when the kiosk has asked for one.</summary>
    private static string EmitAnswers(List<SpokenPhrase> answers, List<SpokenPhrase>? numberIntros, List<SpokenPhrase>? numberTails)
    {
        var sb = new StringBuilder();
        sb.Append("#JSGF V1.0;\n\ngrammar saarthi_reply;\n\n");
        var top = new List<string>();
        if (answers.Count > 0)
        {
            top.Add("<answer>");
        }

        if (numberIntros is not null && numberTails is not null)
        {
            top.Add("<number_answer>");
        }

        sb.Append("public <reply> = ").Append(string.Join(" | ", top)).Append(";\n\n");
        Rule(sb, "answer", answers);
        if (numberIntros is not null && numberTails is not null)
        {
            sb.Append("<number_answer> = ");
            sb.Append(numberIntros.Count > 0 ? "[ <number_intro> ] " : string.Empty);
            sb.Append("<cardinal>");
            sb.Append(numberTails.Count > 0 ? " [ <number_tail> ]" : string.Empty).Append(";\n");
            Rule(sb, "number_intro", numberIntros);
            Rule(sb, "number_tail", numberTails);
            sb.Append("""
                <unit> = one | two | three | four | five | six | seven | eight | nine;
                <below_hundred> = <unit> | ten | eleven | twelve | thirteen | fourteen | fifteen | sixteen | seventeen | eighteen | nineteen
                    | ( twenty | thirty | forty | fifty | sixty | seventy | eighty | ninety ) [ <unit> ];
                <below_thousand> = <below_hundred> | ( <unit> | a ) hundred [ [ and ] <below_hundred> ];
                <cardinal> = [ <below_hundred> ( lakh | crore ) [ and ] ] [ ( <below_hundred> | a ) thousand [ and ] ] <below_thousand>
                    | <below_hundred> ( lakh | crore ) | ( <below_hundred> | a ) thousand;

                """);
        }

        return sb.ToString();
    }

    private static void Rule(StringBuilder sb, string name, List<SpokenPhrase> phrases)
    {
        if (phrases.Count == 0)
        {
            return;
        }

        sb.Append('<').Append(name).Append("> = ");
        sb.Append(string.Join("\n    | ", phrases.Select(p => p.Jsgf)));
        sb.Append(";\n");
    }

    private static string RuleName(string id)
    {
        var sb = new StringBuilder(id.Length);
        foreach (var c in id.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return sb.ToString();
    }
}
