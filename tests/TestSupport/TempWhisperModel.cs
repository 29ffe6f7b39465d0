using Saarthi.Native.Interop.Whisper;

namespace Saarthi.TestSupport;

/// <summary>A generated model in its own temporary folder, deleted on dispose.</summary>
internal sealed class TempWhisperModel : IDisposable
{
    public TempWhisperModel(TinyWhisperSpec? spec = null, string fileName = "ggml-test-random.bin")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("saarthi-whisper-").FullName;
        Spec = spec ?? new TinyWhisperSpec();
        Path = TinyWhisperModel.Write(System.IO.Path.Combine(Directory, fileName), Spec);
    }

    public string Directory { get; }

    public string Path { get; }

    public TinyWhisperSpec Spec { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
