using Saarthi.Native.Interop.Whisper;

namespace Saarthi.Native.Tests.Abi;

/// <summary>whisper.h structs mirrored in <c>src/Saarthi.Native/Interop/Whisper/WhisperStructs.cs</c>.</summary>
public sealed class WhisperAbi : IAbiCatalog
{
    public IEnumerable<AbiStruct> Structs =>
    [
        AbiStruct.Of(
            typeof(WhisperContextParams),
            "whisper.h",
            "struct whisper_context_params",
            ("dtw_aheads_n_heads", "dtw_aheads.n_heads"),
            ("dtw_aheads_heads", "dtw_aheads.heads")),
        AbiStruct.Of(typeof(WhisperVadParams), "whisper.h", "whisper_vad_params"),
        AbiStruct.Of(
            typeof(WhisperFullParams),
            "whisper.h",
            "struct whisper_full_params",
            ("greedy_best_of", "greedy.best_of"),
            ("beam_search_beam_size", "beam_search.beam_size"),
            ("beam_search_patience", "beam_search.patience")),
    ];
}
