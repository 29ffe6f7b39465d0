using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Llm;

/// <summary>
/// <see cref="ILanguageModel"/> on llama.cpp: one model, one context, one generation at a time (later calls wait their
/// turn). Each generation runs on a long-running thread and streams text through a bounded channel; the caller's token
/// and the time budget reach llama.cpp's abort callback, so even a long prompt stops within milliseconds. The tokens of
/// the previous prompt stay in the KV cache, so a shared system prompt is decoded once.
/// </summary>
public sealed class LlamaLanguageModel : ILanguageModel
{
    private readonly LlamaModel model;
    private readonly LlamaContext context;
    private readonly string? fallbackTemplate;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly List<int> cached = [];
    private volatile bool disposed;

    private LlamaLanguageModel(LlamaModel model, LlamaContext context, LanguageModelOptions options, string template)
    {
        this.model = model;
        this.context = context;
        fallbackTemplate = options.FallbackTemplate;
        var name = model.Metadata("general.name") ?? System.IO.Path.GetFileNameWithoutExtension(model.Path);
        Info = new LanguageModelInfo(
            model.Path, name, model.Description, model.Info?.FileSize ?? new FileInfo(model.Path).Length, model.LoadTime,
            context.ContextSize, context.Threads, template);
    }

    public LanguageModelInfo Info { get; }

    /// <summary>The llama.cpp model underneath (tokenizer, metadata).</summary>
    public LlamaModel Model => model;

    /// <summary>
    /// Loads <paramref name="path"/> and creates its context.
    /// </summary>
    /// <exception cref="LanguageModelUnavailableException">The file or the engine cannot be used; the reason says why.</exception>
    public static LlamaLanguageModel Load(string path, LanguageModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new LanguageModelOptions();
        LlamaModel? model = null;
        try
        {
            model = LlamaModel.Load(path);
            var context = model.CreateContext(new LlamaContextOptions
            {
                ContextSize = options.ContextSize,
                BatchSize = options.BatchSize,
                Threads = options.Threads,
            });
            var (_, template) = ChatPrompt.Format(model, [ChatMessage.User("x")], options.FallbackTemplate);
            return new LlamaLanguageModel(model, context, options, template);
        }
        catch (LlamaModelException e)
        {
            model?.Dispose();
            throw new LanguageModelUnavailableException(LanguageModelUnavailableException.ReasonOf(e.Problem), e.Message, e);
        }
        catch (Saarthi.Native.NativeLibraryMissingException e)
        {
            model?.Dispose();
            throw new LanguageModelUnavailableException(LanguageModelProblem.EngineMissing, e.Message, e);
        }
        catch (LlamaException e)
        {
            model?.Dispose();
            throw new LanguageModelUnavailableException(LanguageModelProblem.Failed, e.Message, e);
        }
    }

