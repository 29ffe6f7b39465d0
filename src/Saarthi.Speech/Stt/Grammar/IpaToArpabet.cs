namespace Saarthi.Speech.Stt.Grammar;

/// <summary>
/// Maps espeak-ng's IPA output (<c>espeak-ng --ipa</c>, English voices) to ARPAbet. Stress marks, length marks that
/// are not part of a mapped vowel, syllable breaks and spaces are dropped; a flap (ɾ) becomes T, a glottal stop is dropped.
/// </summary>
public static class IpaToArpabet
{
    // Longest first: diphthongs, affricates and long vowels before their single letters.
    private static readonly (string Ipa, string Arpabet)[] Map =
    [
        ("aɪə", "AY ER"), ("aɪ", "AY"), ("aʊ", "AW"), ("eɪ", "EY"), ("oʊ", "OW"), ("əʊ", "OW"), ("ɔɪ", "OY"),
        ("iə", "IY AH"), ("ɪə", "IH R"), ("eə", "EH R"), ("ʊə", "UH R"), ("tʃ", "CH"), ("dʒ", "JH"),
        ("ɑː", "AA"), ("ɔː", "AO"), ("iː", "IY"), ("uː", "UW"), ("ɜː", "ER"), ("ɑ̃", "AA"),
        ("a", "AE"), ("æ", "AE"), ("ɐ", "AH"), ("ɑ", "AA"), ("ɒ", "AA"), ("ɔ", "AO"), ("ə", "AH"), ("ɚ", "ER"),
        ("ɛ", "EH"), ("e", "EY"), ("ɪ", "IH"), ("ᵻ", "IH"), ("i", "IY"), ("o", "OW"), ("ʊ", "UH"), ("u", "UW"),
        ("ʌ", "AH"), ("ɜ", "ER"), ("ɝ", "ER"), ("y", "UW"),
        ("b", "B"), ("d", "D"), ("f", "F"), ("ɡ", "G"), ("g", "G"), ("h", "HH"), ("j", "Y"), ("k", "K"), ("l", "L"),
        ("ɫ", "L"), ("m", "M"), ("n", "N"), ("ŋ", "NG"), ("p", "P"), ("ɹ", "R"), ("r", "R"), ("ɾ", "T"), ("s", "S"),
        ("ʃ", "SH"), ("t", "T"), ("θ", "TH"), ("ð", "DH"), ("v", "V"), ("w", "W"), ("z", "Z"), ("ʒ", "ZH"),
        ("x", "K"), ("ç", "HH"), ("ɬ", "L"), ("ʋ", "V"), ("ɲ", "N Y"), ("ɳ", "N"), ("ʈ", "T"), ("ɖ", "D"),
    ];

    private static readonly HashSet<char> Ignored = ['ˈ', 'ˌ', 'ː', '.', ' ', '-', '_', '\u0329', '\u0303', 'ʔ', '\'', ','];

    /// <summary>The ARPAbet phones for an IPA string, or <see langword="null"/> when a symbol is not covered.</summary>
    public static string? Convert(string ipa)
    {
        ArgumentNullException.ThrowIfNull(ipa);
        var phones = new List<string>();
        var i = 0;
        while (i < ipa.Length)
        {
            if (Ignored.Contains(ipa[i]))
            {
                i++;
                continue;
            }

            var matched = false;
            foreach (var (symbol, arpabet) in Map)
            {
                if (string.CompareOrdinal(ipa, i, symbol, 0, symbol.Length) == 0)
                {
                    phones.Add(arpabet);
                    i += symbol.Length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return null;
            }
        }

        return phones.Count == 0 ? null : string.Join(' ', phones);
    }
}
