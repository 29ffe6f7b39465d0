using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>The header facts of a legacy-ggml whisper model file (the <c>ggml-*.bin</c> files of whisper.cpp).</summary>
/// <param name="Path">The file.</param>
/// <param name="FileSize">Its length in bytes.</param>
/// <param name="VocabularySize">n_vocab (51864 English-only, 51865 multilingual, 51866 large-v3).</param>
/// <param name="AudioContext">n_audio_ctx (1500 for every released model: 30 s windows).</param>
/// <param name="State">n_audio_state = n_text_state (384 tiny, 512 base, 768 small, …).</param>
/// <param name="AudioHeads">n_audio_head.</param>
/// <param name="AudioLayers">n_audio_layer (4 tiny, 6 base, 12 small, 24 medium, 32 large).</param>
/// <param name="TextContext">n_text_ctx (448).</param>
/// <param name="TextHeads">n_text_head.</param>
/// <param name="TextLayers">n_text_layer.</param>
/// <param name="MelBands">n_mels (80, or 128 for large-v3).</param>
/// <param name="FileType">ggml ftype (0 f32, 1 f16, 7 q8_0, 8 q5_0, 9 q5_1, …) without the quantization version.</param>
/// <param name="QuantizationVersion">The quantization format version stored with the ftype.</param>
/// <param name="VocabularyEntries">Token strings stored in the file (whisper synthesizes the rest).</param>
/// <param name="TensorCount">Tensors in the file (all of them, checked against the hyperparameters).</param>
public sealed record WhisperModelInfo(
    string Path,
    long FileSize,
    int VocabularySize,
    int AudioContext,
    int State,
    int AudioHeads,
    int AudioLayers,
    int TextContext,
    int TextHeads,
    int TextLayers,
    int MelBands,
    int FileType,
    int QuantizationVersion,
    int VocabularyEntries,
    int TensorCount)
{
    /// <summary>Multilingual models (n_vocab ≥ 51865) can identify and transcribe ~99 languages; the others are English-only.</summary>
    public bool IsMultilingual => VocabularySize >= 51865;

    /// <summary>The size class whisper.cpp names from the encoder depth.</summary>
    public string SizeClass => AudioLayers switch
    {
        4 => "tiny",
        6 => "base",
        12 => "small",
        24 => "medium",
        32 => "large",
        _ => "unknown",
    };
}

/// <summary>
/// Reads and checks a legacy-ggml whisper model file in managed code before whisper.cpp sees it: magic, hyperparameters,
/// mel filters, vocabulary and the whole tensor table (every expected tensor, with its shape, a known type, and its
/// data inside the file). whisper.cpp's own loader does not notice a file cut short inside the last tensor, and
/// reports other damage only on stderr; this turns every such case into a <see cref="WhisperModelException"/>.
/// Only headers are read; tensor data is skipped by seeking.
/// </summary>
public static class WhisperModelFile
{
    /// <summary><c>GGML_FILE_MAGIC</c> 0x67676d6c ("ggml"), stored little-endian.</summary>
    public const uint GgmlMagic = 0x67676d6c;

    private const uint GgufMagic = 0x46554747; // "GGUF"
    private const int QuantizationVersionFactor = 1000;
    private const int MaxNameLength = 256;
    private const int MaxTokenLength = 4096;

    /// <summary>
    /// ggml type id → (block size in elements, bytes per block), for the types whisper model files use.
    /// Checked against libggml's <c>ggml_type_size</c>/<c>ggml_blck_size</c> by a test.
    /// </summary>
    internal static IReadOnlyDictionary<int, (int BlockSize, int BlockBytes)> TensorTypes { get; } = new Dictionary<int, (int, int)>
    {
        [0] = (1, 4),       // F32
        [1] = (1, 2),       // F16
        [2] = (32, 18),     // Q4_0
        [3] = (32, 20),     // Q4_1
        [6] = (32, 22),     // Q5_0
        [7] = (32, 24),     // Q5_1
        [8] = (32, 34),     // Q8_0
        [10] = (256, 84),   // Q2_K
        [11] = (256, 110),  // Q3_K
        [12] = (256, 144),  // Q4_K
        [13] = (256, 176),  // Q5_K
        [14] = (256, 210),  // Q6_K
        [30] = (1, 2),      // BF16
    };

