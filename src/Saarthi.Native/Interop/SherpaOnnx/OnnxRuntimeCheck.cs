using System.Runtime.InteropServices;
using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

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
    private const int CreateSessionOptionsIndex = 10;
    private const int ReleaseStatusIndex = 93;
    private const int ReleaseSessionIndex = 95;
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

    /// <summary>Null when ONNX Runtime loads <paramref name="modelPath"/>, else its error message.</summary>
    /// <exception cref="NativeLibraryMissingException"><c>libonnxruntime.so</c> is missing.</exception>
    public static string? TryLoad(string modelPath)
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

            try
            {
                nint session = 0;
                fixed (byte* p = path)
                {
                    error = Check(((delegate* unmanaged<nint, byte*, nint, nint*, nint>)table[CreateSessionIndex])(env, p, options, &session));
                }

                if (session != 0)
                {
                    ((delegate* unmanaged<nint, void>)table[ReleaseSessionIndex])(session);
                }

                return error;
            }
            finally
            {
                ((delegate* unmanaged<nint, void>)table[ReleaseSessionOptionsIndex])(options);
            }
        }
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
