using System.Collections.Frozen;

namespace Saarthi.Speech.Stt.Grammar;

/// <summary>The 39 ARPAbet phones of CMUdict and the pocketsphinx en-us model, plus letter names for spelling acronyms.</summary>
public static class Arpabet
{
    /// <summary>The phone set (no stress digits).</summary>
    public static FrozenSet<string> Phones { get; } = new[]
    {
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K",
        "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>How English speakers name each letter (Z as in India: "zed"; "zee" is added as a variant by <see cref="Spell"/>).</summary>
    private static readonly string[] LetterNames =
    [
        "EY", "B IY", "S IY", "D IY", "IY", "EH F", "JH IY", "EY CH", "AY", "JH EY", "K EY", "EH L", "EH M",
        "EH N", "OW", "P IY", "K Y UW", "AA R", "EH S", "T IY", "Y UW", "V IY", "D AH B AH L Y UW", "EH K S", "W AY", "Z EH D",
    ];

    /// <summary>Whether every phone of <paramref name="pronunciation"/> is in <see cref="Phones"/>.</summary>
    public static bool IsValid(string pronunciation) =>
        !string.IsNullOrWhiteSpace(pronunciation) &&
        pronunciation.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(Phones.Contains);

    /// <summary>The letter-by-letter pronunciations of <paramref name="letters"/> ("KCC" → "K EY S IY S IY"); two when it has a Z.</summary>
    public static IReadOnlyList<string> Spell(string letters)
    {
        ArgumentNullException.ThrowIfNull(letters);
        var names = letters.Where(char.IsAsciiLetter).Select(c => LetterNames[char.ToUpperInvariant(c) - 'A']).ToList();
        if (names.Count == 0)
        {
            return [];
        }

        var spelled = string.Join(' ', names);
        return letters.Contains('z', StringComparison.OrdinalIgnoreCase) ? [spelled, spelled.Replace("Z EH D", "Z IY", StringComparison.Ordinal)] : [spelled];
    }
}
