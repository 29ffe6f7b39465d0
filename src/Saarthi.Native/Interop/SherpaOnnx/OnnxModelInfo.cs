using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>ONNX tensor element types used by TTS models (<c>TensorProto.DataType</c>).</summary>
public enum OnnxElementType
{
    Undefined = 0,
    Real32 = 1,
    Integer32 = 6,
    Integer64 = 7,
}

/// <summary>A graph input or output: its name and element type.</summary>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType);

/// <summary>The model file is not a whole ONNX <c>ModelProto</c> (truncated, another format, damaged).</summary>
public sealed class OnnxModelFormatException : Exception
{
    public OnnxModelFormatException()
    {
    }

    public OnnxModelFormatException(string message)
        : base(message)
    {
    }

    public OnnxModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// What an ONNX file says about itself without running it: IR version, opsets, graph inputs and outputs, metadata.
/// Read by walking the protobuf wire format and seeking past weights, so a 60 MB voice is checked in milliseconds.
/// ONNX Runtime answers a damaged file with a C++ exception that sherpa-onnx does not catch (the process aborts), so
/// a file is read whole here first: every field must be well formed and end exactly at the end of the file.
/// </summary>
public sealed class OnnxModelInfo
{
    // ModelProto, GraphProto, ValueInfoProto, TypeProto and StringStringEntryProto field numbers (onnx.proto3).
    private const int ModelIrVersion = 1;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;
    private const int ModelMetadataProps = 14;
    private const int GraphInput = 11;
    private const int GraphOutput = 12;

    private OnnxModelInfo(long irVersion, IReadOnlyDictionary<string, long> opsets, IReadOnlyList<OnnxValueInfo> inputs,
        IReadOnlyList<OnnxValueInfo> outputs, IReadOnlyDictionary<string, string> metadata)
    {
        IrVersion = irVersion;
        Opsets = opsets;
        Inputs = inputs;
        Outputs = outputs;
        Metadata = metadata;
    }

    public long IrVersion { get; }

