using Saarthi.Native.Interop.Llama;
using Saarthi.TestSupport;

namespace Saarthi.Native.Tests.Interop;

/// <summary>The tiny random-weight llama model (generated into a temp folder) loaded once for a test class.</summary>
public sealed class LlamaFixture : IDisposable
{
    public LlamaFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("saarthi-llama-").FullName;
        ModelPath = GgufTestModels.Write(Directory);
        Model = LlamaModel.Load(ModelPath);
    }

    public string Directory { get; }

    public string ModelPath { get; }

    public LlamaModel Model { get; }

    /// <summary>One thread (deterministic timing, and 2 threads on 2 cores only adds jitter), a 512-token context.</summary>
    public static LlamaContextOptions OneThread { get; } = new() { ContextSize = 512, Threads = 1 };

    public void Dispose()
    {
        Model.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>The ~15 MB model whose 1000-token prompt takes about half a second to decode: for cancellation.</summary>
public sealed class LlamaSlowFixture : IDisposable
{
    public LlamaSlowFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("saarthi-llama-slow-").FullName;
        ModelPath = GgufTestModels.Write(Directory, GgufTestModels.Slow, "slow.gguf");
    }

    public string Directory { get; }

    public string ModelPath { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
