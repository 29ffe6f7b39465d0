using System.Globalization;

namespace Saarthi.Native.Interop.Pocketsphinx;

/// <summary>
/// What a <see cref="PocketsphinxDecoder"/> loads: an acoustic model folder, a pronunciation dictionary and the
/// sample rate it will be fed, plus any other <c>-name value</c> options of pocketsphinx 0.8. Logging goes to
/// <see cref="LogFile"/> (<c>/dev/null</c> by default: pocketsphinx otherwise writes pages of INFO lines to stderr).
/// </summary>
public sealed record PocketsphinxConfig
{
    /// <summary>Where Debian's <c>pocketsphinx-en-us</c> puts the US English model.</summary>
    public const string DebianEnglishModelRoot = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The acoustic model folder (<c>mdef</c>, <c>means</c>, <c>feat.params</c>…); <c>-hmm</c>.</summary>
    public required string AcousticModelDirectory { get; init; }

    /// <summary>The pronunciation dictionary (CMUdict format); <c>-dict</c>.</summary>
    public required string DictionaryPath { get; init; }

    /// <summary>Samples per second of the audio given to <see cref="PocketsphinxDecoder.Decode"/>; <c>-samprate</c>. The en-us model wants 16000.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Where pocketsphinx logs (<c>-logfn</c>). A real file makes failures carry pocketsphinx's own last error line.</summary>
    public string LogFile { get; init; } = "/dev/null";

    /// <summary>Other options, by their pocketsphinx names with the dash (<c>-beam</c> → <c>1e-48</c>).</summary>
    public IReadOnlyDictionary<string, string> ExtraOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>The US English model and CMUdict from <c>pocketsphinx-en-us</c>, under <paramref name="root"/>.</summary>
    public static PocketsphinxConfig English(string root = DebianEnglishModelRoot) => new()
    {
        AcousticModelDirectory = Path.Combine(root, "en-us"),
        DictionaryPath = Path.Combine(root, "cmudict-en-us.dict"),
    };

    /// <summary>The general US English trigram model beside the acoustic model (<c>en-us.lm.bin</c>), for open-vocabulary decoding.</summary>
    public string LanguageModelPath => Path.Combine(Path.GetDirectoryName(AcousticModelDirectory) ?? ".", "en-us.lm.bin");

    /// <summary>The command line handed to <c>cmd_ln_parse_r</c>.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string>
        {
            "-hmm", AcousticModelDirectory,
            "-dict", DictionaryPath,
            "-samprate", SampleRate.ToString(CultureInfo.InvariantCulture),
            "-logfn", LogFile,
        };
        foreach (var (name, value) in ExtraOptions)
        {
            if (!name.StartsWith('-'))
            {
                throw new ArgumentException($"Pocketsphinx option '{name}' must start with '-'.", nameof(ExtraOptions));
            }

            args.Add(name);
            args.Add(value);
        }

        return args;
    }

    /// <summary>Throws <see cref="FileNotFoundException"/> / <see cref="DirectoryNotFoundException"/> naming what is missing and what installs it.</summary>
    public void EnsureFilesExist()
    {
        const string Hint = " (install the Debian package pocketsphinx-en-us: apt-get install pocketsphinx-en-us)";
        if (!File.Exists(Path.Combine(AcousticModelDirectory, "mdef")))
        {
            throw new DirectoryNotFoundException($"No pocketsphinx acoustic model (mdef) in {AcousticModelDirectory}{Hint}.");
        }

        if (!File.Exists(DictionaryPath))
        {
            throw new FileNotFoundException($"No pocketsphinx dictionary at {DictionaryPath}{Hint}.", DictionaryPath);
        }
    }
}
