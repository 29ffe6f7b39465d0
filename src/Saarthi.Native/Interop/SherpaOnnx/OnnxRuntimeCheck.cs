using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>One input of a trial run: int64 or float data of the given shape.</summary>
public sealed record OnnxTrialInput(string Name, long[] Shape, long[]? Integers = null, float[]? Reals = null);

/// <summary>
/// Loads a model into an ONNX Runtime session through ORT's C API — the same <c>libonnxruntime.so</c> sherpa-onnx
/// uses — and releases it. ORT's C API reports a bad model as an error status; sherpa-onnx goes through ORT's C++
/// wrapper, whose exception it does not catch, so the process would abort. A model this accepts, sherpa-onnx loads.
/// </summary>
public static unsafe partial class OnnxRuntimeCheck
{
    // Indices into the OrtApi function table (append-only since ORT 1.0; checked against onnxruntime_c_api.h).
    private const int GetErrorMessageIndex = 2;
    private const int CreateEnvIndex = 3;
    private const int CreateSessionIndex = 7;
    private const int RunIndex = 9;
    private const int CreateSessionOptionsIndex = 10;
    private const int CreateTensorWithDataAsOrtValueIndex = 49;
    private const int CreateCpuMemoryInfoIndex = 69;
    private const int ReleaseStatusIndex = 93;
    private const int ReleaseMemoryInfoIndex = 94;
    private const int ReleaseSessionIndex = 95;
    private const int ReleaseValueIndex = 96;
    private const int ReleaseSessionOptionsIndex = 100;

    /// <summary>The oldest API version whose table has every index above; any newer ORT serves it.</summary>
    private const uint ApiVersion = 13;

    /// <summary>ORT_LOGGING_LEVEL_ERROR: the verdict comes back as a status, not on stderr.</summary>
    private const int LogLevelError = 3;

    private static readonly Lock Gate = new();
    private static nint* api;
    private static nint env;

    /// <summary>ONNX Runtime's version string (e.g. <c>1.27.0</c>).</summary>
    public static string Version
    {
        get
        {
            var getVersion = (delegate* unmanaged<byte*>)OrtGetApiBase()->GetVersionString;
            return Marshal.PtrToStringUTF8((nint)getVersion()) ?? "?";
        }
    }

