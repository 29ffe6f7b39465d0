using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Understanding;

/// <summary>
/// Finds multi-word cue phrases in folded word sequences. Cues are written the way people say them, in any script;
/// they are folded once, so "कितना", "kitna" and "kitnaa" are one cue.
/// </summary>
public sealed class PhraseMatcher<T>
{
    private readonly List<(string[] Words, T Value, double Weight)> _phrases = [];

    public void Add(T value, double weight, params string[] phrases)
    {
        foreach (var p in phrases)
        {
            var words = TextFold.Words(p).ToArray();
            // Spellings that fold to the same words ("गाँव", "गांव") are one cue, counted once.
            if (words.Length > 0 && !_phrases.Any(x => EqualityComparer<T>.Default.Equals(x.Value, value) && x.Words.SequenceEqual(words)))
                _phrases.Add((words, value, weight));
        }
    }

    /// <summary>Every cue found, with the index of its first word.</summary>
    public IEnumerable<(T Value, double Weight, int Start, int Length)> Matches(IReadOnlyList<string> words)
    {
        foreach (var (phrase, value, weight) in _phrases)
        {
            for (int i = 0; i + phrase.Length <= words.Count; i++)
            {
                bool all = true;
                for (int j = 0; j < phrase.Length && all; j++) all = SameWord(words[i + j], phrase[j]);
                if (all) yield return (value, weight, i, phrase.Length);
            }
        }
    }

    /// <summary>Equal, or an English plural of the cue ("farmers" for "farmer").</summary>
    private static bool SameWord(string word, string cue) =>
        word == cue || (word.Length > 4 && word[^1] == 's' && word.Length == cue.Length + 1 && word.StartsWith(cue, StringComparison.Ordinal))
        // Inflected forms of longer cue words ("महिलांसाठी" = "for women", "किसानों"): the cue plus a short ending.
        || (cue.Length >= 5 && word.Length > cue.Length && word.Length <= cue.Length + 5 && word.StartsWith(cue, StringComparison.Ordinal));

    public double Score(IReadOnlyList<string> words, T value) =>
        Matches(words).Where(m => EqualityComparer<T>.Default.Equals(m.Value, value)).Sum(m => m.Weight);

    public bool Any(IReadOnlyList<string> words, T value) =>
        Matches(words).Any(m => EqualityComparer<T>.Default.Equals(m.Value, value));
}
