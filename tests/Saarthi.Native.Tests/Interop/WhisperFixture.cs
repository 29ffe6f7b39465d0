using Saarthi.TestSupport;

namespace Saarthi.Native.Tests.Interop;

/// <summary>One generated random-weight whisper model (multilingual, f16, ~7.5 MB) shared by a test class.</summary>
public sealed class WhisperFixture : IDisposable
{
    private readonly TempWhisperModel model = new();

    public string ModelPath => model.Path;

    public string Directory => model.Directory;

    public void Dispose() => model.Dispose();
}
