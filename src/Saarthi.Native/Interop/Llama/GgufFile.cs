using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Saarthi.Native.Interop.Llama;

/// <summary>GGUF value types (<c>enum gguf_type</c> in gguf.h).</summary>
internal enum GgufType
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>One tensor of a GGUF file: name, shape (ne0 first), ggml type and where its data is.</summary>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Shape, int GgmlType, ulong Offset, long ByteSize);

/// <summary>
/// The header of a GGUF file: version, metadata (scalars and strings as values; arrays as their element list) and the
/// tensor table. Read by <see cref="GgufFile.Inspect"/>.
/// </summary>
public sealed record GgufInfo(
    string Path,
    long FileSize,
    int Version,
    IReadOnlyDictionary<string, object> Metadata,
    IReadOnlyList<GgufTensorInfo> Tensors,
    long DataOffset,
    int Alignment)
{
    /// <summary><c>general.architecture</c> ("llama", "qwen2", …) or empty.</summary>
    public string Architecture => Metadata.TryGetValue("general.architecture", out var v) && v is string s ? s : string.Empty;

    /// <summary><c>general.name</c> or empty.</summary>
    public string Name => Metadata.TryGetValue("general.name", out var v) && v is string s ? s : string.Empty;

    /// <summary><c>tokenizer.chat_template</c>, when the model carries one.</summary>
    public string? ChatTemplate => Metadata.TryGetValue("tokenizer.chat_template", out var v) ? v as string : null;
}

/// <summary>
/// Reads and checks a GGUF file in managed code before llama.cpp sees it: magic, version, every metadata entry, the
/// tensor table, and that every tensor's data lies inside the file. Turns a missing, foreign, cut-short or damaged
/// file into a <see cref="LlamaModelException"/> with a <see cref="LlamaModelProblem"/>. Tensor data is not read.
/// </summary>
public static class GgufFile
{
    /// <summary>"GGUF" as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    /// <summary><c>GGUF_DEFAULT_ALIGNMENT</c>.</summary>
    public const int DefaultAlignment = 32;

    private const int MaxStringBytes = 1 << 24;          // chat templates are a few KB; 16 MB is clearly damage
    private const long MaxArrayElements = 1L << 26;      // vocabularies are ~150k entries
    private const long MaxCount = 1L << 20;

    /// <summary>
    /// ggml type id → (elements per block, bytes per block) for every type of ggml 0.25.1 (llama.cpp v0.5.0). Checked
    /// against libggml's <c>ggml_blck_size</c>/<c>ggml_type_size</c> by a test.
    /// </summary>
    public static IReadOnlyDictionary<int, (int BlockSize, int BlockBytes)> TensorTypes { get; } = new Dictionary<int, (int, int)>
    {
        [0] = (1, 4), [1] = (1, 2), [2] = (32, 18), [3] = (32, 20), [6] = (32, 22), [7] = (32, 24), [8] = (32, 34),
        [9] = (32, 36), [10] = (256, 84), [11] = (256, 110), [12] = (256, 144), [13] = (256, 176), [14] = (256, 210),
        [15] = (256, 292), [16] = (256, 66), [17] = (256, 74), [18] = (256, 98), [19] = (256, 50), [20] = (32, 18),
        [21] = (256, 110), [22] = (256, 82), [23] = (256, 136), [24] = (1, 1), [25] = (1, 2), [26] = (1, 4), [27] = (1, 8),
        [28] = (1, 8), [29] = (256, 56), [30] = (1, 2), [34] = (256, 54), [35] = (256, 66), [39] = (32, 17),
        [40] = (64, 36), [41] = (128, 18), [42] = (64, 18),
    };

