using System.Globalization;
using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>The shape of a generated Piper-style voice.</summary>
public sealed record TinyVitsVoiceSpec
{
    /// <summary>Written as <c>sample_rate</c>.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>Written as <c>n_speakers</c>; above 1 the model takes a <c>sid</c> input that sets its loudness.</summary>
    public int Speakers { get; init; } = 1;

    /// <summary>Written as <c>language</c>.</summary>
    public string Language { get; init; } = "English";

    /// <summary>Written as <c>voice</c>: the espeak-ng voice sherpa-onnx phonemizes with.</summary>
    public string EspeakVoice { get; init; } = "en-us";

    /// <summary>Samples per token at length scale 1 (a Piper voice makes roughly 256 per phoneme id).</summary>
    public int SamplesPerToken { get; init; } = 256;

    /// <summary>Metadata to change: a key with a null value is left out (how a broken voice is made for tests).</summary>
    public IReadOnlyDictionary<string, string?> MetadataChanges { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// Writes a tiny Piper-shaped VITS voice that real sherpa-onnx and ONNX Runtime load and run: inputs <c>input</c>
/// (int64 [1, N]), <c>input_lengths</c> (int64 [1]), <c>scales</c> (float [3]: noise, length, noise_w) and, with
/// several speakers, <c>sid</c> (int64 [1]); output <c>output</c> (float [1, 1, T]); Piper's metadata. Its graph
/// (Cast, Mul, Add, Unsqueeze, Gather, Range, Sin, Reshape) makes, for each phoneme id, <c>256 × length_scale</c>
/// samples of a sine whose pitch rises with the id: deterministic, never silent, as long as the text. It sounds like
/// a modem, not a person; it stands in for a downloaded voice in tests and benchmarks.
/// </summary>
public static class TinyVitsVoice
{
    public const string ModelFileName = "tiny-piper.onnx";

    /// <summary>Peak amplitude of speaker 0; each further speaker is 0.1 louder.</summary>
    public const float Amplitude = 0.3f;

    /// <summary>
    /// Writes <see cref="ModelFileName"/> and <c>tokens.txt</c> into <paramref name="directory"/> (created) and returns the
    /// settings that load them with Debian's espeak-ng-data.
    /// </summary>
    public static VitsVoiceSettings Write(string directory, TinyVitsVoiceSpec? spec = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        spec ??= new TinyVitsVoiceSpec();
        Directory.CreateDirectory(directory);
        var model = Path.Combine(directory, ModelFileName);
        var tokens = Path.Combine(directory, VitsVoiceSettings.TokensFileName);
        File.WriteAllBytes(model, Model(spec));
        File.WriteAllText(tokens, Tokens(), new UTF8Encoding(false));
        return new VitsVoiceSettings { ModelPath = model, TokensPath = tokens, DataDirectory = VitsVoiceSettings.SystemDataDirectory };
    }

    /// <summary>The model's bytes.</summary>
    public static byte[] Model(TinyVitsVoiceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.SampleRate, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.SamplesPerToken, 1);

        // Angular step per sample: 120 Hz for id 0, 9 Hz more per id (about 3.3 kHz at the last of ~350 ids).
        var radiansPerHz = (float)(2 * Math.PI / spec.SampleRate);
        var w = new OnnxModelWriter()
            .Input("input", OnnxElementType.Integer64, 1, "N")
            .Input("input_lengths", OnnxElementType.Integer64, 1)
            .Input("scales", OnnxElementType.Real32, 3);
        if (spec.Speakers > 1)
        {
            w.Input("sid", OnnxElementType.Integer64, 1);
        }

        w.Output("output", OnnxElementType.Real32, 1, 1, "T")
            .Constant("step_per_id", [9f * radiansPerHz])
            .Constant("step_base", [120f * radiansPerHz])
            .Constant("last_axis", [2L], 1)
            .Constant("length_index", [1L])
            .Constant("samples_per_token", [(float)spec.SamplesPerToken])
            .Constant("zero", [0f])
            .Constant("one", [1f])
            .Constant("amplitude", [Amplitude])
            .Constant("speaker_gain", [0.1f])
            .Constant("output_shape", [1L, 1L, -1L], 3)
            .Node("Cast", ["input"], ["ids"], new OnnxNodeOption("to", IntegerValue: (long)OnnxElementType.Real32))
            .Node("Mul", ["ids", "step_per_id"], ["id_step"])
            .Node("Add", ["id_step", "step_base"], ["step"])
            .Node("Unsqueeze", ["step", "last_axis"], ["step3"])
            .Node("Gather", ["scales", "length_index"], ["length_scale"], new OnnxNodeOption("axis", IntegerValue: 0))
            .Node("Mul", ["length_scale", "samples_per_token"], ["token_samples"])
            .Node("Range", ["zero", "token_samples", "one"], ["t"])
            .Node("Mul", ["step3", "t"], ["phase"])
            .Node("Sin", ["phase"], ["wave"]);
        if (spec.Speakers > 1)
        {
            w.Node("Cast", ["sid"], ["sid_f"], new OnnxNodeOption("to", IntegerValue: (long)OnnxElementType.Real32))
                .Node("Mul", ["sid_f", "speaker_gain"], ["sid_gain"])
                .Node("Add", ["sid_gain", "amplitude"], ["gain"]);
        }
        else
        {
            w.Node("Identity", ["amplitude"], ["gain"]);
        }

        w.Node("Mul", ["wave", "gain"], ["loud"])
            .Node("Reshape", ["loud", "output_shape"], ["output"]);

        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["model_type"] = "vits",
            ["comment"] = "piper",
            ["language"] = spec.Language,
            ["voice"] = spec.EspeakVoice,
            ["has_espeak"] = "1",
            ["n_speakers"] = spec.Speakers.ToString(CultureInfo.InvariantCulture),
            ["sample_rate"] = spec.SampleRate.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in spec.MetadataChanges)
        {
            metadata[key] = value;
        }

        foreach (var (key, value) in metadata)
        {
            if (value is not null)
            {
                w.Metadata(key, value);
            }
        }

        return w.ToArray();
    }

    /// <summary>
    /// Piper's token list layout: pad <c>_</c> 0, bos <c>^</c> 1, eos <c>$</c> 2, space 3, then punctuation, Latin
    /// letters and the IPA letters, length marks, stress marks and diacritics espeak-ng writes for English and Hindi.
    /// </summary>
    public static string Tokens()
    {
        var symbols = new List<int> { '_', '^', '$', ' ' };
        symbols.AddRange("!'(),-.:;?".Select(c => (int)c));
        symbols.AddRange(Enumerable.Range('a', 26));
        symbols.AddRange([0xE6, 0xE7, 0xF0, 0xF8, 0x127, 0x14B, 0x153, 0x3B2, 0x3B8, 0x3C7, 0x1D7B, 0x2C71]);
        symbols.AddRange(Enumerable.Range(0x250, 0x60)); // IPA extensions
        symbols.AddRange(Enumerable.Range(0x2B0, 0x50)); // modifier letters: ʰ ʲ ˈ ˌ ː ˑ …
        symbols.AddRange(Enumerable.Range(0x300, 0x70)); // combining diacritics: nasal, syllabic …
        var text = new StringBuilder();
        for (var id = 0; id < symbols.Count; id++)
        {
            text.Append(char.ConvertFromUtf32(symbols[id])).Append(' ').Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }
}
