using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Saarthi.Dialogue.Answers;
using Saarthi.Dialogue.Language;
using Saarthi.Dialogue.Understanding;
using Saarthi.Knowledge.Model;

namespace Saarthi.Dialogue.Llm;

/// <summary>How (and whether) the model phrases answers.</summary>
public sealed record PhrasingOptions
{
    /// <summary>Off by default: answers are the templates' unless an NGO turns this on for a kiosk with a model.</summary>
    public bool Enabled { get; init; }

    /// <summary>A model slower than this to its first token is not waited for: the templated answer is said.</summary>
    public TimeSpan FirstTokenLimit { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Budget for the whole phrasing.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(20);

    public int MaxTokens { get; init; } = 200;

    /// <summary>At most this many sentences are taken from the model.</summary>
    public int MaxSentences { get; init; } = 5;

    public float Temperature { get; init; } = 0.2f;

    public uint Seed { get; init; } = 42;
}

/// <summary>What to phrase: the question, the templated answer (the fallback) and the schemes it is about.</summary>
public sealed record PhrasingRequest(string Question, string TemplatedAnswer, string Language, IReadOnlyList<string> SchemeIds, CallerProfile Profile);

/// <summary>Where a spoken sentence came from.</summary>
public enum PhrasingSource
{
    Model,
    Template,
}

/// <summary>One sentence ready to speak.</summary>
public sealed record PhrasedSentence(string Text, PhrasingSource Source);

/// <summary>A whole phrased answer: the model's (every sentence guarded) or the template's, and why.</summary>
public sealed record PhrasingResult(string Text, PhrasingSource Source, GuardVerdict? Verdict, string? FallbackReason, GenerationStats Stats);

/// <summary>
/// Grounded phrasing: the model rewrites the templated answer from the scheme's own facts, in the caller's language,
/// and the result streams out sentence by sentence. Each sentence is checked before it is released — right language,
/// not garbled, and every number and scheme name supported by the facts given (<see cref="FactGuard"/>). A missing,
/// slow (no first token within <see cref="PhrasingOptions.FirstTokenLimit"/>), failing or unsupported model answer
/// gives the templated answer instead, and the log says why.
/// </summary>
public sealed class GroundedPhraser
{
    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.Ordinal)
    {
        ["en"] = "English", ["hi"] = "Hindi", ["mr"] = "Marathi", ["bn"] = "Bengali", ["ta"] = "Tamil", ["te"] = "Telugu",
        ["kn"] = "Kannada", ["ml"] = "Malayalam", ["gu"] = "Gujarati", ["pa"] = "Punjabi", ["or"] = "Odia", ["as"] = "Assamese",
        ["ur"] = "Urdu", ["ne"] = "Nepali",
    };

    private readonly ILanguageModel? model;
    private readonly Snapshot snapshot;
    private readonly FactGuard guard;
    private readonly PhrasingOptions options;
    private readonly Action<string> log;

    /// <param name="model">The model; null phrases everything with the template (and says so).</param>
    /// <param name="snapshot">The schemes.</param>
    /// <param name="options">Budgets.</param>
    /// <param name="log">Where fallbacks are explained.</param>
    public GroundedPhraser(ILanguageModel? model, Snapshot snapshot, PhrasingOptions? options = null, Action<string>? log = null)
    {
        this.model = model;
        this.snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        guard = new FactGuard(snapshot);
        this.options = options ?? new PhrasingOptions();
        this.log = log ?? (_ => { });
    }

    public FactGuard Guard => guard;

    /// <summary>The facts the model is given, as text lines (also what the guard accepts numbers from).</summary>
    public IReadOnlyList<string> Facts(PhrasingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var c = request.Language == "en" ? "en" : "hi";
        var lines = new List<string>();
        foreach (var scheme in request.SchemeIds.Select(snapshot.Find).OfType<Scheme>().Take(3))
        {
            lines.Add($"Scheme: {scheme.Names.Get(c)} (short: {scheme.Names.ShortName(c)})");
            lines.AddRange(scheme.Benefits.Take(3).Select(b => TextBrief.Rupees(b.Text.Get(c))).Where(t => t.Length > 0));
            lines.AddRange(scheme.Criteria.Get(c).Take(2));
            lines.AddRange(scheme.Helplines.Take(2).Select(h => $"Helpline: {h.Number}"));
        }

        return lines;
    }