    /// <summary>ggml ftypes whisper.cpp can load (<c>ggml_ftype_to_ggml_type</c> knows them).</summary>
    private static readonly HashSet<int> FileTypes = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 24];

    /// <summary>Reads and checks the file; returns its header facts.</summary>
    /// <exception cref="WhisperModelException">Missing, not a whisper model, truncated or damaged.</exception>
    public static WhisperModelInfo Inspect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new WhisperModelException(path, WhisperModelProblem.Missing, ex.Message);
        }

        using (stream)
        {
            return new Reader(path, stream).Read();
        }
    }

    /// <summary>Every tensor a model with these hyperparameters must contain, with its shape (ne0, ne1, ne2).</summary>
    internal static Dictionary<string, (long, long, long)> ExpectedTensors(int state, int audioContext, int textContext, int vocabulary, int mels, int audioLayers, int textLayers)
    {
        long s = state;
        var expected = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal)
        {
            ["encoder.positional_embedding"] = (s, audioContext, 1),
            ["encoder.conv1.weight"] = (3, mels, s),
            ["encoder.conv1.bias"] = (1, s, 1),
            ["encoder.conv2.weight"] = (3, s, s),
            ["encoder.conv2.bias"] = (1, s, 1),
            ["encoder.ln_post.weight"] = (s, 1, 1),
            ["encoder.ln_post.bias"] = (s, 1, 1),
            ["decoder.positional_embedding"] = (s, textContext, 1),
            ["decoder.token_embedding.weight"] = (s, vocabulary, 1),
            ["decoder.ln.weight"] = (s, 1, 1),
            ["decoder.ln.bias"] = (s, 1, 1),
        };

        void Block(string prefix, string attention)
        {
            expected[$"{prefix}.{attention}_ln.weight"] = (s, 1, 1);
            expected[$"{prefix}.{attention}_ln.bias"] = (s, 1, 1);
            expected[$"{prefix}.{attention}.query.weight"] = (s, s, 1);
            expected[$"{prefix}.{attention}.query.bias"] = (s, 1, 1);
            expected[$"{prefix}.{attention}.key.weight"] = (s, s, 1);
            expected[$"{prefix}.{attention}.value.weight"] = (s, s, 1);
            expected[$"{prefix}.{attention}.value.bias"] = (s, 1, 1);
            expected[$"{prefix}.{attention}.out.weight"] = (s, s, 1);
            expected[$"{prefix}.{attention}.out.bias"] = (s, 1, 1);
        }

        void Mlp(string prefix)
        {
            expected[$"{prefix}.mlp_ln.weight"] = (s, 1, 1);
            expected[$"{prefix}.mlp_ln.bias"] = (s, 1, 1);
            expected[$"{prefix}.mlp.0.weight"] = (s, 4 * s, 1);
            expected[$"{prefix}.mlp.0.bias"] = (4 * s, 1, 1);
            expected[$"{prefix}.mlp.2.weight"] = (4 * s, s, 1);
            expected[$"{prefix}.mlp.2.bias"] = (s, 1, 1);
        }

        for (var i = 0; i < audioLayers; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"encoder.blocks.{i}");
            Mlp(prefix);
            Block(prefix, "attn");
        }

        for (var i = 0; i < textLayers; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"decoder.blocks.{i}");
            Mlp(prefix);
            Block(prefix, "attn");
            Block(prefix, "cross_attn");
        }

        return expected;
    }

    private sealed class Reader(string path, FileStream stream)
    {
        private readonly long length = stream.Length;
        private readonly byte[] scratch = new byte[16];

        public WhisperModelInfo Read()
        {
            if (length < 4)
            {
                throw Problem(WhisperModelProblem.NotAWhisperModel, $"only {length} bytes long");
            }

            var magic = UInt32("header (magic)");
            if (magic != GgmlMagic)
            {
                var what = magic switch
                {
                    GgufMagic => "it is a GGUF file (a llama.cpp model?); whisper.cpp needs a legacy ggml whisper model (ggml-*.bin)",
                    0x67676a74 or 0x67676d66 => "it is an old ggjt/ggmf file, not a whisper model",
                    _ => string.Create(CultureInfo.InvariantCulture, $"magic is 0x{magic:x8}, expected 0x{GgmlMagic:x8} (\"ggml\")"),
                };
                throw Problem(WhisperModelProblem.NotAWhisperModel, what);
            }

            var nVocab = Int32("header (n_vocab)");
            var nAudioCtx = Int32("header (n_audio_ctx)");
            var nAudioState = Int32("header (n_audio_state)");
            var nAudioHead = Int32("header (n_audio_head)");
            var nAudioLayer = Int32("header (n_audio_layer)");
            var nTextCtx = Int32("header (n_text_ctx)");
            var nTextState = Int32("header (n_text_state)");
            var nTextHead = Int32("header (n_text_head)");
            var nTextLayer = Int32("header (n_text_layer)");
            var nMels = Int32("header (n_mels)");
            var ftypeRaw = Int32("header (ftype)");

            Check(nVocab is >= 1 and <= 1 << 20, $"n_vocab {nVocab} is out of range");
            Check(nAudioCtx is >= 1 and <= 1 << 16, $"n_audio_ctx {nAudioCtx} is out of range");
            Check(nTextCtx is >= 1 and <= 1 << 16, $"n_text_ctx {nTextCtx} is out of range");
            Check(nAudioState is >= 1 and <= 1 << 14, $"n_audio_state {nAudioState} is out of range");
            Check(nTextState == nAudioState, $"n_text_state {nTextState} differs from n_audio_state {nAudioState}");
            Check(nAudioHead >= 1 && nAudioState % nAudioHead == 0, $"n_audio_head {nAudioHead} does not divide n_audio_state {nAudioState}");
            Check(nTextHead >= 1 && nTextState % nTextHead == 0, $"n_text_head {nTextHead} does not divide n_text_state {nTextState}");
            Check(nAudioLayer is >= 1 and <= 128, $"n_audio_layer {nAudioLayer} is out of range");
            Check(nTextLayer is >= 1 and <= 128, $"n_text_layer {nTextLayer} is out of range");
            Check(nMels is >= 1 and <= 512, $"n_mels {nMels} is out of range");
            Check(ftypeRaw >= 0, $"ftype {ftypeRaw} is negative");
            var ftype = ftypeRaw % QuantizationVersionFactor;
            Check(FileTypes.Contains(ftype), $"ftype {ftype} is not a type whisper.cpp can load");

            // Mel filters: n_mel × n_fft floats.
            var filterMels = Int32("mel filters (n_mel)");
            var filterFft = Int32("mel filters (n_fft)");
            Check(filterMels is >= 1 and <= 512 && filterFft is >= 1 and <= 4096, $"mel filter bank {filterMels}×{filterFft} is out of range");
            Skip(4L * filterMels * filterFft, "mel filters");

            // Vocabulary: count, then (u32 length, bytes) per token.
            var entries = Int32("vocabulary (size)");
            Check(entries is >= 0 and <= 1 << 20, $"vocabulary size {entries} is out of range");
            var hasBlank = false;
            for (var i = 0; i < entries; i++)
            {
                var tokenLength = UInt32("vocabulary (token length)");
                Check(tokenLength <= MaxTokenLength, string.Create(CultureInfo.InvariantCulture, $"token {i} claims {tokenLength} bytes"));
                if (tokenLength == 1)
                {
                    hasBlank |= Bytes(1, "vocabulary")[0] == (byte)' ';
                }
                else
                {
                    Skip(tokenLength, "vocabulary");
                }
            }

            // whisper_full's blank suppression looks " " up with std::map::at: without it the process aborts.
            Check(hasBlank, "the vocabulary has no \" \" token (whisper_full would abort the process)");

            var expected = ExpectedTensors(nAudioState, nAudioCtx, nTextCtx, nVocab, nMels, nAudioLayer, nTextLayer);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (stream.Position < length)
            {
                ReadTensor(expected, seen);
            }

            var missing = expected.Keys.Where(k => !seen.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw Problem(WhisperModelProblem.Truncated, $"{missing.Count} of {expected.Count} tensors are missing (first: {missing[0]})");
            }

            return new WhisperModelInfo(
                path, length, nVocab, nAudioCtx, nAudioState, nAudioHead, nAudioLayer, nTextCtx, nTextHead, nTextLayer, nMels,
                ftype, ftypeRaw / QuantizationVersionFactor, entries, seen.Count);
        }

        private void ReadTensor(Dictionary<string, (long, long, long)> expected, HashSet<string> seen)
        {
            var at = stream.Position;
            var nDims = Int32("tensor n_dims");
            var nameLength = Int32("tensor name length");
            var type = Int32("tensor type");
            Check(nDims is >= 0 and <= 4, $"tensor at byte {at} has {nDims} dimensions");
            Check(nameLength is >= 1 and <= MaxNameLength, $"tensor at byte {at} has a name of {nameLength} bytes");
            Span<long> ne = [1, 1, 1, 1];
            long elements = 1;
            for (var d = 0; d < nDims; d++)
            {
                ne[d] = Int32("tensor dimension");
                Check(ne[d] is >= 1 and <= 1 << 24, $"tensor at byte {at} has dimension {ne[d]}");
                elements *= ne[d];
            }

            var nameBytes = Bytes(nameLength, "tensor name");
            var name = Encoding.UTF8.GetString(nameBytes);
            Check(expected.TryGetValue(name, out var shape), $"unexpected tensor '{name}' at byte {at}");
            Check(seen.Add(name), $"tensor '{name}' appears twice");
            Check(
                (ne[0], ne[1], ne[2] * ne[3]) == shape,
                $"tensor '{name}' has shape [{ne[0]}, {ne[1]}, {ne[2]}], expected [{shape.Item1}, {shape.Item2}, {shape.Item3}]");
            Check(TensorTypes.TryGetValue(type, out var info), $"tensor '{name}' has unsupported type {type}");
            Check(ne[0] % info.BlockSize == 0, $"tensor '{name}' row of {ne[0]} is not a multiple of the type's block of {info.BlockSize}");
            Skip(elements / info.BlockSize * info.BlockBytes, $"tensor '{name}'");
        }

        private void Check(bool condition, string detail)
        {
            if (!condition)
            {
                throw Problem(WhisperModelProblem.Corrupt, detail);
            }
        }

        private int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, what));

        private uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

        private ReadOnlySpan<byte> Bytes(int count, string what)
        {
            var buffer = count <= scratch.Length ? scratch : new byte[count];
            var span = buffer.AsSpan(0, count);
            var read = stream.ReadAtLeast(span, count, throwOnEndOfStream: false);
            if (read < count)
            {
                throw Problem(WhisperModelProblem.Truncated, $"ends at byte {length} inside the {what}");
            }

            return span;
        }

        private void Skip(long count, string what)
        {
            if (stream.Position + count > length)
            {
                throw Problem(
                    WhisperModelProblem.Truncated,
                    string.Create(CultureInfo.InvariantCulture, $"ends at byte {length} inside the {what} ({stream.Position + count - length} bytes short)"));
            }

            stream.Seek(count, SeekOrigin.Current);
        }

        private WhisperModelException Problem(WhisperModelProblem problem, string detail) => new(path, problem, detail);
    }
}
