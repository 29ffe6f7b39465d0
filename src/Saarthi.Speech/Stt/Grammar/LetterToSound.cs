using System.Diagnostics;
using System.Text;

namespace Saarthi.Speech.Stt.Grammar;

/// <summary>Guesses ARPAbet pronunciations for words a dictionary does not have.</summary>
public interface ILetterToSound
{
    /// <summary>For logs: "espeak-ng:en-us", "romanized-hindi-rules".</summary>
    string Name { get; }

    /// <summary>
    /// Pronunciations for each word it can say (a word may get several; words it cannot say are left out).
    /// <paramref name="words"/> are as written (case kept: capitals mean an acronym to espeak-ng).
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> Pronounce(IReadOnlyCollection<string> words);
}

/// <summary>
/// English letter-to-sound by espeak-ng's own rules (the Debian <c>espeak-ng</c> program, <c>--ipa</c>), mapped to
/// ARPAbet. It is how an English reader — and the kiosk's own espeak-ng voice — says a romanized word it has never seen
/// ("Ujjwala" → AH JH W AA L AH). One process for the whole batch, one word per line.
/// </summary>
public sealed class EspeakLetterToSound(string voice = "en-us", string executable = "espeak-ng", TimeSpan? timeout = null) : ILetterToSound
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(20);

    public string Name => "espeak-ng:" + voice;

    /// <summary>Whether the program can be found on PATH (or at the given path).</summary>
    public bool IsAvailable =>
        executable.Contains('/', StringComparison.Ordinal)
            ? File.Exists(executable)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, executable)));

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Pronounce(IReadOnlyCollection<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var list = words.Where(w => !string.IsNullOrWhiteSpace(w) && w.All(c => char.IsAsciiLetter(c) || c == '\'')).Distinct(StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (list.Count == 0 || !IsAvailable)
        {
            return result;
        }

        var lines = Run(string.Join('\n', list) + "\n");
        if (lines is null || lines.Count != list.Count)
        {
            // espeak-ng joined or split lines: ask word by word instead.
            lines = [.. list.Select(w => Run(w + "\n") is { Count: > 0 } l ? string.Join(' ', l) : string.Empty)];
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (IpaToArpabet.Convert(lines[i]) is { } phones && Arpabet.IsValid(phones))
            {
                result[list[i]] = [phones];
            }
        }

        return result;
    }

    private List<string>? Run(string input)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var a in new[] { "-q", "--ipa", "-v", voice })
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(input);
            process.StandardInput.Close();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode != 0
                ? null
                : [.. output.Result.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>
/// Letter-to-sound rules for romanized Hindi (Hunterian-style spellings as written on cards and in SMS: "yojana",
/// "kisan", "shauchalay"). Aspirated consonants fold to their plain ARPAbet phone (kh → K, bh → B, th → T, dh → D),
/// doubled consonants to one, "aa/ee/oo" to long vowels, a final "a" to AA and a final "i/u" to IY/UW. Because "a" is
/// ambiguous in romanization (kisan = kisaan, jan = jan), a word with an inner "a" gets two readings: short (AH) and long (AA).
/// </summary>
public sealed class RomanizedHindiLetterToSound : ILetterToSound
{
    private static readonly (string Letters, string Phones)[] Consonants =
    [
        ("chh", "CH"), ("ksh", "K SH"), ("shh", "SH"), ("sh", "SH"), ("ch", "CH"), ("kh", "K"), ("gh", "G"), ("jh", "JH"),
        ("th", "T"), ("dh", "D"), ("ph", "F"), ("bh", "B"), ("rh", "R"), ("gy", "G Y"), ("b", "B"), ("c", "K"), ("d", "D"),
        ("f", "F"), ("g", "G"), ("h", "HH"), ("j", "JH"), ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"), ("p", "P"),
        ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"), ("v", "V"), ("w", "V"), ("x", "K S"), ("y", "Y"), ("z", "Z"),
    ];

    public string Name => "romanized-hindi-rules";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Pronounce(IReadOnlyCollection<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (Pronounce(word) is { Count: > 0 } variants)
            {
                result[word] = variants;
            }
        }

        return result;
    }

    /// <summary>The readings of one word (empty when it has no letters or no vowel).</summary>
    public static IReadOnlyList<string> Pronounce(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var w = new string([.. word.ToLowerInvariant().Where(char.IsAsciiLetter)]);
        if (w.Length == 0 || !w.Any(IsVowel))
        {
            return [];
        }

        var shortA = Convert(w, longA: false);
        var longA = Convert(w, longA: true);
        return new[] { shortA, longA }.Where(p => p.Length > 0 && Arpabet.IsValid(p)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static string Convert(string w, bool longA)
    {
        var phones = new List<string>();
        var i = 0;
        while (i < w.Length)
        {
            var rest = w.Length - i;
            var atEnd = false;
            string? vowel = null;
            var length = 0;
            if (IsVowel(w[i]))
            {
                (vowel, length) = w[i..] switch
                {
                    var s when s.StartsWith("aa", StringComparison.Ordinal) => ("AA", 2),
                    var s when s.StartsWith("ai", StringComparison.Ordinal) => (rest == 2 ? "EH" : "AY", 2),
                    var s when s.StartsWith("au", StringComparison.Ordinal) => ("AO", 2),
                    var s when s.StartsWith("ee", StringComparison.Ordinal) => ("IY", 2),
                    var s when s.StartsWith("ii", StringComparison.Ordinal) => ("IY", 2),
                    var s when s.StartsWith("oo", StringComparison.Ordinal) => ("UW", 2),
                    var s when s.StartsWith("uu", StringComparison.Ordinal) => ("UW", 2),
                    var s when s.StartsWith("ei", StringComparison.Ordinal) => ("EY", 2),
                    var s when s.StartsWith("ou", StringComparison.Ordinal) => ("AW", 2),
                    var s when s == "ay" => ("EY", 2),
                    _ => (string.Empty, 1),
                };
                atEnd = i + length == w.Length;
                if (vowel.Length == 0)
                {
                    vowel = w[i] switch
                    {
                        'a' => atEnd || longA ? "AA" : "AH",
                        'i' => atEnd ? "IY" : "IH",
                        'u' => atEnd ? "UW" : "UH",
                        'e' => "EY",
                        _ => "OW",
                    };
                }

                phones.Add(vowel);
                i += length;
                continue;
            }

            var matched = false;
            foreach (var (letters, arpabet) in Consonants)
            {
                if (string.CompareOrdinal(w, i, letters, 0, letters.Length) != 0)
                {
                    continue;
                }

                // A doubled consonant is said once ("samman", "ujjwala", "izzat").
                var skip = letters.Length;
                while (i + skip + letters.Length <= w.Length && string.CompareOrdinal(w, i + skip, letters, 0, letters.Length) == 0)
                {
                    skip += letters.Length;
                }

                phones.Add(arpabet);
                i += skip;
                matched = true;
                break;
            }

            if (!matched)
            {
                i++;
            }
        }

        return string.Join(' ', phones);
    }
}
