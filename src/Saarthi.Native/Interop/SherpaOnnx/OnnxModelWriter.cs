using System.Buffers.Binary;
using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>A node attribute: an integer (<c>Cast</c>'s <c>to</c>) or a float.</summary>
public sealed record OnnxNodeOption(string Name, long? IntegerValue = null, float? RealValue = null);

/// <summary>
/// Writes small ONNX models (protobuf wire format by hand, no ONNX package): graph inputs and outputs with symbolic
/// or fixed dimensions, constant initializers, nodes of the default domain, and metadata. Enough for generated test
/// voices that real ONNX Runtime loads and runs.
/// </summary>
public sealed class OnnxModelWriter
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];
    private readonly List<(string Key, string Value)> _metadata = [];

    /// <summary>A graph input; a dimension is a number or a symbolic name (<c>"N"</c>).</summary>
    public OnnxModelWriter Input(string name, OnnxElementType type, params object[] dims)
    {
        _inputs.Add(ValueInfo(name, type, dims));
        return this;
    }

    public OnnxModelWriter Output(string name, OnnxElementType type, params object[] dims)
    {
        _outputs.Add(ValueInfo(name, type, dims));
        return this;
    }

    /// <summary>A float constant of shape <paramref name="dims"/> (empty: a scalar).</summary>
    public OnnxModelWriter Constant(string name, float[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var raw = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
        }

        _initializers.Add(Tensor(name, OnnxElementType.Real32, dims, raw));
        return this;
    }

    /// <summary>An int64 constant of shape <paramref name="dims"/> (empty: a scalar).</summary>
    public OnnxModelWriter Constant(string name, long[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var raw = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        }

        _initializers.Add(Tensor(name, OnnxElementType.Integer64, dims, raw));
        return this;
    }

    public OnnxModelWriter Node(string opType, string[] inputs, string[] outputs, params OnnxNodeOption[] attributes)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var w = new ProtoWriter();
        foreach (var input in inputs)
        {
            w.String(1, input);
        }

        foreach (var output in outputs)
        {
            w.String(2, output);
        }

        w.String(3, $"{opType}_{_nodes.Count}");
        w.String(4, opType);
        foreach (var a in attributes)
        {
            w.Message(5, m =>
            {
                m.String(1, a.Name);
                if (a.IntegerValue is { } i)
                {
                    m.Varint(3, (ulong)i);
                    m.Varint(20, 2); // AttributeType.INT
                }
                else
                {
                    m.Float(2, a.RealValue ?? 0f);
                    m.Varint(20, 1); // AttributeType.FLOAT
                }
            });
        }

        _nodes.Add(w.ToArray());
        return this;
    }

    /// <summary>A <c>metadata_props</c> entry.</summary>
    public OnnxModelWriter Metadata(string key, string value)
    {
        _metadata.Add((key, value));
        return this;
    }

    /// <summary>The <c>ModelProto</c> bytes.</summary>
    public byte[] ToArray(long irVersion = 8, long opset = 13, string graphName = "graph")
    {
        var model = new ProtoWriter();
        model.Varint(1, (ulong)irVersion);
        model.String(2, "saarthi");
        model.Message(7, g =>
        {
            foreach (var n in _nodes)
            {
                g.Bytes(1, n);
            }

            g.String(2, graphName);
            foreach (var t in _initializers)
            {
                g.Bytes(5, t);
            }

            foreach (var i in _inputs)
            {
                g.Bytes(11, i);
            }

            foreach (var o in _outputs)
            {
                g.Bytes(12, o);
            }
        });
        model.Message(8, o =>
        {
            o.String(1, string.Empty);
            o.Varint(2, (ulong)opset);
        });
        foreach (var (key, value) in _metadata)
        {
            model.Message(14, e =>
            {
                e.String(1, key);
                e.String(2, value);
            });
        }

        return model.ToArray();
    }

    private static byte[] ValueInfo(string name, OnnxElementType type, object[] dims)
    {
        var w = new ProtoWriter();
        w.String(1, name);
        w.Message(2, typeProto => typeProto.Message(1, tensor =>
        {
            tensor.Varint(1, (ulong)type);
            tensor.Message(2, shape =>
            {
                foreach (var d in dims)
                {
                    shape.Message(1, dim =>
                    {
                        if (d is string symbol)
                        {
                            dim.String(2, symbol);
                        }
                        else
                        {
                            dim.Varint(1, (ulong)Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture));
                        }
                    });
                }
            });
        }));
        return w.ToArray();
    }

    private static byte[] Tensor(string name, OnnxElementType type, long[] dims, byte[] raw)
    {
        var w = new ProtoWriter();
        foreach (var d in dims)
        {
            w.Varint(1, (ulong)d);
        }

        w.Varint(2, (ulong)type);
        w.String(8, name);
        w.Bytes(9, raw);
        return w.ToArray();
    }

    /// <summary>Protobuf wire format: tags, varints, length-delimited bytes, little-endian floats.</summary>
    private sealed class ProtoWriter
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();

        public void Varint(int field, ulong value)
        {
            Tag(field, 0);
            Raw(value);
        }

        public void Float(int field, float value)
        {
            Tag(field, 5);
            BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
            _buffer.Advance(4);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, byte[] value)
        {
            Tag(field, 2);
            Raw((ulong)value.Length);
            System.Buffers.BuffersExtensions.Write(_buffer, value.AsSpan());
        }

        public void Message(int field, Action<ProtoWriter> build)
        {
            var inner = new ProtoWriter();
            build(inner);
            Bytes(field, inner.ToArray());
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        private void Tag(int field, int wire) => Raw(((ulong)field << 3) | (uint)wire);

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                Byte((byte)(value | 0x80));
                value >>= 7;
            }

            Byte((byte)value);
        }

        private void Byte(byte b)
        {
            _buffer.GetSpan(1)[0] = b;
            _buffer.Advance(1);
        }
    }
}
