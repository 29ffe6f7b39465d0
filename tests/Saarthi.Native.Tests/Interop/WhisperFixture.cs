using Saarthi.Native.Interop.Whisper;
using Saarthi.TestSupport;

namespace Saarthi.Native.Tests.Interop;

/// <summary>
/// One generated random-weight whisper model (multilingual, f16) shared by a test class. Its text context is 64, so
/// random weights stop each 30 s window at 28 tokens: a transcription costs ~0.1 s instead of ~0.3 s on one thread.
/// </summary>
public sealed class WhisperFixture : IDisposable
{
    private readonly TempWhisperModel model = new(new TinyWhisperSpec { TextContext = 64 });

    public string ModelPath => model.Path;

    public string Directory => model.Directory;

    public void Dispose() => model.Dispose();
}

/// <summary>The NATIVE.md-sized test model (text context 448): random weights decode every window to 220 tokens, ~0.3 s.</summary>
public sealed class WhisperLongDecodeFixture : IDisposable
{
    private readonly TempWhisperModel model = new();

    public string ModelPath => model.Path;

    public void Dispose() => model.Dispose();
}
