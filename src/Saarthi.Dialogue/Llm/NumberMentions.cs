using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Saarthi.Dialogue.Llm;

/// <summary>
/// One number said in a text, as a value: "₹6,000", "1,20,000", "1.5 lakh" (150000), "छह हज़ार रुपये" (6000),
/// "8.2%", a phone number "1800-180-1551" (its digits, and each group as <see cref="Parts"/>).
/// </summary>
public sealed record NumberMention(string Text, decimal Value, bool IsPhone, IReadOnlyList<decimal> Parts);

/// <summary>
/// Finds every number in a text the way a listener hears it: digits in any Indian script, Indian and international
/// thousands separators, decimals, "lakh"/"crore"/"thousand"/"hundred" multipliers (in English, romanized Hindi and
/// Devanagari), number words when they make an amount ("six thousand", "दो लाख") or a quantity ("two years", "पाँच
/// साल"), and phone numbers written in groups.
/// </summary>
public static partial class NumberMentions
{
    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["hundreds"] = 100, ["sau"] = 100, ["सौ"] = 100,
        ["thousand"] = 1_000, ["thousands"] = 1_000, ["hazar"] = 1_000, ["hazaar"] = 1_000, ["hajar"] = 1_000, ["हज़ार"] = 1_000, ["हजार"] = 1_000,
        ["lakh"] = 100_000, ["lakhs"] = 100_000, ["lac"] = 100_000, ["lacs"] = 100_000, ["laakh"] = 100_000, ["लाख"] = 100_000,
        ["crore"] = 10_000_000, ["crores"] = 10_000_000, ["karod"] = 10_000_000, ["करोड़"] = 10_000_000, ["करोड"] = 10_000_000,
        ["million"] = 1_000_000,
    };

    private static readonly Dictionary<string, decimal> Words = new(StringComparer.Ordinal)
    {
        // English
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15,
        ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40,
        ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90, ["half"] = 0.5m,
        // romanized Hindi
        ["ek"] = 1, ["do"] = 2, ["teen"] = 3, ["char"] = 4, ["chaar"] = 4, ["panch"] = 5, ["paanch"] = 5, ["chhah"] = 6, ["chhe"] = 6,
        ["chah"] = 6, ["saat"] = 7, ["aath"] = 8, ["nau"] = 9, ["das"] = 10, ["gyarah"] = 11, ["barah"] = 12, ["pandrah"] = 15,
        ["bees"] = 20, ["pachees"] = 25, ["pachchis"] = 25, ["tees"] = 30, ["chalis"] = 40, ["chaalis"] = 40, ["pachas"] = 50,
        ["pachaas"] = 50, ["saath"] = 60, ["sattar"] = 70, ["assi"] = 80, ["nabbe"] = 90, ["dedh"] = 1.5m, ["dhai"] = 2.5m,
        // Devanagari
        ["शून्य"] = 0, ["एक"] = 1, ["दो"] = 2, ["तीन"] = 3, ["चार"] = 4, ["पांच"] = 5, ["पाँच"] = 5, ["छह"] = 6, ["छः"] = 6, ["छे"] = 6,
        ["सात"] = 7, ["आठ"] = 8, ["नौ"] = 9, ["दस"] = 10, ["ग्यारह"] = 11, ["बारह"] = 12, ["तेरह"] = 13, ["चौदह"] = 14,
        ["पंद्रह"] = 15, ["पन्द्रह"] = 15, ["सोलह"] = 16, ["सत्रह"] = 17, ["अठारह"] = 18, ["उन्नीस"] = 19, ["बीस"] = 20,
        ["पच्चीस"] = 25, ["तीस"] = 30, ["पैंतीस"] = 35, ["चालीस"] = 40, ["पैंतालीस"] = 45, ["पचास"] = 50, ["पचपन"] = 55,
        ["साठ"] = 60, ["पैंसठ"] = 65, ["सत्तर"] = 70, ["पचहत्तर"] = 75, ["अस्सी"] = 80, ["नब्बे"] = 90, ["डेढ़"] = 1.5m, ["ढाई"] = 2.5m,
    };

    /// <summary>Words after a number word that make it a quantity ("two years"), not an ordinary word ("one of").</summary>
    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "rupees", "rupee", "rs", "inr", "rupaye", "rupaiye", "rupay", "रुपये", "रुपए", "रुपया", "रुपयों", "₹",
        "year", "years", "saal", "sal", "varsh", "साल", "वर्ष", "month", "months", "mahine", "mahina", "महीने", "महीना", "माह",
        "day", "days", "din", "दिन", "week", "weeks", "हफ्ते", "percent", "per", "pratishat", "प्रतिशत", "hectare", "hectares",
        "हेक्टेयर", "acre", "acres", "एकड़", "kg", "kilo", "किलो", "unit", "units", "यूनिट", "installment", "installments",
        "instalment", "instalments", "kist", "kisht", "किस्त", "किस्तों", "किश्त", "lakh", "crore",
    };

    /// <summary>Every number in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<NumberMention> Find(string? text)
    {
        var result = new List<NumberMention>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        var ascii = AsciiDigits(text);

        // Phone numbers first ("1800-180-1551", "1800 11 4000"): digits in three or more groups, or two long ones.
        var masked = new StringBuilder(ascii);
        foreach (Match m in Phone().Matches(ascii))
        {
            var groups = DigitRun().Matches(m.Value).Select(g => decimal.Parse(g.Value, CultureInfo.InvariantCulture)).ToList();
            var digits = new string(m.Value.Where(char.IsAsciiDigit).ToArray());
            result.Add(new NumberMention(m.Value, decimal.Parse(digits, CultureInfo.InvariantCulture), true, groups));
            for (var i = m.Index; i < m.Index + m.Length; i++)
            {
                masked[i] = ' ';
            }
        }

        var tokens = Token().Matches(masked.ToString()).Select(t => t.Value).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (char.IsAsciiDigit(token[0]))
            {
                var value = decimal.Parse(token.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
                var shown = token;
                if (i + 1 < tokens.Count && Multipliers.TryGetValue(Lower(tokens[i + 1]), out var factor))
                {
                    value *= factor;
                    shown += " " + tokens[++i];
                }

                result.Add(new NumberMention(shown, value, false, [value]));
                continue;
            }

            var word = Lower(token);
            if (!Words.ContainsKey(word) && !Multipliers.ContainsKey(word))
            {
                continue;
            }

            // A run of number words ("twenty five thousand", "दो लाख"), with "-" and "and" inside it.
            var start = i;
            var run = new List<string>();
            var j = i;
            while (j < tokens.Count)
            {
                var w = Lower(tokens[j]);
                if (Words.ContainsKey(w) || Multipliers.ContainsKey(w))
                {
                    run.Add(w);
                    j++;
                }
                else if ((w is "-" or "and" or "aur" or "और") && run.Count > 0 && j + 1 < tokens.Count &&
                         (Words.ContainsKey(Lower(tokens[j + 1])) || Multipliers.ContainsKey(Lower(tokens[j + 1]))))
                {
                    j++;
                }
                else
                {
                    break;
                }
            }

            i = j - 1;
            var hasMultiplier = run.Any(Multipliers.ContainsKey);
            // "two years", "three equal instalments": a unit right after, or after one other word.
            var unitFollows = (j < tokens.Count && Units.Contains(Lower(tokens[j]))) ||
                (j + 1 < tokens.Count && !char.IsAsciiDigit(tokens[j][0]) && Units.Contains(Lower(tokens[j + 1])));
            if (!hasMultiplier && !unitFollows)
            {
                continue; // "one of the schemes", "do you": not a number the caller hears as a fact
            }

            var total = 0m;
            var current = 0m;
            foreach (var w in run)
            {
                if (Words.TryGetValue(w, out var v))
                {
                    current += v;
                }
                else
                {
                    var factor = Multipliers[w];
                    if (current == 0)
                    {
                        current = 1;
                    }

                    if (factor == 100)
                    {
                        current *= 100;
                    }
                    else
                    {
                        total += current * factor;
                        current = 0;
                    }
                }
            }

            var amount = total + current;
            result.Add(new NumberMention(string.Join(' ', tokens.Skip(start).Take(j - start)), amount, false, [amount]));
        }

        return result;
    }

    /// <summary>The values a text states (phone numbers as a whole and group by group).</summary>
    public static IEnumerable<decimal> Values(string? text) =>
        Find(text).SelectMany(m => m.IsPhone ? [m.Value, .. m.Parts] : new[] { m.Value });

    private static string Lower(string s) => s.ToLowerInvariant();

    /// <summary>Any Unicode decimal digit (Devanagari ०–९, Bengali, Gujarati, …) as its ASCII digit; same length.</summary>
    private static string AsciiDigits(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] > 127 && char.IsDigit(chars[i]))
            {
                chars[i] = (char)('0' + (int)char.GetNumericValue(chars[i]));
            }
        }

        return new string(chars);
    }

    [GeneratedRegex(@"(?<![\d.,])(?:\d{2,5}(?:[-–\u00A0 ]\d{2,5}){2,}|\d{3,5}[-–]\d{5,8})(?![\d])")]
    private static partial Regex Phone();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitRun();

    /// <summary>Numbers ("1,20,000", "1.5"), words (letters with their combining marks), "₹", "-".</summary>
    [GeneratedRegex(@"\d+(?:,\d{2,3})*(?:\.\d+)?|[\p{L}\p{M}]+|₹|-")]
    private static partial Regex Token();
}
