using System.Runtime.CompilerServices;
using Saarthi.Dialogue.Llm;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Tests.Llm;

/// <summary>
/// The tiny random-weight llama model (Native's <see cref="TinyLlamaModel"/>, written into a temp folder at test time)
/// behind <see cref="ILanguageModel"/>: real llama.cpp tokenizer, decode, samplers and grammar; random text. One thread,
/// and a context large enough for the understanding prompt, which this byte-level vocabulary spells out in ~5000 tokens.
/// </summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempDir dir = new();

    public TinyModelFixture()
    {
        ModelPath = TinyLlamaModel.Write(System.IO.Path.Combine(dir.Path, "tiny.gguf"), Spec);
        Model = LlamaLanguageModel.Load(ModelPath, Options);
    }

    public static TinyLlamaSpec Spec { get; } = new() { ContextLength = 8192 };

    public static LanguageModelOptions Options { get; } = new() { Threads = 1, ContextSize = 8192, BatchSize = 512 };

    public string Directory => dir.Path;

    public string ModelPath { get; }

    public LlamaLanguageModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        dir.Dispose();
    }
}

/// <summary>
/// A language model that says what a test scripts: fixed pieces, after an optional delay before the first one, or an
/// error. For the phrasing and merging paths, where the tiny model's random text would only ever exercise the fallback.
/// </summary>
internal sealed class ScriptedLanguageModel(Func<GenerationRequest, IReadOnlyList<string>> script) : ILanguageModel
{
    public ScriptedLanguageModel(params string[] pieces)
        : this(_ => pieces)
    {
    }

    public TimeSpan FirstPieceDelay { get; init; }

    public TimeSpan PieceDelay { get; init; }

    public Exception? Failure { get; init; }

    /// <summary>When set, the model waits for it after the first sentence-ending piece (to observe streaming).</summary>
    public TaskCompletionSource? Gate { get; init; }

    public List<GenerationRequest> Requests { get; } = [];

    public LanguageModelInfo Info { get; } = new("scripted", "scripted", "scripted test model", 0, TimeSpan.Zero, 2048, 1, "model");

    public async IAsyncEnumerable<string> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        await Task.Delay(FirstPieceDelay, cancellationToken);
        if (Failure is not null)
        {
            throw Failure;
        }

        var first = true;
        foreach (var piece in script(request))
        {
            if (!first)
            {
                await Task.Delay(PieceDelay, cancellationToken);
            }

            first = false;
            if (request.Stats is { } stats)
            {
                stats.GeneratedTokens++;
            }

            yield return piece;
            if (Gate is not null && piece.TrimEnd().EndsWith('.'))
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }
        }

        if (request.Stats is { } s)
        {
            s.StopReason = StopReason.EndOfGeneration;
        }
    }

    public void Dispose()
    {
    }
}