    /// <summary>
    /// Streams the answer sentence by sentence. Every model sentence has passed the checks before it is yielded; at the
    /// first that fails (or when the model is missing, slow, failing, or says nothing usable) the stream carries on with
    /// the templated answer's sentences (all of them: a caller may hear a checked sentence twice, never an unchecked one).
    /// </summary>
    public async IAsyncEnumerable<PhrasedSentence> PhraseStreamAsync(
        PhrasingRequest request, GenerationStats? stats = null, Action<GuardVerdict?, string?>? outcome = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        stats ??= new GenerationStats();
        string? failure = null;
        GuardVerdict? verdict = null;
        var spoken = 0;
        if (model is null)
        {
            failure = "no language model";
        }
        else if (request.SchemeIds.Count == 0 || snapshot.Find(request.SchemeIds[0]) is null)
        {
            failure = "no scheme facts to phrase from";
        }

        if (failure is null)
        {
            var facts = Facts(request);
            var sheet = guard.Sheet(request.SchemeIds, [.. facts, request.TemplatedAnswer], request.Question, request.Profile);
            var generation = new GenerationRequest
            {
                Messages = [ChatMessage.System(SystemPrompt(request, facts)), ChatMessage.User(request.Question)],
                MaxTokens = options.MaxTokens,
                TimeBudget = options.TimeBudget,
                Temperature = options.Temperature,
                Seed = options.Seed,
                Stats = stats,
            };

            using var firstToken = new CancellationTokenSource(options.FirstTokenLimit);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, firstToken.Token);
            var stream = model!.GenerateAsync(generation, linked.Token).GetAsyncEnumerator(linked.Token);
            var buffer = new SentenceBuffer();
            var first = true;
            try
            {
                while (failure is null)
                {
                    var (has, error) = await NextAsync(stream, firstToken, first ? options.FirstTokenLimit : null, cancellationToken).ConfigureAwait(false);
                    if (error is not null)
                    {
                        failure = error;
                        break;
                    }

                    if (!has)
                    {
                        break;
                    }

                    if (first)
                    {
                        firstToken.CancelAfter(Timeout.InfiniteTimeSpan); // it answered in time: no first-token limit any more
                        first = false;
                    }

                    foreach (var sentence in buffer.Append(stream.Current))
                    {
                        var check = Check(sentence, request.Language, sheet);
                        if (!check.Accepted)
                        {
                            verdict = check;
                            failure = $"guard rejected \"{Short(sentence)}\": {check.Reason}";
                            break;
                        }

                        spoken++;
                        yield return new PhrasedSentence(sentence, PhrasingSource.Model);
                        if (spoken >= options.MaxSentences)
                        {
                            break;
                        }
                    }

                    if (spoken >= options.MaxSentences)
                    {
                        break;
                    }
                }
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            if (failure is null && spoken < options.MaxSentences)
            {
                var rest = buffer.Flush();
                var cut = stats.StopReason is StopReason.TokenBudget or StopReason.TimeBudget or StopReason.ContextFull;
                if (rest.Length > 0 && !cut)
                {
                    var check = Check(rest, request.Language, sheet);
                    if (check.Accepted)
                    {
                        spoken++;
                        yield return new PhrasedSentence(rest, PhrasingSource.Model);
                    }
                    else
                    {
                        verdict = check;
                        failure = $"guard rejected \"{Short(rest)}\": {check.Reason}";
                    }
                }
                else if (rest.Length > 0)
                {
                    log($"phrasing: dropped a sentence cut short by the {Describe(stats.StopReason)}: \"{Short(rest)}\"");
                }
            }

            if (failure is null && spoken == 0)
            {
                failure = stats.StopReason is StopReason.TimeBudget or StopReason.TokenBudget
                    ? $"no complete sentence within the {Describe(stats.StopReason)}"
                    : "the model said nothing usable";
            }

            verdict ??= failure is null ? GuardVerdict.Ok : null;
        }

        outcome?.Invoke(verdict, failure);
        if (failure is not null)
        {
            log($"phrasing: templated answer used: {failure}");
            foreach (var sentence in SentenceBuffer.Split(request.TemplatedAnswer))
            {
                yield return new PhrasedSentence(sentence, PhrasingSource.Template);
            }
        }
    }

