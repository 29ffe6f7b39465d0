using System.Buffers.Binary;
using System.Text;

namespace Saarthi.Native.Interop.Llama;

/// <summary>
/// Writes a GGUF v3 file (the layout gguf.h describes): magic, version, counts, typed metadata, the tensor table with
/// data offsets aligned to <see cref="GgufFile.DefaultAlignment"/>, then the tensor data. Enough to build small models
/// in code (see <see cref="TinyLlamaModel"/>); no dependency on ggml.
/// </summary>
public sealed class GgufWriter
{
    private readonly List<(string Key, GgufType Type, object Value)> metadata = [];
    private readonly List<(string Name, long[] Shape, int Type, byte[] Data)> tensors = [];

    /// <summary>Adds a string (<see cref="GgufType.String"/>).</summary>
    public GgufWriter Add(string key, string value) => Put(key, GgufType.String, value);

    /// <summary>Adds a uint32 (<see cref="GgufType.UInt32"/>), the type llama.cpp expects for most hyperparameters.</summary>
    public GgufWriter Add(string key, uint value) => Put(key, GgufType.UInt32, value);

    /// <summary>Adds an int32.</summary>
    public GgufWriter Add(string key, int value) => Put(key, GgufType.Int32, value);

    /// <summary>Adds a float32.</summary>
    public GgufWriter Add(string key, float value) => Put(key, GgufType.Float32, value);

    /// <summary>Adds a bool.</summary>
    public GgufWriter Add(string key, bool value) => Put(key, GgufType.Bool, value);

    /// <summary>Adds an array of strings.</summary>
    public GgufWriter Add(string key, IReadOnlyList<string> values) => Put(key, GgufType.Array, (GgufType.String, values.Cast<object>().ToArray()));

    /// <summary>Adds an array of float32.</summary>
    public GgufWriter Add(string key, IReadOnlyList<float> values) => Put(key, GgufType.Array, (GgufType.Float32, values.Cast<object>().ToArray()));

    /// <summary>Adds an array of int32.</summary>
    public GgufWriter Add(string key, IReadOnlyList<int> values) => Put(key, GgufType.Array, (GgufType.Int32, values.Cast<object>().ToArray()));

    /// <summary>
    /// Adds a tensor: <paramref name="shape"/> is ggml's (ne0 = the row length first), <paramref name="data"/> its bytes
    /// in <paramref name="ggmlType"/>'s encoding (<see cref="GgufFile.TensorBytes"/> of them).
    /// </summary>
    public GgufWriter AddTensor(string name, long[] shape, int ggmlType, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var expected = GgufFile.TensorBytes(ggmlType, shape);
        if (data.Length != expected)
        {
            throw new ArgumentException($"tensor '{name}' needs {expected} bytes, got {data.Length}", nameof(data));
        }

        tensors.Add((name, shape, ggmlType, data));
        return this;
    }

    /// <summary>Writes the file to <paramref name="path"/> (created or overwritten); returns its length.</summary>
    public long Write(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream);
        return stream.Length;
    }

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var output = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        output.Write(GgufFile.Magic);
        output.Write(3u);
        output.Write((long)tensors.Count);
        output.Write((long)metadata.Count);
        foreach (var (key, type, value) in metadata)
        {
            WriteString(output, key);
            output.Write((uint)type);
            WriteValue(output, type, value);
        }

        const int alignment = GgufFile.DefaultAlignment;
        ulong offset = 0;
        foreach (var (name, shape, type, data) in tensors)
        {
            WriteString(output, name);
            output.Write((uint)shape.Length);
            foreach (var d in shape)
            {
                output.Write(d);
            }

            output.Write((uint)type);
            output.Write(offset);
            offset += Align((ulong)data.Length, alignment);
        }

        Pad(output, alignment);
        foreach (var (_, _, _, data) in tensors)
        {
            output.Write(data);
            Pad(output, alignment);
        }
    }

    private GgufWriter Put(string key, GgufType type, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (metadata.Any(m => m.Key == key))
        {
            throw new ArgumentException($"metadata key '{key}' was already added", nameof(key));
        }

        metadata.Add((key, type, value));
        return this;
    }

    private static void WriteValue(BinaryWriter output, GgufType type, object value)
    {
        switch (type)
        {
            case GgufType.String:
                WriteString(output, (string)value);
                break;
            case GgufType.UInt32:
                output.Write((uint)value);
                break;
            case GgufType.Int32:
                output.Write((int)value);
                break;
            case GgufType.Float32:
                Span<byte> f = stackalloc byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(f, (float)value);
                output.Write(f);
                break;
            case GgufType.Bool:
                output.Write((bool)value ? (byte)1 : (byte)0);
                break;
            case GgufType.Array:
                var (elementType, items) = ((GgufType, object[]))value;
                output.Write((uint)elementType);
                output.Write((ulong)items.Length);
                foreach (var item in items)
                {
                    WriteValue(output, elementType, item);
                }

                break;
            default:
                throw new NotSupportedException($"GGUF type {type} is not written by this writer");
        }
    }

    private static void WriteString(BinaryWriter output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        output.Write((ulong)bytes.Length);
        output.Write(bytes);
    }

    private static ulong Align(ulong value, int alignment) => (value + (ulong)alignment - 1) / (ulong)alignment * (ulong)alignment;

    private static void Pad(BinaryWriter output, int alignment)
    {
        output.Flush();
        var position = output.BaseStream.Position;
        var padding = (int)((alignment - (position % alignment)) % alignment);
        for (var i = 0; i < padding; i++)
        {
            output.Write((byte)0);
        }
    }
}
