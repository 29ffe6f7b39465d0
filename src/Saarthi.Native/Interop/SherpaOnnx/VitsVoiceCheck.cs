using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Saarthi.Native.Interop.SherpaOnnx;

/// <summary>What a checked voice says about itself (from the model's metadata).</summary>
/// <param name="SampleRate">Output rate (<c>sample_rate</c>).</param>
/// <param name="Speakers">Number of speakers (<c>n_speakers</c>; 0 or 1 for one voice).</param>
/// <param name="Language">The model's language name, e.g. <c>English</c> or <c>Hindi</c>.</param>
/// <param name="EspeakVoice">The espeak-ng voice its phonemes come from, e.g. <c>en-us</c> or <c>hi</c>.</param>
/// <param name="Kind">piper, coqui or icefall (from <c>comment</c>).</param>
public sealed record VitsVoiceInfo(int SampleRate, int Speakers, string Language, string EspeakVoice, string Kind);

/// <summary>
/// Everything sherpa-onnx 1.13.4 would answer by ending or aborting the process is checked here before it sees the
/// voice (read from <c>offline-tts-vits-model.cc</c>, <c>offline-tts-vits-impl.h</c> and
/// <c>piper-phonemize-lexicon.cc</c> at that tag), ending with a trial load through ONNX Runtime's C API. Each failure is a <see cref="SherpaOnnxException"/> with code −2
/// naming the file and what is wrong with it.
/// </summary>
internal static class VitsVoiceCheck
{
    /// <summary>espeak-ng's <c>phondata</c> format version, and the rate sherpa-onnx insists espeak-ng reports.</summary>
    private const int PhonemeDataVersion = 0x014801;
    private const int EspeakRate = 22050;

    private static readonly string[] DataFiles = ["phontab", "phonindex", "phondata", "intonations"];

