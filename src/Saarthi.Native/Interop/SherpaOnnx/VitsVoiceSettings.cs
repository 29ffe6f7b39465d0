namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>
/// A Piper/VITS voice for sherpa-onnx: the model, its <c>tokens.txt</c>, and the espeak-ng-data folder its phonemes
/// come from (sherpa-onnx's bundled espeak-ng 1.52-dev reads Debian's 1.51 data: same <c>phondata</c> version).
/// </summary>
public sealed record VitsVoiceSettings
{
    /// <summary>The token list every Piper voice ships beside its model.</summary>
    public const string TokensFileName = "tokens.txt";

    /// <summary>The espeak-ng data folder a Piper voice archive carries.</summary>
    public const string DataFolderName = "espeak-ng-data";

    /// <summary>The <c>.onnx</c> model.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The voice's <c>tokens.txt</c> (one phoneme and its id a line).</summary>
    public required string TokensPath { get; init; }

    /// <summary>espeak-ng-data used to turn text into phonemes. sherpa-onnx initialises its espeak-ng once per process: the first voice's folder is used by all.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>VITS noise scale (sherpa-onnx's default 0.667).</summary>
    public float NoiseScale { get; init; } = 0.667f;

    /// <summary>VITS duration noise scale (default 0.8).</summary>
    public float NoiseScaleW { get; init; } = 0.8f;

    /// <summary>Duration scale at speed 1 (above 1 is slower).</summary>
    public float LengthScale { get; init; } = 1f;

    /// <summary>ONNX Runtime intra-op threads.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Debian's espeak-ng-data for this process's architecture (package <c>espeak-ng-data</c>).</summary>
    public static string SystemDataDirectory => $"/usr/lib/{NativePaths.MultiarchTriplet}/espeak-ng-data";

    /// <summary>
    /// The voice in <paramref name="directory"/> as a Piper archive unpacks: one <c>*.onnx</c>, <c>tokens.txt</c> and
    /// <c>espeak-ng-data/</c> (Debian's when the folder has none). Nothing is checked here but that the folder exists
    /// and holds exactly one model; <see cref="VitsVoice.Create"/> checks the rest.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="FileNotFoundException">No model, or more than one, in the folder.</exception>
    public static VitsVoiceSettings FromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"no voice folder at '{directory}'");
        }

        var models = Directory.GetFiles(directory, "*.onnx").Order(StringComparer.Ordinal).ToArray();
        if (models.Length != 1)
        {
            throw new FileNotFoundException(
                models.Length == 0
                    ? $"the voice folder '{directory}' has no .onnx model"
                    : $"the voice folder '{directory}' has {models.Length} .onnx models ({string.Join(", ", models.Select(Path.GetFileName))}); name one",
                directory);
        }

        var data = Path.Combine(directory, DataFolderName);
        return new VitsVoiceSettings
        {
            ModelPath = models[0],
            TokensPath = Path.Combine(directory, TokensFileName),
            DataDirectory = Directory.Exists(data) ? data : SystemDataDirectory,
        };
    }

    /// <summary>The voice for a model file: <c>tokens.txt</c> and <c>espeak-ng-data/</c> beside it (or Debian's data).</summary>
    public static VitsVoiceSettings FromModel(string modelPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var data = Path.Combine(directory, DataFolderName);
        return new VitsVoiceSettings
        {
            ModelPath = modelPath,
            TokensPath = Path.Combine(directory, TokensFileName),
            DataDirectory = Directory.Exists(data) ? data : SystemDataDirectory,
        };
    }
}
