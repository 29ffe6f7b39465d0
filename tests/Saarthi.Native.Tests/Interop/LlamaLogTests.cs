using System.Collections.Concurrent;
using Saarthi.Native.Interop.Ggml;
using Saarthi.Native.Interop.Llama;
using Saarthi.TestSupport;

namespace Saarthi.Native.Tests.Interop;

public sealed class LlamaLogTests(LlamaFixture fixture) : IClassFixture<LlamaFixture>
{
    [Fact]
    public void Sink_WhileAModelLoads_ReceivesLlamasLinesInsteadOfStderr()
    {
        var lines = new ConcurrentQueue<(GgmlLogLevel Level, string Line)>();
        LlamaLog.SetSink((level, line) => lines.Enqueue((level, line)));
        try
        {
            using var model = LlamaModel.Load(fixture.ModelPath);
        }
        finally
        {
            LlamaLog.SetSink(null);
        }

        Assert.Contains(lines, l => l.Line.Contains("llama_model_loader", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Line.EndsWith('\n'));
    }

    [Fact]
    public void Capture_RefusedModel_PutsLlamasErrorIntoTheException()
    {
        var path = GgufTestModels.WriteTruncated(fixture.Directory, 0.7, "refused.gguf");

        var e = Assert.Throws<LlamaModelException>(() => LlamaModel.Load(path, new LlamaModelOptions { Validate = false }));

        Assert.Matches("llama said: .*(file bounds|failed to load|tensor)", e.Message);
    }
}