    /// <summary>
    /// Null when ONNX Runtime loads <paramref name="modelPath"/> (and, given <paramref name="trialInputs"/>, runs it
    /// on them asking for <paramref name="outputs"/>), else ORT's error message.
    /// </summary>
    /// <exception cref="NativeLibraryMissingException"><c>libonnxruntime.so</c> is missing.</exception>
    public static string? TryLoad(string modelPath, IReadOnlyList<OnnxTrialInput>? trialInputs = null, IReadOnlyList<string>? outputs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(modelPath) + "\0");
        lock (Gate)
        {
            var table = Api();
            nint options = 0;
            var error = Check(((delegate* unmanaged<nint*, nint>)table[CreateSessionOptionsIndex])(&options));
            if (error is not null)
            {
                return error;
            }

            nint session = 0;
            try
            {
                fixed (byte* p = path)
                {
                    error = Check(((delegate* unmanaged<nint, byte*, nint, nint*, nint>)table[CreateSessionIndex])(env, p, options, &session));
                }

                return error ?? (trialInputs is null ? null : TryRun(table, session, trialInputs, outputs ?? []));
            }
            finally
            {
                if (session != 0)
                {
                    ((delegate* unmanaged<nint, void>)table[ReleaseSessionIndex])(session);
                }

                ((delegate* unmanaged<nint, void>)table[ReleaseSessionOptionsIndex])(options);
            }
        }
    }

    /// <summary>One run of <paramref name="session"/>: what sherpa-onnx does per sentence, where ORT's C++ wrapper would throw.</summary>
    private static string? TryRun(nint* table, nint session, IReadOnlyList<OnnxTrialInput> inputs, IReadOnlyList<string> outputs)
    {
        nint memory = 0;
        var error = Check(((delegate* unmanaged<int, int, nint*, nint>)table[CreateCpuMemoryInfoIndex])(0, 0, &memory)); // device allocator, default memory
        if (error is not null)
        {
            return error;
        }

        var pins = new List<GCHandle>();
        var values = new nint[inputs.Count];
        var results = new nint[outputs.Count];
        var names = new List<GCHandle>();
        try
        {
            for (var i = 0; i < inputs.Count && error is null; i++)
            {
                var input = inputs[i];
                Array data = input.Integers is not null ? input.Integers : input.Reals ?? [];
                var bytes = input.Integers is not null ? input.Integers.Length * 8 : data.Length * 4;
                var elementType = input.Integers is not null ? OnnxElementType.Integer64 : OnnxElementType.Real32;
                var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
                pins.Add(pin);
                var shape = GCHandle.Alloc(input.Shape, GCHandleType.Pinned);
                pins.Add(shape);
                nint value = 0;
                error = Check(((delegate* unmanaged<nint, nint, nuint, long*, nuint, int, nint*, nint>)table[CreateTensorWithDataAsOrtValueIndex])(
                    memory, pin.AddrOfPinnedObject(), (nuint)bytes, (long*)shape.AddrOfPinnedObject(), (nuint)input.Shape.Length, (int)elementType, &value));
                values[i] = value;
            }

            if (error is not null)
            {
                return error;
            }

            var inputNames = inputs.Select(x => Pin(Encoding.UTF8.GetBytes(x.Name + "\0"), names)).ToArray();
            var outputNames = outputs.Select(x => Pin(Encoding.UTF8.GetBytes(x + "\0"), names)).ToArray();
            fixed (nint* inNames = inputNames)
            fixed (nint* outNames = outputNames)
            fixed (nint* inValues = values)
            fixed (nint* outValues = results)
            {
                return Check(((delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)table[RunIndex])(
                    session, 0, inNames, inValues, (nuint)inputs.Count, outNames, (nuint)outputs.Count, outValues));
            }
        }
        finally
        {
            foreach (var v in values.Concat(results).Where(v => v != 0))
            {
                ((delegate* unmanaged<nint, void>)table[ReleaseValueIndex])(v);
            }

            ((delegate* unmanaged<nint, void>)table[ReleaseMemoryInfoIndex])(memory);
            foreach (var h in pins.Concat(names))
            {
                h.Free();
            }
        }
    }

    private static nint Pin(byte[] bytes, List<GCHandle> handles)
    {
        var h = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        handles.Add(h);
        return h.AddrOfPinnedObject();
    }

    [LibraryImport(NativeLibraryNames.OnnxRuntime)]
    private static partial OrtApiBase* OrtGetApiBase();

    /// <summary>The API table and the process's ORT environment (kept for the process's life: ORT shares one).</summary>
    private static nint* Api()
    {
        if (api is not null)
        {
            return api;
        }

        var table = (nint*)((delegate* unmanaged<uint, nint>)OrtGetApiBase()->GetApi)(ApiVersion);
        if (table is null)
        {
            throw new SherpaOnnxException("OrtGetApiBase()->GetApi", -1, $"ONNX Runtime does not serve API version {ApiVersion}");
        }

        nint created = 0;
        var logId = "saarthi-check\0"u8.ToArray();
        fixed (byte* id = logId)
        {
            var status = ((delegate* unmanaged<int, byte*, nint*, nint>)table[CreateEnvIndex])(LogLevelError, id, &created);
            api = table;
            var error = Check(status);
            if (error is not null)
            {
                api = null;
                throw new SherpaOnnxException("OrtApi.CreateEnv", -1, error);
            }
        }

        env = created;
        return api;
    }

    /// <summary>Null for success (a null status), else the status's message; the status is released.</summary>
    private static string? Check(nint status)
    {
        if (status == 0)
        {
            return null;
        }

        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)api[GetErrorMessageIndex])(status)) ?? "unknown error";
        ((delegate* unmanaged<nint, void>)api[ReleaseStatusIndex])(status);
        return message;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OrtApiBase
    {
        public nint GetApi;
        public nint GetVersionString;
    }
}