    /// <summary>Reads and checks the file; returns its header.</summary>
    /// <exception cref="LlamaModelException">Missing, not GGUF, truncated or damaged.</exception>
    public static GgufInfo Inspect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new LlamaModelException(path, LlamaModelProblem.Missing, ex.Message);
        }

        using (stream)
        {
            return new Reader(path, stream).Read();
        }
    }

    /// <summary>Bytes of a tensor of <paramref name="ggmlType"/> and <paramref name="shape"/> (rows must fill whole blocks).</summary>
    public static long TensorBytes(int ggmlType, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var (block, bytes) = TensorTypes[ggmlType];
        long rows = 1;
        for (var i = 1; i < shape.Count; i++)
        {
            rows *= shape[i];
        }

        return shape[0] / block * bytes * rows;
    }

    private sealed class Reader(string path, Stream stream)
    {
        private readonly long length = stream.Length;
        private readonly byte[] scratch = new byte[256];

        public GgufInfo Read()
        {
            if (length < 4)
            {
                throw Problem(LlamaModelProblem.NotGguf, $"only {length} bytes");
            }

            var magic = UInt32("magic");
            if (magic != Magic)
            {
                var hint = magic switch
                {
                    0x67676d6c => "a legacy ggml file (whisper.cpp model?)",
                    0x67676a74 or 0x67676d66 => "a pre-GGUF llama.cpp file (convert it to GGUF)",
                    _ => $"magic 0x{magic:x8}",
                };
                throw Problem(LlamaModelProblem.NotGguf, hint);
            }

            var version = (int)UInt32("version");
            Check(version is 2 or 3, $"GGUF version {version} (llama.cpp reads 2 and 3)");
            var tensorCount = Int64("tensor count");
            var kvCount = Int64("metadata count");
            Check(tensorCount is >= 0 and <= MaxCount, $"tensor count {tensorCount} is out of range");
            Check(kvCount is >= 0 and <= MaxCount, $"metadata count {kvCount} is out of range");

            var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
            for (long i = 0; i < kvCount; i++)
            {
                var key = String("metadata key");
                Check(key.Length > 0, $"metadata entry {i} has an empty key");
                var type = (GgufType)UInt32($"type of '{key}'");
                var value = Value(type, key, allowArray: true);
                Check(metadata.TryAdd(key, value), $"metadata key '{key}' appears twice");
            }

            var alignment = DefaultAlignment;
            if (metadata.TryGetValue("general.alignment", out var a))
            {
                Check(a is uint u && u > 0 && (u & (u - 1)) == 0, "general.alignment is not a power of two");
                alignment = (int)(uint)a;
            }

            var tensors = new List<GgufTensorInfo>((int)tensorCount);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (long i = 0; i < tensorCount; i++)
            {
                var name = String("tensor name");
                Check(names.Add(name), $"tensor '{name}' appears twice");
                var dims = UInt32($"dimensions of '{name}'");
                Check(dims is >= 1 and <= 4, $"tensor '{name}' has {dims} dimensions");
                var shape = new long[dims];
                for (var d = 0; d < dims; d++)
                {
                    shape[d] = Int64($"shape of '{name}'");
                    Check(shape[d] is >= 1 and <= 1L << 32, $"tensor '{name}' has dimension {shape[d]}");
                }

                var type = (int)UInt32($"type of '{name}'");
                Check(TensorTypes.TryGetValue(type, out var info), $"tensor '{name}' has unknown ggml type {type}");
                Check(shape[0] % info.BlockSize == 0, $"tensor '{name}' row of {shape[0]} is not a multiple of the type's block of {info.BlockSize}");
                var offset = UInt64($"offset of '{name}'");
                Check(offset % (ulong)alignment == 0, $"tensor '{name}' offset {offset} is not aligned to {alignment}");
                tensors.Add(new GgufTensorInfo(name, shape, type, offset, TensorBytes(type, shape)));
            }

            var dataOffset = (stream.Position + alignment - 1) / alignment * alignment;
            foreach (var t in tensors)
            {
                var end = dataOffset + (long)t.Offset + t.ByteSize;
                if (end > length)
                {
                    throw Problem(
                        LlamaModelProblem.Truncated,
                        string.Create(CultureInfo.InvariantCulture, $"ends at byte {length} inside tensor '{t.Name}' ({end - length} bytes short)"));
                }
            }

            return new GgufInfo(path, length, version, metadata, tensors, dataOffset, alignment);
        }

        private object Value(GgufType type, string key, bool allowArray) => type switch
        {
            GgufType.UInt8 => Bytes(1, key)[0],
            GgufType.Int8 => (sbyte)Bytes(1, key)[0],
            GgufType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2, key)),
            GgufType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(Bytes(2, key)),
            GgufType.UInt32 => UInt32(key),
            GgufType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, key)),
            GgufType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(Bytes(4, key)),
            GgufType.Bool => Bytes(1, key)[0] != 0,
            GgufType.String => String(key),
            GgufType.UInt64 => UInt64(key),
            GgufType.Int64 => Int64(key),
            GgufType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(Bytes(8, key)),
            GgufType.Array when allowArray => Array(key),
            _ => throw Problem(LlamaModelProblem.Corrupt, $"metadata '{key}' has unknown type {(int)type}"),
        };

        private object[] Array(string key)
        {
            var elementType = (GgufType)UInt32($"element type of '{key}'");
            var count = Int64($"length of '{key}'");
            Check(count is >= 0 and <= MaxArrayElements, $"array '{key}' claims {count} elements");
            Check(elementType != GgufType.Array, $"array '{key}' nests arrays");
            var fixedSize = elementType switch
            {
                GgufType.UInt8 or GgufType.Int8 or GgufType.Bool => 1,
                GgufType.UInt16 or GgufType.Int16 => 2,
                GgufType.UInt32 or GgufType.Int32 or GgufType.Float32 => 4,
                GgufType.UInt64 or GgufType.Int64 or GgufType.Float64 => 8,
                _ => 0,
            };
            if (fixedSize > 0 && stream.Position + (count * fixedSize) > length)
            {
                throw Problem(LlamaModelProblem.Truncated, $"ends at byte {length} inside the array '{key}'");
            }

            var values = new object[count];
            for (long i = 0; i < count; i++)
            {
                values[i] = Value(elementType, key, allowArray: false);
            }

            return values;
        }

        private string String(string what)
        {
            var size = UInt64($"length of {what}");
            Check(size <= MaxStringBytes, $"{what} claims {size} bytes");
            return Encoding.UTF8.GetString(Bytes((int)size, what));
        }

        private void Check(bool condition, string detail)
        {
            if (!condition)
            {
                throw Problem(LlamaModelProblem.Corrupt, detail);
            }
        }

        private uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

        private long Int64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8, what));

        private ulong UInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8, what));

        private ReadOnlySpan<byte> Bytes(int count, string what)
        {
            var buffer = count <= scratch.Length ? scratch : new byte[count];
            var span = buffer.AsSpan(0, count);
            var read = stream.ReadAtLeast(span, count, throwOnEndOfStream: false);
            if (read < count)
            {
                throw Problem(LlamaModelProblem.Truncated, $"ends at byte {length} inside the {what}");
            }

            return span;
        }

        private LlamaModelException Problem(LlamaModelProblem problem, string detail) => new(path, problem, detail);
    }
}
