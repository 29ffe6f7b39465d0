using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Speech.Tests.Tts;

/// <summary>
/// A temporary models folder for voice tests: <c>tts/&lt;id&gt;/</c> voice folders as models/fetch.sh unpacks them
/// (holding a generated tiny Piper voice, <see cref="TinyVitsVoice"/>), and a manifest listing them.
/// </summary>
internal sealed class TinyVoiceFolder : IDisposable
{
    private readonly List<string> _entries = [];

    public TinyVoiceFolder()
    {
        Root = Directory.CreateTempSubdirectory("saarthi-voices-").FullName;
        ManifestPath = Path.Combine(Root, "manifest.json");
        WriteManifest();
    }

    public string Root { get; }

    public string ManifestPath { get; }

    /// <summary>Writes a voice into <c>tts/&lt;id&gt;/</c>, lists it in the manifest for <paramref name="languages"/>, and returns its settings.</summary>
    public VitsVoiceSettings AddVoice(string id, string languages, TinyVitsVoiceSpec? spec = null, bool isDefault = true)
    {
        var settings = TinyVitsVoice.Write(Path.Combine(Root, "tts", id), spec);
        _entries.Add($$"""{ "id": "{{id}}", "default": {{(isDefault ? "true" : "false")}}, "languages": "{{languages}}", "file": "{{id}}.tar.bz2" }""");
        WriteManifest();
        return settings;
    }

    /// <summary>Lists a voice in the manifest without provisioning its folder.</summary>
    public void ListOnly(string id, string languages)
    {
        _entries.Add($$"""{ "id": "{{id}}", "default": true, "languages": "{{languages}}", "file": "{{id}}.tar.bz2" }""");
        WriteManifest();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void WriteManifest() =>
        File.WriteAllText(ManifestPath, $$"""{ "schema": 1, "tts": [ {{string.Join(", ", _entries)}} ] }""");
}
