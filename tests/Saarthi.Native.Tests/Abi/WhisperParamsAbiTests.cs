using Saarthi.Native.Interop.Whisper;

namespace Saarthi.Native.Tests.Abi;

/// <summary>
/// Struct returns by value: whisper_full_default_params returns 304 bytes in memory. If the mirror or the calling
/// convention were off, the copy returned by value would differ from the one whisper fills on the heap (by_ref).
/// </summary>
public sealed unsafe class WhisperParamsAbiTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FullDefaultParams_ByValueAndByRef_AgreeFieldByField(int strategy)
    {
        var byValue = WhisperNative.whisper_full_default_params(strategy);
        var byRef = WhisperNative.whisper_full_default_params_by_ref(strategy);
        try
        {
            var a = new ReadOnlySpan<byte>(&byValue, sizeof(WhisperFullParams));
            var b = new ReadOnlySpan<byte>(byRef, sizeof(WhisperFullParams));
            foreach (var (name, offset, size) in Fields(typeof(WhisperFullParams)))
            {
                Assert.True(a.Slice(offset, size).SequenceEqual(b.Slice(offset, size)), $"{name} differs");
            }

            Assert.Equal(strategy, byValue.strategy);
            Assert.Equal(strategy == 0 ? 5 : -1, byValue.greedy_best_of);
            Assert.Equal(strategy == 1 ? 5 : -1, byValue.beam_search_beam_size);
            Assert.Equal(1, byValue.no_context);
            Assert.Equal(1, byValue.suppress_blank);
            Assert.Equal(0.2f, byValue.temperature_inc);
            Assert.Equal(100f, byValue.grammar_penalty);
            Assert.Equal("en", new string((sbyte*)byValue.language));
            Assert.Equal(0.5f, byValue.vad_params.threshold);
        }
        finally
        {
            WhisperNative.whisper_free_params(byRef);
        }
    }

    [Fact]
    public void ContextDefaultParams_ByValue_HaveWhispersDefaults()
    {
        var parameters = WhisperNative.whisper_context_default_params();

        Assert.Equal(1, parameters.use_gpu);
        Assert.Equal(1, parameters.flash_attn);
        Assert.Equal(0, parameters.gpu_device);
        Assert.Equal(0, parameters.dtw_token_timestamps);
        Assert.Equal(-1, parameters.dtw_n_top);
        Assert.Equal(1024UL * 1024 * 128, (ulong)parameters.dtw_mem_size);
    }

    private static IEnumerable<(string Name, int Offset, int Size)> Fields(Type type) =>
        AbiStruct.InstanceFields(type).Select(f => (f.Name, (int)System.Runtime.InteropServices.Marshal.OffsetOf(type, f.Name), AbiStruct.FieldSize(f.FieldType)));

}