    /// <summary>Operator set versions by domain ("" is the default ONNX domain).</summary>
    public IReadOnlyDictionary<string, long> Opsets { get; }

    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The model's <c>metadata_props</c> (sherpa-onnx reads a voice's sample rate, language and kind here).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="OnnxModelFormatException">The file is not a whole ONNX model.</exception>
    public static OnnxModelInfo Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no ONNX model at '{path}'", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Read(stream);
        }
        catch (OnnxModelFormatException e)
        {
            throw new OnnxModelFormatException($"'{path}' is not a whole ONNX model: {e.Message}", e);
        }
    }

    /// <summary>Reads a model from a seekable stream, from its current position to its end.</summary>
    public static OnnxModelInfo Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new WireReader(stream);
        long irVersion = -1;
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        var graphs = 0;
        var end = stream.Length;
        if (end - stream.Position < 16)
        {
            throw new OnnxModelFormatException($"{end - stream.Position} bytes is too short for a model");
        }

        while (stream.Position < end)
        {
            var (field, wire) = reader.Tag(end);
            switch (field, wire)
            {
                case (ModelIrVersion, WireType.Varint):
                    irVersion = (long)reader.Varint(end);
                    break;
                case (ModelGraph, WireType.Length):
                    graphs++;
                    ReadGraph(reader, reader.Length(end), inputs, outputs);
                    break;
                case (ModelOpsetImport, WireType.Length):
                    var (domain, version) = ReadOpset(reader, reader.Length(end));
                    opsets[domain] = version;
                    break;
                case (ModelMetadataProps, WireType.Length):
                    var (key, value) = ReadEntry(reader, reader.Length(end));
                    metadata[key] = value;
                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }

        if (irVersion is < 3 or > 20)
        {
            throw new OnnxModelFormatException(irVersion < 0 ? "no ir_version" : $"ir_version {irVersion} is not one ONNX defines");
        }

        if (graphs != 1)
        {
            throw new OnnxModelFormatException(graphs == 0 ? "no graph" : $"{graphs} graphs");
        }

        if (opsets.Count == 0)
        {
            throw new OnnxModelFormatException("no opset_import");
        }

        return new OnnxModelInfo(irVersion, opsets, inputs, outputs, metadata);
    }

    private static void ReadGraph(WireReader reader, long end, List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs)
    {
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag(end);
            switch (field, wire)
            {
                case (GraphInput, WireType.Length):
                    inputs.Add(ReadValueInfo(reader, reader.Length(end)));
                    break;
                case (GraphOutput, WireType.Length):
                    outputs.Add(ReadValueInfo(reader, reader.Length(end)));
                    break;
                default:
                    reader.Skip(wire, end);
                    break;
            }
        }
    }

    private static OnnxValueInfo ReadValueInfo(WireReader reader, long end)
    {
        var name = string.Empty;
        var type = OnnxElementType.Undefined;
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag(end);
            if (field == 1 && wire == WireType.Length)
            {
                name = reader.String(reader.Length(end));
            }
            else if (field == 2 && wire == WireType.Length)
            {
                type = ReadTensorElementType(reader, reader.Length(end));
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return new OnnxValueInfo(name, type);
    }

    // TypeProto.tensor_type (1) → TypeProto.Tensor.elem_type (1).
    private static OnnxElementType ReadTensorElementType(WireReader reader, long end)
    {
        var type = OnnxElementType.Undefined;
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag(end);
            if (field == 1 && wire == WireType.Length)
            {
                var tensorEnd = reader.Length(end);
                while (reader.Position < tensorEnd)
                {
                    var (inner, innerWire) = reader.Tag(tensorEnd);
                    if (inner == 1 && innerWire == WireType.Varint)
                    {
                        type = (OnnxElementType)(int)reader.Varint(tensorEnd);
                    }
                    else
                    {
                        reader.Skip(innerWire, tensorEnd);
                    }
                }
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return type;
    }

    private static (string Domain, long Version) ReadOpset(WireReader reader, long end)
    {
        var domain = string.Empty;
        long version = 0;
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag(end);
            if (field == 1 && wire == WireType.Length)
            {
                domain = reader.String(reader.Length(end));
            }
            else if (field == 2 && wire == WireType.Varint)
            {
                version = (long)reader.Varint(end);
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return (domain, version);
    }

    private static (string Key, string Value) ReadEntry(WireReader reader, long end)
    {
        string key = string.Empty, value = string.Empty;
        while (reader.Position < end)
        {
            var (field, wire) = reader.Tag(end);
            if (field is 1 or 2 && wire == WireType.Length)
            {
                var text = reader.String(reader.Length(end));
                if (field == 1)
                {
                    key = text;
                }
                else
                {
                    value = text;
                }
            }
            else
            {
                reader.Skip(wire, end);
            }
        }

        return (key, value);
    }

    private enum WireType
    {
        Varint = 0,
        Fixed64 = 1,
        Length = 2,
        Fixed32 = 5,
    }

    /// <summary>Protobuf wire-format reading with every length checked against the enclosing message's end.</summary>
    private sealed class WireReader(Stream stream)
    {
        public long Position => stream.Position;

        public (int Field, WireType Wire) Tag(long end)
        {
            var tag = Varint(end);
            var wire = (int)(tag & 7);
            var field = tag >> 3;
            if (field is 0 or > 536_870_911 || wire is 3 or 4 or > 5)
            {
                throw new OnnxModelFormatException($"bad field tag {tag} at byte {stream.Position}");
            }

            return ((int)field, (WireType)wire);
        }

        public ulong Varint(long end)
        {
            ulong value = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                if (stream.Position >= end)
                {
                    throw new OnnxModelFormatException($"a number runs past its message at byte {stream.Position}");
                }

                var b = stream.ReadByte();
                if (b < 0)
                {
                    throw new OnnxModelFormatException("the file ends inside a number");
                }

                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new OnnxModelFormatException($"a number longer than 10 bytes at byte {stream.Position}");
        }

        /// <summary>Reads a length prefix and returns where that field ends.</summary>
        public long Length(long end)
        {
            var length = Varint(end);
            if (length > (ulong)(end - stream.Position))
            {
                throw new OnnxModelFormatException($"a field of {length} bytes at byte {stream.Position} runs past its message (the file may be truncated)");
            }

            return stream.Position + (long)length;
        }

        public string String(long fieldEnd)
        {
            var bytes = new byte[fieldEnd - stream.Position];
            stream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        public void Skip(WireType wire, long end)
        {
            switch (wire)
            {
                case WireType.Varint:
                    Varint(end);
                    break;
                case WireType.Fixed64:
                    SeekTo(stream.Position + 8, end);
                    break;
                case WireType.Fixed32:
                    SeekTo(stream.Position + 4, end);
                    break;
                default:
                    SeekTo(Length(end), end);
                    break;
            }
        }

        private void SeekTo(long target, long end)
        {
            if (target > end)
            {
                throw new OnnxModelFormatException($"a field at byte {stream.Position} runs past its message (the file may be truncated)");
            }

            stream.Position = target;
        }
    }
}
