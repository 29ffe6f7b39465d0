using Saarthi.Native;
using Saarthi.Native.Interop.SherpaOnnx;

namespace Saarthi.Speech.Tts;

/// <summary>What <see cref="TextToSpeechSelection"/> chooses from.</summary>
public sealed record TextToSpeechOptions
{
    /// <summary>models/manifest.json; default: found beside the application or above it.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>Folders searched for provisioned voices; default <see cref="VoiceManifest.DefaultDirectories"/>.</summary>
    public IReadOnlyList<string>? VoiceDirectories { get; init; }

    /// <summary>Voices named by configuration, by language: a voice folder, a <c>.onnx</c> file or a manifest id. They win over the manifest.</summary>
    public IReadOnlyDictionary<string, string> Voices { get; init; } = new Dictionary<string, string>();

    /// <summary>Rate of the Piper voices' frames; null keeps the model's rate (espeak-ng speaks at 22050 Hz).</summary>
    public int? OutputSampleRate { get; init; }

    /// <summary>Speaking rate, 100 = each engine's phone-friendly default.</summary>
    public int RatePercent { get; init; } = 100;
}

/// <summary>
/// Picks the voice for each language: a Piper/VITS voice (sherpa-onnx) where one is provisioned — named in
/// <see cref="TextToSpeechOptions.Voices"/>, or listed in the manifest's <c>tts</c> section with its folder present —
/// and loads, else espeak-ng. A voice that is missing, truncated, not ONNX, or refused by sherpa-onnx falls back to
/// espeak-ng with the reason; nothing here can end the process.
/// </summary>
public static class TextToSpeechSelection
{
    /// <summary>Builds the kiosk's voice and reports the choice in one line through <paramref name="log"/>.</summary>
    public static LanguageRoutedTextToSpeech Create(TextToSpeechOptions? options = null, Action<string>? log = null)
    {
        options ??= new TextToSpeechOptions();
        var espeak = new EspeakTextToSpeech(options.RatePercent);
        var voices = new Dictionary<string, ITextToSpeech>(StringComparer.OrdinalIgnoreCase);
        var notes = new List<string>();
        foreach (var (language, candidates) in Candidates(options, notes))
        {
            var tried = new List<string>();
            foreach (var (label, settings) in candidates)
            {
                try
                {
                    var voice = SherpaOnnxTextToSpeech.Open(settings(), options.OutputSampleRate, options.RatePercent);
                    if (!voice.Supports(language))
                    {
                        tried.Add($"{label} speaks '{voice.Language}'");
                        voice.Dispose();
                        continue;
                    }

                    voices[language] = voice;
                    break;
                }
                catch (Exception e) when (e is SherpaOnnxException or VoiceManifestException or NativeLibraryMissingException or IOException or DllNotFoundException or EntryPointNotFoundException)
                {
                    tried.Add($"{label} unusable: {FirstLine(e.Message)}");
                }
            }

            var chosen = voices.TryGetValue(language, out var v) ? v.Engine : espeak.Engine;
            notes.Add(tried.Count == 0 ? $"{language}: {chosen}" : $"{language}: {chosen} ({string.Join("; ", tried)})");
        }

        var routed = new LanguageRoutedTextToSpeech(voices, espeak);
        var others = voices.Count == 0 ? "every language" : "other languages";
        log?.Invoke($"voice: {string.Join("; ", notes.Append($"{others}: {espeak.Engine}"))}");
        return routed;
    }

