using System.Globalization;

namespace Saarthi.Native.Interop.Llama;

/// <summary>How the weights of a generated model are stored.</summary>
public enum TinyWeightType
{
    /// <summary>Everything f32.</summary>
    F32,

    /// <summary>Matrices f16, norms f32.</summary>
    F16,

    /// <summary>Matrices q8_0 (32-element blocks with an f16 scale), norms f32: how small GGUFs are usually shipped.</summary>
    Q8,
}

/// <summary>The shape of a generated llama-architecture model.</summary>
public sealed record TinyLlamaSpec
{
    /// <summary>n_embd (a multiple of 32 for q8_0 rows, and of <see cref="Heads"/>).</summary>
    public int Embedding { get; init; } = 64;

    public int Layers { get; init; } = 2;

    public int Heads { get; init; } = 4;

    /// <summary>n_ff (a multiple of 32).</summary>
    public int FeedForward { get; init; } = 128;

    /// <summary>n_ctx_train.</summary>
    public int ContextLength { get; init; } = 4096;

    public TinyWeightType WeightType { get; init; } = TinyWeightType.Q8;

    /// <summary>Seed of the weights: the same spec gives the same bytes on every machine.</summary>
    public ulong Seed { get; init; } = 20261122;

    /// <summary>Written as <c>tokenizer.chat_template</c>; null writes none (llama_model_chat_template then returns NULL).</summary>
    public string? ChatTemplate { get; init; } = TinyLlamaModel.ChatMlTemplate;

    /// <summary><c>general.name</c>.</summary>
    public string Name { get; init; } = "saarthi-tiny-random";
}

/// <summary>
/// Writes a GGUF v3 llama-architecture model with random weights and a small SentencePiece vocabulary: &lt;unk&gt;,
/// &lt;s&gt;, &lt;/s&gt;, the ChatML markers, 256 byte tokens (so any UTF-8 text tokenizes), "▁", the 94 printable ASCII
/// characters and a few merges. With the default spec (n_embd 64, 2 layers, q8_0) it is about 140 KB, loads in
/// milliseconds and generates thousands of tokens a second: real llama.cpp code paths (tokenizer, decode, samplers,
/// grammar, chat template) with no download. Its text is random, of course.
/// </summary>
public static class TinyLlamaModel
{
    /// <summary>The ChatML template (Qwen2.5's framing); llama.cpp recognises it by its <c>&lt;|im_start|&gt;</c> marker.</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static readonly string[] Merges = ["▁t", "he", "▁the", "in", "er", "an", "on", "▁a", "re", "at"];

    /// <summary>The vocabulary as (text, score, llama_token_type).</summary>
    public static IReadOnlyList<(string Text, float Score, int Type)> Vocabulary { get; } = BuildVocabulary();

    /// <summary>Token id of &lt;/s&gt; (end of sequence).</summary>
    public const int EndOfSequence = 2;

    /// <summary>Writes the model to <paramref name="path"/> (created or overwritten); returns the path.</summary>
    public static string Write(string path, TinyLlamaSpec? spec = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Build(spec ?? new TinyLlamaSpec()).Write(path);
        return path;
    }

    /// <summary>The whole model as a <see cref="GgufWriter"/> (to write elsewhere, or to add to).</summary>
    public static GgufWriter Build(TinyLlamaSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Embedding % 32 != 0 || spec.FeedForward % 32 != 0 || spec.Embedding % spec.Heads != 0)
        {
            throw new ArgumentException("Embedding and FeedForward must be multiples of 32, Embedding a multiple of Heads.", nameof(spec));
        }

