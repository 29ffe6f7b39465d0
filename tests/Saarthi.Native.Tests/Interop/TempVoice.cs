using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Native.Tests.Interop;

/// <summary>A generated tiny Piper voice (<see cref="TinyVitsVoice"/>) in its own temporary folder, deleted on dispose.</summary>
internal sealed class TempVoice : IDisposable
{
    public TempVoice(TinyVitsVoiceSpec? spec = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("saarthi-voice-").FullName;
        Settings = TinyVitsVoice.Write(Directory, spec);
    }

    public string Directory { get; }

    public VitsVoiceSettings Settings { get; }

    /// <summary>A file in the voice's folder.</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
