namespace Saarthi.Native;

/// <summary>Where a native library comes from.</summary>
public enum NativeLibrarySource
{
    /// <summary>Fetched by <c>scripts/setup-native.sh</c> into <c>native/&lt;rid&gt;/</c>.</summary>
    Bundled,

    /// <summary>A Debian package, loaded by its soname.</summary>
    System,
}

/// <summary>One native library the appliance binds: its logical name (as used in <c>[LibraryImport]</c>) and how to get it.</summary>
/// <param name="LogicalName">The name used in <c>[LibraryImport("...")]</c>.</param>
/// <param name="FileName">The file (bundled) or soname (system) to load.</param>
/// <param name="Source">Bundled by setup or provided by a Debian package.</param>
/// <param name="CanarySymbol">An export that proves the right library was loaded.</param>
/// <param name="InstallHint">What installs it, for error messages and <c>doctor</c>.</param>
public sealed record NativeLibraryInfo(
    string LogicalName,
    string FileName,
    NativeLibrarySource Source,
    string CanarySymbol,
    string InstallHint);

/// <summary>The logical library names used across the solution.</summary>
public static class NativeLibraryNames
{
    public const string Llama = "llama";
    public const string Ggml = "ggml";
    public const string Whisper = "whisper";
    public const string SherpaOnnx = "sherpa-onnx";
    public const string OnnxRuntime = "onnxruntime";
    public const string EspeakNg = "espeak-ng";
    public const string PocketSphinx = "pocketsphinx";
    public const string SphinxBase = "sphinxbase";
    public const string Asound = "asound";
    public const string Mosquitto = "mosquitto";
    public const string Gpiod = "gpiod";
    public const string Libc = "libc";
}

/// <summary>Every native library the appliance knows how to load.</summary>
public static class NativeLibraryCatalog
{
    private const string SetupHint =
        "run ./saarthi once (it runs scripts/setup-native.sh), or set " + NativePaths.DirectoryVariable +
        " to the folder holding it";

    private static string Apt(string packages) => "install the Debian package: apt-get install " + packages;

    /// <summary>All known libraries, bundled first.</summary>
    public static IReadOnlyList<NativeLibraryInfo> All { get; } =
    [
        new(NativeLibraryNames.Llama, "libllama.v0.5.0.so", NativeLibrarySource.Bundled, "llama_backend_init", SetupHint),
        new(NativeLibraryNames.Ggml, "libggml.v0.5.0.so", NativeLibrarySource.Bundled, "ggml_backend_load_all_from_path", SetupHint),
        new(NativeLibraryNames.Whisper, "libwhisper.so", NativeLibrarySource.Bundled, "whisper_init_from_file_with_params", SetupHint),
        new(NativeLibraryNames.SherpaOnnx, "libsherpa-onnx-c-api.so", NativeLibrarySource.Bundled, "SherpaOnnxCreateVoiceActivityDetector", SetupHint),
        new(NativeLibraryNames.OnnxRuntime, "libonnxruntime.so", NativeLibrarySource.Bundled, "OrtGetApiBase", SetupHint),
        new(NativeLibraryNames.EspeakNg, "libespeak-ng.so.1", NativeLibrarySource.System, "espeak_Initialize", Apt("libespeak-ng1 espeak-ng-data")),
        new(NativeLibraryNames.PocketSphinx, "libpocketsphinx.so.3", NativeLibrarySource.System, "ps_init", Apt("libpocketsphinx3 pocketsphinx-en-us")),
        new(NativeLibraryNames.SphinxBase, "libsphinxbase.so.3", NativeLibrarySource.System, "cmd_ln_parse_r", Apt("libsphinxbase3")),
        new(NativeLibraryNames.Asound, "libasound.so.2", NativeLibrarySource.System, "snd_pcm_open", Apt("libasound2")),
        new(NativeLibraryNames.Mosquitto, "libmosquitto.so.1", NativeLibrarySource.System, "mosquitto_lib_init", Apt("libmosquitto1")),
        new(NativeLibraryNames.Gpiod, "libgpiod.so.2", NativeLibrarySource.System, "gpiod_chip_open", Apt("libgpiod2")),
        new(NativeLibraryNames.Libc, "libc.so.6", NativeLibrarySource.System, "tcsetattr", Apt("libc6 (glibc 2.34 or newer, for openpty)")),
    ];

    /// <summary>Looks a logical name up; <see langword="null"/> when the name is not one of ours.</summary>
    public static NativeLibraryInfo? Find(string logicalName) =>
        All.FirstOrDefault(l => string.Equals(l.LogicalName, logicalName, StringComparison.Ordinal));
}