    /// <summary>The whole answer: the model's when every sentence passed, else the templated answer (never a mix).</summary>
    public async Task<PhrasingResult> PhraseAsync(PhrasingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stats = new GenerationStats();
        GuardVerdict? verdict = null;
        string? failure = null;
        var sentences = new List<PhrasedSentence>();
        await foreach (var s in PhraseStreamAsync(request, stats, (v, f) => (verdict, failure) = (v, f), cancellationToken).ConfigureAwait(false))
        {
            sentences.Add(s);
        }

        return failure is null
            ? new PhrasingResult(TextBrief.Join(sentences.Select(s => s.Text)), PhrasingSource.Model, verdict, null, stats)
            : new PhrasingResult(request.TemplatedAnswer, PhrasingSource.Template, verdict, failure, stats);
    }

    /// <summary>One sentence: readable, in the answer's language, and every number and name supported.</summary>
    public GuardVerdict Check(string sentence, string language, FactSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        if (sentence.Any(c => c == '\uFFFD' || (char.IsControl(c) && c != '\n')) || !sentence.Any(char.IsLetter))
        {
            return new GuardVerdict(false, ["garbled text"]);
        }

        var detected = LanguageDetector.Detect(sentence);
        var fits = language switch
        {
            "en" => detected is LanguageDetector.English or LanguageDetector.RomanizedHindi,
            "hi" or "mr" => detected is "hi" or "mr",
            _ => detected == language,
        };
        if (!fits)
        {
            return new GuardVerdict(false, [$"in {detected}, not {language}"]);
        }

        return guard.Check(sentence, sheet);
    }

    /// <summary>The next piece, or why there is none (a first token later than <paramref name="firstTokenLimit"/>, a failure).</summary>
    private static async Task<(bool Has, string? Error)> NextAsync(
        IAsyncEnumerator<string> stream, CancellationTokenSource firstToken, TimeSpan? firstTokenLimit, CancellationToken caller)
    {
        try
        {
            return (await stream.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested && firstToken.IsCancellationRequested)
        {
            return (false, firstTokenLimit is { } limit
                ? string.Create(CultureInfo.InvariantCulture, $"no first token within {limit.TotalMilliseconds:0} ms (model too slow)")
                : "the model stopped answering");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (false, "the model failed: " + e.Message);
        }
    }

    private static string Describe(StopReason reason) => reason switch
    {
        StopReason.TimeBudget => "time budget",
        StopReason.TokenBudget => "token budget",
        StopReason.ContextFull => "context size",
        _ => reason.ToString(),
    };

    /// <summary>A sentence for a log line: at most 80 characters, control characters and broken bytes shown as "·".</summary>
    private static string Short(string s)
    {
        var clean = new string(s.Select(c => char.IsControl(c) || c == '\uFFFD' ? '·' : c).ToArray());
        return clean.Length <= 80 ? clean : clean[..77] + "…";
    }

    private static string SystemPrompt(PhrasingRequest request, IReadOnlyList<string> facts)
    {
        var language = LanguageNames.GetValueOrDefault(request.Language, "Hindi");
        var s = new StringBuilder();
        s.Append("You are Saarthi, a telephone helpline for villagers about government welfare schemes. ");
        s.Append("Rewrite the answer below in simple spoken ").Append(language).AppendLine(" for a caller listening on the phone.");
        s.AppendLine("Use only these facts. Keep every number, amount and phone number exactly as written. Do not add schemes, amounts, dates or conditions.");
        s.AppendLine("Short sentences, one fact each. Say the scheme name once. End with the next step.");
        s.AppendLine("Facts:");
        foreach (var f in facts)
        {
            s.Append("- ").AppendLine(f);
        }

        s.AppendLine("Answer to rewrite:");
        s.AppendLine(request.TemplatedAnswer);
        return s.ToString();
    }
}
