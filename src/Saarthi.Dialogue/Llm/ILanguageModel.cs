namespace Saarthi.Dialogue.Llm;

/// <summary>One chat message: "system", "user" or "assistant".</summary>
public sealed record ChatMessage(string Role, string Content)
{
    public static ChatMessage System(string content) => new("system", content);

    public static ChatMessage User(string content) => new("user", content);
}

/// <summary>What to generate, and within which budgets.</summary>
public sealed record GenerationRequest
{
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>A GBNF grammar the output must follow (null = free text).</summary>
    public string? Grammar { get; init; }

    /// <summary>Token budget: generation stops after this many tokens (<see cref="StopReason.TokenBudget"/>).</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Wall-clock budget for the whole call, prompt included; when it runs out the stream just ends (<see cref="StopReason.TimeBudget"/>).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>0 = greedy (deterministic); above 0 = seeded random draws.</summary>
    public float Temperature { get; init; }

    public int TopK { get; init; } = 40;

    public float TopP { get; init; } = 0.95f;

    public float MinP { get; init; } = 0.05f;

    public uint Seed { get; init; } = 42;

    /// <summary>Keep the tokens a previous prompt shares with this one in the KV cache (the system prompt is decoded once).</summary>
    public bool ReusePrefix { get; init; } = true;

    /// <summary>Filled in while the generation runs (figures for logs and <c>bench</c>).</summary>
    public GenerationStats? Stats { get; init; }
}

/// <summary>Why a generation ended.</summary>
public enum StopReason
{
    /// <summary>Still running (or never started).</summary>
    None,

    /// <summary>The model ended its answer (EOS, end of turn).</summary>
    EndOfGeneration,

    /// <summary><see cref="GenerationRequest.MaxTokens"/> reached.</summary>
    TokenBudget,

    /// <summary><see cref="GenerationRequest.TimeBudget"/> ran out.</summary>
    TimeBudget,

    /// <summary>The context is full.</summary>
    ContextFull,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>Figures of one generation. Written by the generating thread; read them after the stream ends.</summary>
public sealed class GenerationStats
{
    /// <summary>Tokens of the formatted prompt.</summary>
    public int PromptTokens { get; set; }

    /// <summary>Prompt tokens actually decoded (the rest came from the cache: <see cref="GenerationRequest.ReusePrefix"/>).</summary>
    public int PromptTokensDecoded { get; set; }

    public TimeSpan PromptTime { get; set; }

    public int GeneratedTokens { get; set; }

    /// <summary>From the first generated token to the last.</summary>
    public TimeSpan GenerationTime { get; set; }

    /// <summary>From the call to the first generated token (prompt processing included).</summary>
    public TimeSpan? FirstTokenLatency { get; set; }

    public StopReason StopReason { get; set; }

    /// <summary>Where the prompt's chat framing came from: "model" (its own template), or the fallback used.</summary>
    public string Template { get; set; } = string.Empty;

    public double PromptTokensPerSecond => PromptTime > TimeSpan.Zero ? PromptTokensDecoded / PromptTime.TotalSeconds : 0;

    public double GenerationTokensPerSecond => GenerationTime > TimeSpan.Zero && GeneratedTokens > 1 ? (GeneratedTokens - 1) / GenerationTime.TotalSeconds : 0;
}

/// <summary>Facts about a loaded model, for logs, <c>ask --json</c> and <c>bench</c>.</summary>
public sealed record LanguageModelInfo(string Path, string Name, string Description, long FileBytes, TimeSpan LoadTime, int ContextSize, int Threads, string ChatTemplate);

/// <summary>
/// A local language model. Generation streams text pieces as the model produces them; budgets end the stream early
/// without an error, cancellation ends it with <see cref="OperationCanceledException"/>. Implementations serialise calls.
/// </summary>
public interface ILanguageModel : IDisposable
{
    LanguageModelInfo Info { get; }

    /// <summary>Generates an answer to <see cref="GenerationRequest.Messages"/>, piece by piece (UTF-8 safe: never half a character).</summary>
    IAsyncEnumerable<string> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);
}
