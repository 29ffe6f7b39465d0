using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>How weights are stored in a generated whisper model.</summary>
public enum TinyWhisperWeightType
{
    /// <summary>ftype 0: everything f32.</summary>
    F32,

    /// <summary>ftype 1: matrices and convolutions f16 (how whisper.cpp's converter writes ggml-*.bin).</summary>
    F16,

    /// <summary>ftype 7 (with quantization version 2): matrices q8_0, convolutions f16, like ggml-*-q8_0.bin.</summary>
    Q8,
}

/// <summary>The shape of a generated whisper model (for tests and benchmarks: no download needed).</summary>
public sealed record TinyWhisperSpec
{
    /// <summary>51865 = multilingual (99 languages, can identify them); 51864 = English-only.</summary>
    public int Vocabulary { get; init; } = 51865;

    public int State { get; init; } = 64;

    public int Heads { get; init; } = 2;

    public int AudioLayers { get; init; } = 1;

    public int TextLayers { get; init; } = 1;

    /// <summary>1500 frames = a 30 s window; whisper's mel code assumes it.</summary>
    public int AudioContext { get; init; } = 1500;

    public int TextContext { get; init; } = 448;

    public int Mels { get; init; } = 80;

    public TinyWhisperWeightType WeightType { get; init; } = TinyWhisperWeightType.F16;

    /// <summary>Seed of the weights: the same spec gives the same bytes on every machine.</summary>
    public int Seed { get; init; } = 20261122;

    /// <summary>
    /// Token strings written to the vocabulary section; null writes every text token (50256 English-only, 50257
    /// multilingual) as a pronounceable pseudo-word. whisper names any missing ones "[_extra_token_N]". At least 221, so
    /// that token 220 is " " (whisper's blank suppression looks it up and aborts the process when it is absent).
    /// </summary>
    public int? VocabularyEntries { get; init; }

    /// <summary>Text tokens (ids below end-of-text) of this vocabulary.</summary>
    public int TextTokens => Vocabulary >= 51865 ? 50257 : 50256;
}

/// <summary>
/// Writes a legacy-ggml whisper model (the ggml-*.bin format whisper.cpp's <c>whisper_model_load</c> reads) with random
/// weights: magic, eleven hyperparameters, mel filter bank, vocabulary, then every tensor as
/// (n_dims, name length, ggml type, dims…, name, data). With the default spec (n_state 64, 1+1 layers, f16) it is
/// about 7.5 MB and whisper runs it in a fraction of real time: real engine code paths, no download, random text.
/// </summary>
public static class TinyWhisperModel
{
    private const uint GgmlMagic = 0x67676d6c;
    private const int BlankToken = 220;
    private const string Consonants = "kgcjtdnpbmyrlvsh";
    private const string Vowels = "aeiou";

    /// <summary>Writes the model to <paramref name="path"/> (created or overwritten).</summary>
    public static string Write(string path, TinyWhisperSpec? spec = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Write(stream, spec ?? new TinyWhisperSpec());
        }

