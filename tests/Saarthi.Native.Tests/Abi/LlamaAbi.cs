using Saarthi.Native.Interop.Llama;

namespace Saarthi.Native.Tests.Abi;

/// <summary>llama.h structs mirrored in <c>src/Saarthi.Native/Interop/Llama/LlamaStructs.cs</c>.</summary>
public sealed class LlamaAbi : IAbiCatalog
{
    public IEnumerable<AbiStruct> Structs =>
    [
        AbiStruct.Of(typeof(LlamaModelParams), "llama.h", "struct llama_model_params"),
        AbiStruct.Of(typeof(LlamaContextParams), "llama.h", "struct llama_context_params"),
        AbiStruct.Of(typeof(LlamaBatch), "llama.h", "struct llama_batch"),
        AbiStruct.Of(typeof(LlamaSamplerChainParams), "llama.h", "struct llama_sampler_chain_params"),
        AbiStruct.Of(typeof(LlamaChatMessage), "llama.h", "struct llama_chat_message"),
        AbiStruct.Of(typeof(LlamaTokenData), "llama.h", "struct llama_token_data"),
        AbiStruct.Of(typeof(LlamaTokenDataArray), "llama.h", "struct llama_token_data_array"),
    ];
}
