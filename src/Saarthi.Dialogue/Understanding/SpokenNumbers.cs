using Saarthi.Knowledge.Search;

namespace Saarthi.Dialogue.Understanding;

/// <summary>
/// Numbers as a recogniser writes what it heard: "bayalis saal", "बहत्तर साल", "sixty five", "saat hazaar". Each becomes
/// digits in a folded word list, so ages, incomes and land read the same whether the caller's number came as words or
/// digits. Hindi has a word for every number to 99; English builds them from tens and units.
/// </summary>
public static class SpokenNumbers
{
    private static readonly Dictionary<string, int> Hindi = Build(
    [
        (1, "ek एक"), (2, "do दो"), (3, "teen तीन"), (4, "char chaar चार"), (5, "paanch panch पांच पाँच"), (6, "chhah chhe chhah छह छः"),
        (7, "saat सात"), (8, "aath आठ"), (9, "nau नौ"), (10, "das दस"),
        (11, "gyarah gyaarah ग्यारह"), (12, "barah baarah बारह"), (13, "terah तेरह"), (14, "chaudah चौदह"), (15, "pandrah पंद्रह पन्द्रह"),
        (16, "solah सोलह"), (17, "satrah सत्रह"), (18, "atharah athara अठारह"), (19, "unnis unees उन्नीस"), (20, "bees bis बीस"),
        (21, "ikkis इक्कीस"), (22, "bais baais बाईस"), (23, "teis तेईस"), (24, "chaubis chaubees चौबीस"), (25, "pachchis pachees pachis पच्चीस"),
        (26, "chhabbis छब्बीस"), (27, "sattais सत्ताईस"), (28, "atthais athais अट्ठाईस"), (29, "untees untis उनतीस"), (30, "tees tis तीस"),
        (31, "iktees iktis इकतीस"), (32, "battis batees बत्तीस"), (33, "taintis tetis तैंतीस"), (34, "chauntis चौंतीस"), (35, "paintis पैंतीस"),
        (36, "chhattis छत्तीस"), (37, "saintis सैंतीस"), (38, "adtis artis अड़तीस"), (39, "untalis उनतालीस"), (40, "chalis chaalis चालीस"),
        (41, "iktalis इकतालीस"), (42, "bayalis byalis बयालीस"), (43, "taintalis तैंतालीस"), (44, "chavalis chawalis चवालीस चौवालीस"),
        (45, "paintalis पैंतालीस"), (46, "chhiyalis छियालीस"), (47, "saintalis सैंतालीस"), (48, "adtalis अड़तालीस"), (49, "unchas उनचास"),
        (50, "pachas pachaas पचास"), (51, "ikyavan इक्यावन"), (52, "bavan baavan बावन"), (53, "tirpan तिरपन"), (54, "chauvan चौवन"),
        (55, "pachpan पचपन"), (56, "chhappan छप्पन"), (57, "sattavan सत्तावन"), (58, "atthavan अट्ठावन"), (59, "unsath उनसठ"),
        (60, "saath sath साठ"), (61, "iksath इकसठ"), (62, "basath baasath बासठ"), (63, "tirsath तिरसठ"), (64, "chausath चौंसठ"),
        (65, "painsath पैंसठ"), (66, "chhiyasath छियासठ"), (67, "sadsath सड़सठ"), (68, "adsath अड़सठ"), (69, "unhattar उनहत्तर"),
        (70, "sattar सत्तर"), (71, "ikhattar इकहत्तर"), (72, "bahattar बहत्तर"), (73, "tihattar तिहत्तर"), (74, "chauhattar चौहत्तर"),
        (75, "pachhattar pachattar पचहत्तर"), (76, "chhihattar छिहत्तर"), (77, "sathattar सतहत्तर"), (78, "athhattar अठहत्तर"),
        (79, "unasi unyasi उन्यासी उनासी"), (80, "assi अस्सी"), (81, "ikyasi इक्यासी"), (82, "bayasi बयासी"), (83, "tirasi तिरासी"),
        (84, "chaurasi चौरासी"), (85, "pachasi पचासी"), (86, "chhiyasi छियासी"), (87, "sattasi सत्तासी"), (88, "athasi अट्ठासी"),
        (89, "navasi नवासी"), (90, "nabbe नब्बे"), (91, "ikyanve इक्यानवे"), (92, "baanve बानवे"), (93, "tiranve तिरानवे"),
        (94, "chauranve चौरानवे"), (95, "pachanve पचानवे"), (96, "chhiyanve छियानवे"), (97, "sattanve सत्तानवे"), (98, "atthanve अट्ठानवे"),
        (99, "ninyanve निन्यानवे"), (100, "sau सौ"),
    ]);

    private static readonly Dictionary<string, int> EnglishUnits = Build(
    [
        (1, "one"), (2, "two"), (3, "three"), (4, "four"), (5, "five"), (6, "six"), (7, "seven"), (8, "eight"), (9, "nine"), (10, "ten"),
        (11, "eleven"), (12, "twelve"), (13, "thirteen"), (14, "fourteen"), (15, "fifteen"), (16, "sixteen"), (17, "seventeen"),
        (18, "eighteen"), (19, "nineteen"), (100, "hundred"),
    ]);

    private static readonly Dictionary<string, int> EnglishTens = Build(
        [(20, "twenty"), (30, "thirty"), (40, "forty fourty"), (50, "fifty"), (60, "sixty"), (70, "seventy"), (80, "eighty"), (90, "ninety")]);

    /// <summary>
    /// The same words with number words as digits. "sixty five" becomes "65" and an empty word, so positions (which
    /// words named a scheme) still line up; other words are left as they are.
    /// </summary>
    public static List<string> Normalize(List<string> folded)
    {
        var result = new List<string>(folded);
        for (int i = 0; i < result.Count; i++)
        {
            var w = result[i];
            if (EnglishTens.TryGetValue(w, out int tens))
            {
                if (i + 1 < result.Count && EnglishUnits.TryGetValue(result[i + 1], out int unit) && unit < 10)
                {
                    result[i] = Digits(tens + unit);
                    result[++i] = "";
                }
                else result[i] = Digits(tens);
            }
            else if (Hindi.TryGetValue(w, out int n) || EnglishUnits.TryGetValue(w, out n)) result[i] = Digits(n);
        }
        return result;
    }

    private static string Digits(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, int> Build((int Value, string Words)[] table)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (value, words) in table)
            foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                map.TryAdd(TextFold.FoldWord(word), value);
        return map;
    }
}