        return path;
    }

    /// <summary>Writes the model to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, TinyWhisperSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.State % spec.Heads != 0 || spec.State % 32 != 0)
        {
            throw new ArgumentException("State must be a multiple of 32 and of the head count.", nameof(spec));
        }

        var entries = spec.VocabularyEntries ?? spec.TextTokens;
        if (entries is < BlankToken + 1 || entries > spec.Vocabulary)
        {
            throw new ArgumentException($"VocabularyEntries must be {BlankToken + 1}..{spec.Vocabulary}.", nameof(spec));
        }

        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        var random = new Random(spec.Seed);

        writer.Write(GgmlMagic);
        var ftype = spec.WeightType switch
        {
            TinyWhisperWeightType.F32 => 0,
            TinyWhisperWeightType.F16 => 1,
            _ => 2000 + 7, // GGML_QNT_VERSION 2 × 1000 + GGML_FTYPE_MOSTLY_Q8_0
        };
        foreach (var value in new[]
        {
            spec.Vocabulary, spec.AudioContext, spec.State, spec.Heads, spec.AudioLayers,
            spec.TextContext, spec.State, spec.Heads, spec.TextLayers, spec.Mels, ftype,
        })
        {
            writer.Write(value);
        }

        // Mel filter bank: n_mel triangles over the 201 FFT bins (shape only matters for plausibility).
        const int fftBins = 201;
        writer.Write(spec.Mels);
        writer.Write(fftBins);
        for (var m = 0; m < spec.Mels; m++)
        {
            var centre = 1 + ((m + 1) * (fftBins - 2.0) / (spec.Mels + 1));
            var width = Math.Max(1.5, (fftBins - 2.0) / (spec.Mels + 1));
            for (var k = 0; k < fftBins; k++)
            {
                writer.Write((float)Math.Max(0, 1 - (Math.Abs(k - centre) / width)) * 0.02f);
            }
        }

        writer.Write(entries);
        for (var i = 0; i < entries; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(TokenText(i));
            writer.Write((uint)bytes.Length);
            writer.Write(bytes);
        }

        foreach (var tensor in Tensors(spec))
        {
            WriteTensor(writer, tensor, spec.WeightType, random);
        }
    }

    /// <summary>The string the generator gives token <paramref name="id"/>: " " for 220, else a pseudo-word like " kabi".</summary>
    public static string TokenText(int id)
    {
        if (id == BlankToken)
        {
            return " ";
        }

        var text = new StringBuilder(id % 3 == 0 ? string.Empty : " ");
        var n = id;
        do
        {
            var syllable = n % (Consonants.Length * Vowels.Length);
            text.Append(Consonants[syllable / Vowels.Length]).Append(Vowels[syllable % Vowels.Length]);
            n /= Consonants.Length * Vowels.Length;
        }
        while (n > 0);
        return text.ToString();
    }

    /// <summary>Every tensor of the architecture in the order whisper's converter writes them, with its ggml shape.</summary>
    private static IEnumerable<TensorSpec> Tensors(TinyWhisperSpec spec)
    {
        var s = spec.State;
        yield return new("encoder.positional_embedding", [s, spec.AudioContext], TensorKind.Embedding);
        yield return new("encoder.conv1.weight", [3, spec.Mels, s], TensorKind.Convolution);
        yield return new("encoder.conv1.bias", [1, s], TensorKind.Bias);
        yield return new("encoder.conv2.weight", [3, s, s], TensorKind.Convolution);
        yield return new("encoder.conv2.bias", [1, s], TensorKind.Bias);
        for (var i = 0; i < spec.AudioLayers; i++)
        {
            var p = string.Create(CultureInfo.InvariantCulture, $"encoder.blocks.{i}");
            foreach (var t in Block(p, "attn", s))
            {
                yield return t;
            }

            foreach (var t in Mlp(p, s))
            {
                yield return t;
            }
        }

        yield return new("encoder.ln_post.weight", [s], TensorKind.NormWeight);
        yield return new("encoder.ln_post.bias", [s], TensorKind.Bias);
        yield return new("decoder.positional_embedding", [s, spec.TextContext], TensorKind.Embedding);
        yield return new("decoder.token_embedding.weight", [s, spec.Vocabulary], TensorKind.Matrix);
        for (var i = 0; i < spec.TextLayers; i++)
        {
            var p = string.Create(CultureInfo.InvariantCulture, $"decoder.blocks.{i}");
            foreach (var t in Block(p, "attn", s).Concat(Block(p, "cross_attn", s)).Concat(Mlp(p, s)))
            {
                yield return t;
            }
        }

        yield return new("decoder.ln.weight", [s], TensorKind.NormWeight);
        yield return new("decoder.ln.bias", [s], TensorKind.Bias);
    }

    private static IEnumerable<TensorSpec> Block(string prefix, string attention, int s) =>
    [
        new($"{prefix}.{attention}.query.weight", [s, s], TensorKind.Matrix),
        new($"{prefix}.{attention}.query.bias", [s], TensorKind.Bias),
        new($"{prefix}.{attention}.key.weight", [s, s], TensorKind.Matrix),
        new($"{prefix}.{attention}.value.weight", [s, s], TensorKind.Matrix),
        new($"{prefix}.{attention}.value.bias", [s], TensorKind.Bias),
        new($"{prefix}.{attention}.out.weight", [s, s], TensorKind.Matrix),
        new($"{prefix}.{attention}.out.bias", [s], TensorKind.Bias),
        new($"{prefix}.{attention}_ln.weight", [s], TensorKind.NormWeight),
        new($"{prefix}.{attention}_ln.bias", [s], TensorKind.Bias),
    ];

    private static IEnumerable<TensorSpec> Mlp(string prefix, int s) =>
    [
        new($"{prefix}.mlp.0.weight", [s, 4 * s], TensorKind.Matrix),
        new($"{prefix}.mlp.0.bias", [4 * s], TensorKind.Bias),
        new($"{prefix}.mlp.2.weight", [4 * s, s], TensorKind.Matrix),
        new($"{prefix}.mlp.2.bias", [s], TensorKind.Bias),
        new($"{prefix}.mlp_ln.weight", [s], TensorKind.NormWeight),
        new($"{prefix}.mlp_ln.bias", [s], TensorKind.Bias),
    ];

    private static void WriteTensor(BinaryWriter writer, TensorSpec tensor, TinyWhisperWeightType weights, Random random)
    {
        // ggml type per tensor, as whisper_model_load declares them: wtype for matrices, f16 convolutions unless all-f32.
        var type = tensor.Kind switch
        {
            TensorKind.Matrix => weights switch
            {
                TinyWhisperWeightType.F32 => 0,
                TinyWhisperWeightType.F16 => 1,
                _ => 8, // GGML_TYPE_Q8_0
            },
            TensorKind.Convolution => weights == TinyWhisperWeightType.F32 ? 0 : 1,
            _ => 0,
        };
        var name = Encoding.UTF8.GetBytes(tensor.Name);
        writer.Write(tensor.Shape.Length);
        writer.Write(name.Length);
        writer.Write(type);
        foreach (var dim in tensor.Shape)
        {
            writer.Write(dim);
        }

        writer.Write(name);

        var count = tensor.Shape.Aggregate(1, (a, b) => a * b);
        var values = new float[count];
        var (mean, spread) = tensor.Kind switch
        {
            TensorKind.NormWeight => (1f, 0.05f),
            TensorKind.Bias => (0f, 0.02f),
            TensorKind.Embedding => (0f, 0.2f),
            TensorKind.Convolution => (0f, 0.2f),
            _ => (0f, 1f / MathF.Sqrt(tensor.Shape[0])),
        };
        for (var i = 0; i < count; i++)
        {
            values[i] = mean + (spread * Gaussian(random));
        }

        switch (type)
        {
            case 0:
                WriteF32(writer, values);
                break;
            case 1:
                WriteF16(writer, values);
                break;
            default:
                WriteQ8_0(writer, values);
                break;
        }
    }

    private static void WriteF32(BinaryWriter writer, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        writer.Write(bytes);
    }

    private static void WriteF16(BinaryWriter writer, float[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)values[i]);
        }

        writer.Write(bytes);
    }

    /// <summary>block_q8_0: an f16 scale d = max|x| / 127, then 32 signed bytes round(x / d).</summary>
    private static void WriteQ8_0(BinaryWriter writer, float[] values)
    {
        const int block = 32;
        var bytes = new byte[values.Length / block * 34];
        for (var b = 0; b < values.Length / block; b++)
        {
            var chunk = values.AsSpan(b * block, block);
            var max = 0f;
            foreach (var v in chunk)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            var d = max / 127f;
            var inverse = d == 0 ? 0 : 1 / d;
            var output = bytes.AsSpan(b * 34, 34);
            BinaryPrimitives.WriteHalfLittleEndian(output, (Half)d);
            for (var i = 0; i < block; i++)
            {
                output[2 + i] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(chunk[i] * inverse), -127, 127));
            }
        }

        writer.Write(bytes);
    }

    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private enum TensorKind
    {
        Matrix,
        Convolution,
        Embedding,
        Bias,
        NormWeight,
    }

    private sealed record TensorSpec(string Name, int[] Shape, TensorKind Kind);
}