    public async IAsyncEnumerable<string> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxTokens, 1, nameof(request));
        ObjectDisposedException.ThrowIf(disposed, this);
        var clock = Stopwatch.StartNew();
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var stop = new CancellationTokenSource();
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        var producer = Task.CompletedTask;
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            producer = Task.Factory.StartNew(
                () => Produce(request, channel.Writer, clock, cancellationToken, stop.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            // The producer watches the caller's token (inside llama.cpp too) and completes the channel with the outcome.
            await foreach (var piece in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested(); // pieces still buffered are not handed out after a cancel
                yield return piece;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false); // the consumer stopped early: stop generating
            await producer.ConfigureAwait(false);           // Produce never throws; it reports through the channel
            gate.Release();
        }
    }

    /// <summary>Waits for a running generation (up to 30 s), then frees the context and the model.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        var entered = gate.Wait(TimeSpan.FromSeconds(30));
        context.Dispose();
        model.Dispose();
        if (entered)
        {
            gate.Release();
        }
    }

    private void Produce(GenerationRequest request, ChannelWriter<string> writer, Stopwatch clock, CancellationToken caller, CancellationToken abandoned)
    {
        var stats = request.Stats ?? new GenerationStats();
        using var budget = new CancellationTokenSource();
        if (request.TimeBudget is { } limit)
        {
            var left = limit - clock.Elapsed;
            if (left > TimeSpan.Zero)
            {
                budget.CancelAfter(left);
            }
            else
            {
                budget.Cancel(); // spent while waiting for the model: CancelAfter(0) would fire only later, on a timer
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(caller, abandoned, budget.Token);
        var token = linked.Token;
        Exception? failure = null;
        try
        {
            var (prompt, template) = ChatPrompt.Format(model, request.Messages, fallbackTemplate);
            stats.Template = template;
            var tokens = model.Tokenize(prompt, addSpecial: true, parseSpecial: true);
            stats.PromptTokens = tokens.Length;
            if (tokens.Length + 1 > context.ContextSize)
            {
                throw new LlamaContextFullException("llama_decode", 1, $"the prompt has {tokens.Length} tokens; the context holds {context.ContextSize}");
            }

            using var sampler = model.CreateSampler(new LlamaSamplerOptions
            {
                Grammar = request.Grammar,
                Temperature = request.Temperature,
                TopK = request.TopK,
                TopP = request.TopP,
                MinP = request.MinP,
                Seed = request.Seed,
            });

            // The prompt: only the part after what the cache already holds (always at least the last token, for its logits).
            var keep = 0;
            if (request.ReusePrefix)
            {
                while (keep < cached.Count && keep < tokens.Length - 1 && cached[keep] == tokens[keep])
                {
                    keep++;
                }
            }

            context.Truncate(keep);
            cached.RemoveRange(keep, cached.Count - keep);
            var promptClock = Stopwatch.StartNew();
            context.Decode(tokens.AsSpan(keep), token);
            cached.AddRange(tokens.AsSpan(keep));
            stats.PromptTime = promptClock.Elapsed;
            stats.PromptTokensDecoded = tokens.Length - keep;

            var decoder = new UTF8Encoding(false, false).GetDecoder();
            var bytes = new byte[64];
            var chars = new char[128];
            var generation = new Stopwatch();
            var maxTokens = Math.Min(request.MaxTokens, context.ContextSize - context.Position);
            stats.StopReason = StopReason.TokenBudget;
            for (var i = 0; i < maxTokens; i++)
            {
                token.ThrowIfCancellationRequested();
                var next = context.Sample(sampler);
                if (i == 0)
                {
                    stats.FirstTokenLatency = clock.Elapsed;
                    generation.Start();
                }

                if (model.IsEndOfGeneration(next))
                {
                    stats.StopReason = StopReason.EndOfGeneration;
                    break;
                }

                stats.GeneratedTokens++;
                var n = model.TokenToPiece(next, bytes);
                if (n < 0)
                {
                    bytes = new byte[-n];
                    n = model.TokenToPiece(next, bytes);
                }

                var count = decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
                if (count > 0)
                {
                    Write(writer, new string(chars, 0, count), token);
                }

                if (context.Position >= context.ContextSize)
                {
                    stats.StopReason = StopReason.ContextFull;
                    break;
                }

                context.Decode([next], token);
                cached.Add(next);
            }

            generation.Stop();
            stats.GenerationTime = generation.Elapsed;
            var tail = decoder.GetChars([], 0, 0, chars, 0, flush: true);
            if (tail > 0)
            {
                Write(writer, new string(chars, 0, tail), token);
            }
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            stats.StopReason = StopReason.TimeBudget; // a budget is not an error: the stream just ends
            ForgetCache();
        }
        catch (OperationCanceledException e)
        {
            stats.StopReason = StopReason.Cancelled;
            failure = caller.IsCancellationRequested ? new OperationCanceledException(e.Message, e, caller) : e;
            ForgetCache();
        }
        catch (Exception e)
        {
            failure = e;
            ForgetCache();
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private void ForgetCache()
    {
        try
        {
            context.Reset();
        }
        catch (Exception)
        {
            // The context is in use or gone (disposal): the next call resets it anyway.
        }

        cached.Clear();
    }

    private static void Write(ChannelWriter<string> writer, string piece, CancellationToken token)
    {
        while (!writer.TryWrite(piece))
        {
            if (!writer.WaitToWriteAsync(token).AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }
    }
}