    public static VitsVoiceInfo Check(VitsVoiceSettings settings, string operation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.ModelPath) || !File.Exists(settings.ModelPath))
        {
            throw SherpaOnnxException.Refused(operation, $"no voice model at '{settings.ModelPath}'");
        }

        OnnxModelInfo model;
        try
        {
            model = OnnxModelInfo.Read(settings.ModelPath);
        }
        catch (OnnxModelFormatException e)
        {
            throw SherpaOnnxException.Refused(operation, e.Message);
        }
        catch (IOException e)
        {
            throw SherpaOnnxException.Refused(operation, $"cannot read '{settings.ModelPath}': {e.Message}");
        }

        var info = CheckMetadata(model, settings.ModelPath, operation);
        CheckInputs(model, info.Kind, settings.ModelPath, operation);
        var tokens = CheckTokens(settings.TokensPath, info.Kind, operation);
        CheckData(settings.DataDirectory, info.EspeakVoice, operation);
        if (settings.Threads is < 1 or > 64)
        {
            throw SherpaOnnxException.Refused(operation, $"thread count {settings.Threads} is outside 1..64");
        }

        if (!(settings.NoiseScale >= 0 && settings.NoiseScaleW >= 0 && settings.LengthScale > 0))
        {
            throw SherpaOnnxException.Refused(operation, "noise scales must be non-negative and the length scale positive");
        }

        // Last, being the slowest: the graph itself (unknown operators, type errors), loaded and run once on a short
        // input laid out exactly as sherpa-onnx lays out a sentence (shape errors show only when it runs).
        if (OnnxRuntimeCheck.TryLoad(settings.ModelPath, TrialInputs(model, info.Kind, tokens, settings), [.. model.Outputs.Select(o => o.Name)]) is { } error)
        {
            throw SherpaOnnxException.Refused(operation, $"ONNX Runtime cannot run '{settings.ModelPath}': {error}");
        }

        return info;
    }

    private static VitsVoiceInfo CheckMetadata(OnnxModelInfo model, string path, string operation)
    {
        string Required(string key) =>
            model.Metadata.TryGetValue(key, out var v) && v.Length > 0
                ? v
                : throw SherpaOnnxException.Refused(operation, $"'{path}' has no '{key}' in its metadata: not a Piper/VITS voice for sherpa-onnx");

        int Number(string key, int min)
        {
            var text = Required(key);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw SherpaOnnxException.Refused(operation, $"'{path}': metadata '{key}' is '{text}', not a number of at least {min}");
        }

        var rate = Number("sample_rate", 1000);
        var speakers = Number("n_speakers", 0);
        var language = Required("language");
        var comment = Required("comment");
        var kind = new[] { "piper", "coqui", "icefall" }.FirstOrDefault(k => comment.Contains(k, StringComparison.Ordinal))
            ?? throw SherpaOnnxException.Refused(operation, $"'{path}' is a '{comment}' model; only Piper, Coqui and icefall VITS voices (espeak-ng phonemes) are supported");
        if (comment.Contains("melo", StringComparison.Ordinal) || Flag(model, "jieba") || Flag(model, "has_g2pw") ||
            model.Metadata.GetValueOrDefault("frontend") == "characters")
        {
            throw SherpaOnnxException.Refused(operation, $"'{path}' needs a lexicon front end (MeloTTS, jieba, g2pw or characters), which is not supported");
        }

        var voice = model.Metadata.GetValueOrDefault("voice") ?? string.Empty;
        if (voice.Length == 0)
        {
            throw SherpaOnnxException.Refused(operation, $"'{path}' names no espeak-ng voice ('voice' metadata)");
        }

        return new VitsVoiceInfo(rate, speakers, language, voice, kind);
    }

    private static bool Flag(OnnxModelInfo model, string key) =>
        model.Metadata.TryGetValue(key, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var n) && n != 0;

    /// <summary>sherpa-onnx feeds inputs by position; a model whose inputs differ makes ONNX Runtime throw inside it (abort).</summary>
    private static void CheckInputs(OnnxModelInfo model, string kind, string path, string operation)
    {
        var names = model.Inputs.Select(i => i.Name).ToArray();
        var ok = kind is "piper" or "coqui"
            ? names.Length == 3 || (names.Length == 4 && names[3] == "sid") || (names.Length == 5 && names[3] == "sid" && names[4] == "langid")
            : names.Length == 5 || (names.Length == 6 && names[5] is "sid" or "speaker");
        ok &= model.Inputs.Count > 0 && model.Inputs[0].ElementType == OnnxElementType.Integer64;
        ok &= model.Inputs.Skip(2).Take(kind is "piper" or "coqui" ? 1 : 3).All(i => i.ElementType == OnnxElementType.Real32);
        if (!ok || model.Outputs.Count == 0 || model.Outputs[0].ElementType != OnnxElementType.Real32)
        {
            throw SherpaOnnxException.Refused(operation,
                $"'{path}' has inputs ({string.Join(", ", model.Inputs.Select(i => $"{i.Name}:{i.ElementType}"))}) and outputs ({string.Join(", ", model.Outputs.Select(o => $"{o.Name}:{o.ElementType}"))}) that a {kind} VITS voice does not have");
        }
    }

    /// <summary>The rules of sherpa-onnx's <c>ReadTokens</c>, which exits on any break of them.</summary>
    private static Dictionary<int, int> CheckTokens(string path, string kind, string operation)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw SherpaOnnxException.Refused(operation, $"no tokens file at '{path}'");
        }

        var seen = new Dictionary<int, int>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            var parts = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            string symbol;
            string id;
            switch (parts.Length)
            {
                case 0:
                    throw SherpaOnnxException.Refused(operation, $"'{path}' line {lineNumber} is empty");
                case 1:
                    (symbol, id) = (" ", parts[0]);
                    break;
                case 2:
                    (symbol, id) = (parts[0], parts[1]);
                    break;
                default:
                    throw SherpaOnnxException.Refused(operation, $"'{path}' line {lineNumber} is not 'symbol id'");
            }

            if (!int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                throw SherpaOnnxException.Refused(operation, $"'{path}' line {lineNumber}: '{id}' is not a token id");
            }

            if (symbol == "<BLNK>")
            {
                continue;
            }

            var runes = symbol.EnumerateRunes().ToArray();
            if (runes.Length != 1)
            {
                throw SherpaOnnxException.Refused(operation, $"'{path}' line {lineNumber}: '{symbol}' is not one character");
            }

            if (!seen.TryAdd(runes[0].Value, number))
            {
                throw SherpaOnnxException.Refused(operation, $"'{path}' line {lineNumber}: '{symbol}' is listed twice");
            }
        }

        var needed = kind == "coqui" ? [','] : new[] { '_', '^', '$' };
        var missing = needed.Where(c => !seen.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
        {
            throw SherpaOnnxException.Refused(operation, $"'{path}' lacks the token(s) {string.Join(" ", missing)} a {kind} voice needs");
        }

        return seen;
    }

    /// <summary>A four-token sentence and the scales, in the order sherpa-onnx feeds a VITS model of this kind.</summary>
    private static List<OnnxTrialInput> TrialInputs(OnnxModelInfo model, string kind, Dictionary<int, int> tokens, VitsVoiceSettings settings)
    {
        var ids = kind == "coqui"
            ? tokens.Values.Order().Take(4).Select(i => (long)i).ToArray()
            : [tokens['^'], tokens.Where(t => t.Key is not ('^' or '_' or '$')).Select(t => t.Value).DefaultIfEmpty(tokens['_']).First(), tokens['_'], tokens['$']];
        var inputs = new List<OnnxTrialInput>
        {
            new(model.Inputs[0].Name, [1, ids.Length], Integers: ids),
            new(model.Inputs[1].Name, [1], Integers: [ids.Length]),
        };
        if (kind is "piper" or "coqui")
        {
            inputs.Add(new(model.Inputs[2].Name, [3], Reals: [settings.NoiseScale, settings.LengthScale, settings.NoiseScaleW]));
        }
        else
        {
            inputs.Add(new(model.Inputs[2].Name, [1], Reals: [settings.NoiseScale]));
            inputs.Add(new(model.Inputs[3].Name, [1], Reals: [settings.LengthScale]));
            inputs.Add(new(model.Inputs[4].Name, [1], Reals: [settings.NoiseScaleW]));
        }

        // Speaker (and Piper's language) ids, when the model takes them.
        inputs.AddRange(model.Inputs.Skip(inputs.Count).Select(i => new OnnxTrialInput(i.Name, [1], Integers: [0])));
        return inputs;
    }

    private static void CheckData(string directory, string voice, string operation)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
        {
            throw SherpaOnnxException.Refused(operation, $"no espeak-ng-data folder at '{directory}' (Debian: apt-get install espeak-ng-data)");
        }

        foreach (var file in DataFiles)
        {
            if (!File.Exists(Path.Combine(directory, file)))
            {
                throw SherpaOnnxException.Refused(operation, $"'{directory}' has no '{file}': not an espeak-ng-data folder");
            }
        }

        Span<byte> header = stackalloc byte[8];
        using (var phondata = File.OpenRead(Path.Combine(directory, "phondata")))
        {
            if (phondata.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8 ||
                BinaryPrimitives.ReadInt32LittleEndian(header) != PhonemeDataVersion ||
                BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != EspeakRate)
            {
                throw SherpaOnnxException.Refused(operation, $"'{directory}/phondata' is not espeak-ng phoneme data of version 1.48.01 at 22050 Hz");
            }
        }

        var voiceFile = FindVoice(directory, voice)
            ?? throw SherpaOnnxException.Refused(operation, $"'{directory}' has no espeak-ng voice '{voice}' (looked for lang/**/{voice})");

        // A voice whose dictionary is missing cannot be set, and piper-phonemize answers that with an uncaught exception.
        var dictionary = DictionaryOf(voiceFile, voice);
        if (!File.Exists(Path.Combine(directory, dictionary + "_dict")))
        {
            throw SherpaOnnxException.Refused(operation, $"'{directory}' has no {dictionary}_dict, which the espeak-ng voice '{voice}' needs");
        }
    }

    /// <summary>espeak-ng finds a voice by its file name under <c>lang/</c> or <c>voices/</c>, ignoring case.</summary>
    private static string? FindVoice(string directory, string voice) =>
        new[] { "lang", "voices" }
            .Select(sub => Path.Combine(directory, sub))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .FirstOrDefault(f => string.Equals(Path.GetFileName(f), voice, StringComparison.OrdinalIgnoreCase));

    /// <summary>The voice file's <c>dictionary</c> line, else its first <c>language</c> up to the first '-' (espeak-ng's rule).</summary>
    private static string DictionaryOf(string voiceFile, string voice)
    {
        string? language = null;
        foreach (var line in File.ReadLines(voiceFile))
        {
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "dictionary")
            {
                return parts[1];
            }

            if (parts.Length >= 2 && parts[0] == "language")
            {
                language ??= parts[1];
            }
        }

        return (language ?? voice).Split('-')[0].ToLowerInvariant();
    }
}
