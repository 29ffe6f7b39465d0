using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Native.Tests.Abi;

/// <summary>
/// sherpa-onnx structs mirrored in <c>src/Saarthi.Native/Interop/SherpaOnnx</c> (VAD and offline TTS). c-api.h is in
/// no npm package, so the structs are checked against <c>sherpa-onnx-c-api.h</c> beside this file: a verbatim excerpt
/// of the header at tag v1.13.4, the build of the pinned library.
/// </summary>
public sealed class SherpaOnnxAbi : IAbiCatalog
{
    /// <summary>The excerpt, by absolute path (the probe includes it as given; native/include is not where it lives).</summary>
    public static string Header { get; } = FindHeader();

    public IEnumerable<AbiStruct> Structs =>
    [
        AbiStruct.Of(typeof(SherpaOnnxSileroVadModelConfig), Header, "SherpaOnnxSileroVadModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxTenVadModelConfig), Header, "SherpaOnnxTenVadModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxVadModelConfig), Header, "SherpaOnnxVadModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxSpeechSegment), Header, "SherpaOnnxSpeechSegment"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsVitsModelConfig), Header, "SherpaOnnxOfflineTtsVitsModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsMatchaModelConfig), Header, "SherpaOnnxOfflineTtsMatchaModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsKokoroModelConfig), Header, "SherpaOnnxOfflineTtsKokoroModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsKittenModelConfig), Header, "SherpaOnnxOfflineTtsKittenModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsZipvoiceModelConfig), Header, "SherpaOnnxOfflineTtsZipvoiceModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsPocketModelConfig), Header, "SherpaOnnxOfflineTtsPocketModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsSupertonicModelConfig), Header, "SherpaOnnxOfflineTtsSupertonicModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsModelConfig), Header, "SherpaOnnxOfflineTtsModelConfig"),
        AbiStruct.Of(typeof(SherpaOnnxOfflineTtsConfig), Header, "SherpaOnnxOfflineTtsConfig"),
        AbiStruct.Of(typeof(SherpaOnnxGeneratedAudio), Header, "SherpaOnnxGeneratedAudio"),
        AbiStruct.Of(typeof(SherpaOnnxGenerationConfig), Header, "SherpaOnnxGenerationConfig"),
    ];

    private static string FindHeader()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "Saarthi.Native.Tests", "Abi", "sherpa-onnx-c-api.h");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("tests/Saarthi.Native.Tests/Abi/sherpa-onnx-c-api.h not found above " + AppContext.BaseDirectory);
    }
}