    /// <summary>
    /// Loads one voice from a setting: a voice folder, a <c>.onnx</c> file, a manifest id, or <c>tiny</c> /
    /// <c>tiny:&lt;espeak voice&gt;</c> (a generated test voice, English by default, written under
    /// <paramref name="scratchDirectory"/> or a private temporary folder: it sounds like a modem, not a person).
    /// </summary>
    /// <exception cref="SherpaOnnxException">The voice's files are missing or unusable.</exception>
    /// <exception cref="VoiceManifestException">An id the manifest does not have, or no folder for it.</exception>
    public static SherpaOnnxTextToSpeech OpenVoice(string setting, TextToSpeechOptions? options = null, string? scratchDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        options ??= new TextToSpeechOptions();
        if (scratchDirectory is null && IsTiny(setting))
        {
            // A private folder, gone once the voice is loaded (sherpa-onnx has read both files by then).
            var scratch = Directory.CreateTempSubdirectory("saarthi-tiny-voice-").FullName;
            try
            {
                return SherpaOnnxTextToSpeech.Open(Resolve(setting, options, scratch), options.OutputSampleRate, options.RatePercent);
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        return SherpaOnnxTextToSpeech.Open(Resolve(setting, options, scratchDirectory), options.OutputSampleRate, options.RatePercent);
    }

    private static bool IsTiny(string setting) =>
        string.Equals(setting, "tiny", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("tiny:", StringComparison.OrdinalIgnoreCase);

    private static VitsVoiceSettings Resolve(string setting, TextToSpeechOptions options, string? scratchDirectory)
    {
        if (IsTiny(setting))
        {
            var espeakVoice = setting.Length > 5 ? setting[5..] : "en-us";
            var scratch = Path.Combine(scratchDirectory ?? Path.Combine(Path.GetTempPath(), "saarthi-tiny-voice"), espeakVoice);
            return TinyVitsVoice.Write(scratch, new TinyVitsVoiceSpec { EspeakVoice = espeakVoice, Language = espeakVoice });
        }

        if (Directory.Exists(setting))
        {
            return VitsVoiceSettings.FromDirectory(setting);
        }

        if (setting.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || setting.Contains('/', StringComparison.Ordinal))
        {
            return VitsVoiceSettings.FromModel(setting);
        }

        var manifest = options.ManifestPath ?? VoiceManifest.FindManifest()
            ?? throw new VoiceManifestException($"'{setting}' is not a voice folder or .onnx file, and there is no models/manifest.json to look it up in");
        var entry = VoiceManifest.Read(manifest).FirstOrDefault(e => string.Equals(e.Id, setting, StringComparison.Ordinal))
            ?? throw new VoiceManifestException($"'{setting}' is not a voice folder, an .onnx file or a tts id in {manifest}");
        var directories = options.VoiceDirectories ?? VoiceManifest.DefaultDirectories(manifest);
        var folder = VoiceManifest.FindVoiceFolder(entry, directories)
            ?? throw new VoiceManifestException($"voice {entry.Id} is not provisioned: no tts/{entry.Id} folder in {string.Join(", ", directories)} (models/fetch.sh {entry.Id})");
        return SettingsFor(entry, folder);
    }

    private static VitsVoiceSettings SettingsFor(VoiceManifestEntry entry, string folder) =>
        entry.Model is null ? VitsVoiceSettings.FromDirectory(folder) : VitsVoiceSettings.FromModel(Path.Combine(folder, entry.Model));

    /// <summary>Per language, the voices to try in order (configured first, then the manifest's default, then its others).</summary>
    private static IEnumerable<(string Language, List<(string Label, Func<VitsVoiceSettings> Settings)> Candidates)> Candidates(TextToSpeechOptions options, List<string> notes)
    {
        var byLanguage = new Dictionary<string, List<(string, Func<VitsVoiceSettings>)>>(StringComparer.OrdinalIgnoreCase);
        List<(string, Func<VitsVoiceSettings>)> ListFor(string language) =>
            byLanguage.TryGetValue(language, out var list) ? list : byLanguage[language] = [];

        foreach (var (language, setting) in options.Voices)
        {
            ListFor(language).Add((setting, () => Resolve(setting, options, null)));
        }

        var manifest = options.ManifestPath ?? VoiceManifest.FindManifest();
        if (manifest is not null)
        {
            IReadOnlyList<VoiceManifestEntry> entries = [];
            try
            {
                entries = VoiceManifest.Read(manifest);
            }
            catch (VoiceManifestException e)
            {
                notes.Add(e.Message);
            }

            var directories = options.VoiceDirectories ?? VoiceManifest.DefaultDirectories(manifest);
            foreach (var entry in entries.OrderByDescending(e => e.IsDefault))
            {
                var folder = VoiceManifest.FindVoiceFolder(entry, directories);
                if (folder is null)
                {
                    continue; // not provisioned: the normal case on a box without neural voices
                }

                foreach (var language in entry.Languages)
                {
                    ListFor(language).Add((entry.Id, () => SettingsFor(entry, folder)));
                }
            }
        }

        return byLanguage.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value));
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline].TrimEnd();
    }
}
