namespace Saarthi.Native.Interop.Llama;

/// <summary>How the next token is chosen.</summary>
public sealed record LlamaSamplerOptions
{
    /// <summary>0 (or less) = greedy: always the most likely token. Above 0 = random draws, sharper as it nears 0.</summary>
    public float Temperature { get; init; } = 0.8f;

    /// <summary>Keep only the k most likely tokens (0 = off).</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Keep the most likely tokens up to this cumulative probability (1 = off).</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>Drop tokens below this fraction of the best token's probability (0 = off).</summary>
    public float MinP { get; init; } = 0.05f;

    /// <summary>Seed of the random draws: the same seed, model and prompt give the same tokens.</summary>
    public uint Seed { get; init; } = 42;

    /// <summary>A GBNF grammar the output must follow (null = free text). Applied first, so only valid tokens remain.</summary>
    public string? Grammar { get; init; }

    /// <summary>The grammar's start symbol.</summary>
    public string GrammarRoot { get; init; } = "root";

    /// <summary>
    /// Filter every candidate through the grammar before choosing (slow on large vocabularies). Off by default: the
    /// token is chosen without the grammar, checked against it alone, and only when the grammar rejects it are all
    /// candidates filtered and the choice made again — the same tokens, at a fraction of the cost.
    /// </summary>
    public bool GrammarFirst { get; init; }

    /// <summary>Greedy decoding, as a preset.</summary>
    public static LlamaSamplerOptions Greedy { get; } = new() { Temperature = 0 };
}

/// <summary>
/// A <c>llama_sampler</c> chain: greedy, or top-k → top-p → min-p → temperature → seeded draw, with an optional GBNF
/// grammar (see <see cref="LlamaSamplerOptions.GrammarFirst"/> for how it is applied). Holds a reference on its model (a
/// grammar reads the model's vocabulary). Stateful: a grammar advances with every token sampled
/// (<see cref="LlamaContext.Sample"/> accepts it), so use one chain per generation or <see cref="Reset"/> it.
/// </summary>
public sealed class LlamaSamplerChain : IDisposable
{
    private readonly SafeLlamaSamplerHandle handle;
    private readonly SafeLlamaSamplerHandle? grammar;

    internal LlamaSamplerChain(LlamaModel model, LlamaSamplerOptions options)
    {
        Options = options;
        handle = SafeLlamaSamplerHandle.CreateChain(model.Handle);
        try
        {
            if (options.Grammar is { } text)
            {
                nint g;
                using (var capture = LlamaLog.Capture())
                {
                    g = LlamaNative.llama_sampler_init_grammar(model.Vocab, text, options.GrammarRoot);
                    if (g == IntPtr.Zero)
                    {
                        throw new LlamaGrammarException("llama_sampler_init_grammar", -1, "the grammar does not parse" + capture.Describe());
                    }
                }

                if (options.GrammarFirst)
                {
                    Add(g);
                }
                else
                {
                    grammar = SafeLlamaSamplerHandle.FromRaw(model.Handle, g); // kept apart: checked per chosen token
                }
            }

            if (options.Temperature <= 0)
            {
                Add(LlamaNative.llama_sampler_init_greedy());
            }
            else
            {
                if (options.TopK > 0)
                {
                    Add(LlamaNative.llama_sampler_init_top_k(options.TopK));
                }

                if (options.TopP is > 0 and < 1)
                {
                    Add(LlamaNative.llama_sampler_init_top_p(options.TopP, 1));
                }

                if (options.MinP is > 0 and < 1)
                {
                    Add(LlamaNative.llama_sampler_init_min_p(options.MinP, 1));
                }

                Add(LlamaNative.llama_sampler_init_temp(options.Temperature));
                Add(LlamaNative.llama_sampler_init_dist(options.Seed));
            }
        }
        catch
        {
            grammar?.Dispose();
            handle.Dispose();
            throw;
        }
    }

    /// <summary>What this chain was built from.</summary>
    public LlamaSamplerOptions Options { get; }

    /// <summary>Samplers in the chain.</summary>
    public int Count => LlamaNative.llama_sampler_chain_n(handle);

    internal SafeLlamaSamplerHandle Handle => handle;

    /// <summary>The grammar when it is checked per token (null when there is none, or when it is in the chain).</summary>
    internal SafeLlamaSamplerHandle? Grammar => grammar;

    /// <summary>Back to the start: the grammar to its first symbol, the random draws to the seed.</summary>
    public void Reset()
    {
        LlamaNative.llama_sampler_reset(handle);
        if (grammar is not null)
        {
            LlamaNative.llama_sampler_reset(grammar);
        }
    }

    public void Dispose()
    {
        grammar?.Dispose();
        handle.Dispose();
    }

    private void Add(nint sampler)
    {
        if (sampler == IntPtr.Zero)
        {
            throw new LlamaException("llama_sampler_init", -1, "could not allocate a sampler");
        }

        LlamaNative.llama_sampler_chain_add(handle, sampler);
    }
}