        var vocab = Vocabulary;
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", spec.Name)
            .Add("general.file_type", spec.WeightType switch { TinyWeightType.F32 => 0u, TinyWeightType.F16 => 1u, _ => 7u })
            .Add("general.quantization_version", 2u)
            .Add("llama.context_length", (uint)spec.ContextLength)
            .Add("llama.embedding_length", (uint)spec.Embedding)
            .Add("llama.block_count", (uint)spec.Layers)
            .Add("llama.feed_forward_length", (uint)spec.FeedForward)
            .Add("llama.attention.head_count", (uint)spec.Heads)
            .Add("llama.attention.head_count_kv", (uint)spec.Heads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("llama.rope.dimension_count", (uint)(spec.Embedding / spec.Heads))
            .Add("llama.rope.freq_base", 10000f)
            .Add("llama.vocab_size", (uint)vocab.Count)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", vocab.Select(v => v.Text).ToList())
            .Add("tokenizer.ggml.scores", vocab.Select(v => v.Score).ToList())
            .Add("tokenizer.ggml.token_type", vocab.Select(v => v.Type).ToList())
            .Add("tokenizer.ggml.bos_token_id", 1u)
            .Add("tokenizer.ggml.eos_token_id", (uint)EndOfSequence)
            .Add("tokenizer.ggml.unknown_token_id", 0u)
            .Add("tokenizer.ggml.add_bos_token", true)
            .Add("tokenizer.ggml.add_eos_token", false);
        if (spec.ChatTemplate is not null)
        {
            writer.Add("tokenizer.chat_template", spec.ChatTemplate);
        }

        var random = new SplitMix64(spec.Seed);
        long e = spec.Embedding, ff = spec.FeedForward, v = vocab.Count;
        var inverseRoot = 1f / MathF.Sqrt(spec.Embedding);
        Matrix(writer, "token_embd.weight", e, v, 1f, spec.WeightType, random);
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            var b = string.Create(CultureInfo.InvariantCulture, $"blk.{layer}.");
            Norm(writer, b + "attn_norm.weight", e);
            Matrix(writer, b + "attn_q.weight", e, e, inverseRoot, spec.WeightType, random);
            Matrix(writer, b + "attn_k.weight", e, e, inverseRoot, spec.WeightType, random);
            Matrix(writer, b + "attn_v.weight", e, e, inverseRoot, spec.WeightType, random);
            Matrix(writer, b + "attn_output.weight", e, e, inverseRoot, spec.WeightType, random);
            Norm(writer, b + "ffn_norm.weight", e);
            Matrix(writer, b + "ffn_gate.weight", e, ff, inverseRoot, spec.WeightType, random);
            Matrix(writer, b + "ffn_down.weight", ff, e, 1f / MathF.Sqrt(spec.FeedForward), spec.WeightType, random);
            Matrix(writer, b + "ffn_up.weight", e, ff, inverseRoot, spec.WeightType, random);
        }

        Norm(writer, "output_norm.weight", e);
        // Larger output weights spread the logits, so sampling visits many different tokens.
        Matrix(writer, "output.weight", e, v, 4f * inverseRoot, spec.WeightType, random);
        return writer;
    }

    private static void Norm(GgufWriter writer, string name, long n)
    {
        var data = new byte[n * 4];
        for (var i = 0; i < n; i++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(i * 4), 1f);
        }

        writer.AddTensor(name, [n], 0, data);
    }

    private static void Matrix(GgufWriter writer, string name, long columns, long rows, float scale, TinyWeightType type, SplitMix64 random)
    {
        var values = new float[columns * rows];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSigned() * scale;
        }

        switch (type)
        {
            case TinyWeightType.F32:
                var f32 = new byte[values.Length * 4];
                Buffer.BlockCopy(values, 0, f32, 0, f32.Length);
                writer.AddTensor(name, [columns, rows], 0, f32);
                break;
            case TinyWeightType.F16:
                var f16 = new byte[values.Length * 2];
                for (var i = 0; i < values.Length; i++)
                {
                    BitConverter.TryWriteBytes(f16.AsSpan(i * 2), (Half)values[i]);
                }

                writer.AddTensor(name, [columns, rows], 1, f16);
                break;
            default:
                writer.AddTensor(name, [columns, rows], 8, QuantizeQ8(values));
                break;
        }
    }

    /// <summary>ggml's reference q8_0: per 32 values, d = max|x| / 127 (stored f16) and round(x / d) as int8.</summary>
    public static byte[] QuantizeQ8(ReadOnlySpan<float> values)
    {
        if (values.Length % 32 != 0)
        {
            throw new ArgumentException("q8_0 needs whole blocks of 32 values.", nameof(values));
        }

        var output = new byte[values.Length / 32 * 34];
        for (var block = 0; block < values.Length / 32; block++)
        {
            var x = values.Slice(block * 32, 32);
            var amax = 0f;
            foreach (var value in x)
            {
                amax = MathF.Max(amax, MathF.Abs(value));
            }

            var d = amax / 127f;
            var id = d != 0 ? 1f / d : 0f;
            var o = block * 34;
            BitConverter.TryWriteBytes(output.AsSpan(o, 2), (Half)d);
            for (var j = 0; j < 32; j++)
            {
                output[o + 2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
            }
        }

        return output;
    }

    private static List<(string, float, int)> BuildVocabulary()
    {
        const int normal = 1, unknown = 2, control = 3, byteToken = 6;
        var list = new List<(string, float, int)>
        {
            ("<unk>", 0f, unknown),
            ("<s>", 0f, control),
            ("</s>", 0f, control),
            ("<|im_start|>", 0f, control),
            ("<|im_end|>", 0f, control),
        };
        for (var b = 0; b < 256; b++)
        {
            list.Add((string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"), 0f, byteToken));
        }

        list.Add(("▁", -1f, normal));
        for (var c = '!'; c <= '~'; c++)
        {
            list.Add((c.ToString(), -1f, normal));
        }

        // Merges: a higher score merges first.
        for (var i = 0; i < Merges.Length; i++)
        {
            list.Add((Merges[i], -2f - i, normal));
        }

        return list;
    }

    /// <summary>A small, fast, portable PRNG (SplitMix64): the same seed gives the same weights everywhere.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong state = seed;

        /// <summary>Uniform in [−1, 1).</summary>
        public float NextSigned()
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return ((z >> 40) / (float)(1 << 24) * 2f) - 1f;
        }
    }
}
