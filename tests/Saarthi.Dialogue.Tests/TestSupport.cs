using System.Text.Json;
using System.Text.RegularExpressions;
using Saarthi.Dialogue.Tests;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge;
using Saarthi.Knowledge.Storage;

[assembly: AssemblyFixture(typeof(KnowledgeFixture))]

namespace Saarthi.Dialogue.Tests;

/// <summary>The seed snapshot and the practice set as copied into the test output.</summary>
internal static class Seed
{
    private static readonly Lazy<string> Text = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemes.seed.json")));

    private static readonly Lazy<Dictionary<string, string>> RawById = new(() =>
    {
        using var doc = JsonDocument.Parse(Json);
        return doc.RootElement.GetProperty("schemes").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetRawText(), StringComparer.Ordinal);
    });

    public static string Json => Text.Value;

    public const int SchemeCount = 34;

    public static IReadOnlyCollection<string> SchemeIds => RawById.Value.Keys;

    /// <summary>One scheme's record exactly as the seed file spells it.</summary>
    public static string RawScheme(string id) => RawById.Value[id];

    public static string PracticePath => Path.Combine(AppContext.BaseDirectory, "practice_questions.json");
}

/// <summary>A fresh directory under the system temp directory, deleted with everything in it on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "saarthi-dialogue-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// One real knowledge base built from the seed in a temp directory, shared by every test of the assembly (read-only
/// use), and the dialogue engine on top of it.
/// </summary>
public sealed class KnowledgeFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public KnowledgeFixture()
    {
        try
        {
            var store = new SnapshotStore(_dir.Path);
            Knowledge = SqliteKnowledgeBase.Open(store, () => Seed.Json);
            Engine = new DialogueEngine(Knowledge);
        }
        catch
        {
            Knowledge?.Dispose();
            _dir.Dispose();
            throw;
        }
    }

    public SqliteKnowledgeBase Knowledge { get; }

    public DialogueEngine Engine { get; }

    /// <summary>An engine with the NGO's helpline configured.</summary>
    public DialogueEngine EngineWithHelpline(string number) => new(Knowledge, new DialogueOptions { HumanHelpline = number });

    /// <summary>Understands one utterance in a fresh conversation.</summary>
    public Understanding.Understanding Understand(string text) => Engine.Understander.Understand(text, new ConversationState());

    /// <summary>Answers one utterance in a fresh conversation.</summary>
    public DialogueTurn Ask(string text, string? language = null) => Engine.Respond(text, new ConversationState(), language);

    public void Dispose()
    {
        Knowledge.Dispose();
        _dir.Dispose();
    }
}

internal static partial class Text
{
    /// <summary>Words in the sense a listener counts them (runs separated by spaces).</summary>
    public static int Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Sentence ends: . । ? ! followed by a space or the end (not the dot inside "1.5" or "pmkisan.gov.in").</summary>
    public static int Sentences(string s) => SentenceEnd().Count(s);

    /// <summary>Every number in <paramref name="s"/> (ASCII or Devanagari digits) with its thousands separators removed.</summary>
    public static IEnumerable<string> Numbers(string s) =>
        NumberPattern().Matches(AsciiDigits(s)).Select(m => m.Value.Replace(",", "", StringComparison.Ordinal).TrimEnd('.'));

    /// <summary>The text with Devanagari digits as ASCII and thousands separators between digits removed.</summary>
    public static string Normalize(string s) => DigitComma().Replace(AsciiDigits(s), "");

    private static string AsciiDigits(string s) =>
        string.Concat(s.Select(c => c is >= '\u0966' and <= '\u096F' ? (char)('0' + (c - '\u0966')) : c));

    public static readonly string[] IntentLabels =
    [
        "scheme_info", "eligibility", "benefits", "documents", "apply_process", "helpline", "list_schemes",
        "eligibility_check_personal", "out_of_scope", "greeting", "goodbye", "human_agent", "repeat",
    ];

    [GeneratedRegex(@"[.।?!](?=\s|$)")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\d[\d,]*(?:\.\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"(?<=\d),(?=\d)")]
    private static partial Regex DigitComma();
}
