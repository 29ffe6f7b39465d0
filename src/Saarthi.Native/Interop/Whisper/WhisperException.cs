using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Whisper;

/// <summary>A whisper.cpp call failed, or a model file is not one whisper can load.</summary>
public class WhisperException : NativeCallException
{
    public WhisperException()
    {
    }

    public WhisperException(string message)
        : base(message)
    {
    }

    public WhisperException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WhisperException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.Whisper, operation, nativeCode, message)
    {
    }

    /// <summary>
    /// The whisper error funnel: a non-zero return code becomes a <see cref="WhisperException"/> whose message names the
    /// operation, the code's meaning and whisper's own error lines captured while the call ran.
    /// </summary>
    internal static void ThrowIfError(int rc, string operation, GgmlLogCapture? capture = null)
    {
        if (rc == 0)
        {
            return;
        }

        throw new WhisperException(operation, rc, Describe(operation, rc) + (capture?.Describe() ?? string.Empty));
    }

    private static string Describe(string operation, int rc) => operation switch
    {
        "whisper_full_with_state" => rc switch
        {
            -2 => "could not compute the log-mel spectrogram",
            -3 => "could not detect the language",
            -4 => "too many decoders (beam size above whisper's limit of 8)",
            -5 => "audio_ctx larger than the model's",
            -6 => "the encoder failed",
            -7 => "could not allocate the decoder KV cache (out of memory?)",
            -8 or -9 => "the decoder failed",
            _ => "unexpected return code",
        },
        "whisper_lang_auto_detect_with_state" => rc switch
        {
            -1 or -2 => "offset outside the audio",
            -6 => "the encoder failed",
            -7 => "the decoder failed",
            _ => "unexpected return code",
        },
        "whisper_pcm_to_mel_with_state" => "could not compute the log-mel spectrogram",
        _ => "unexpected return code",
    };
}

/// <summary>Why a whisper model file could not be used.</summary>
public enum WhisperModelProblem
{
    /// <summary>The file does not exist or cannot be read.</summary>
    Missing,

    /// <summary>The file is another format (GGUF, ONNX, …) or random data: the ggml magic is not there.</summary>
    NotAWhisperModel,

    /// <summary>The file ends before the data its header promises (an interrupted copy).</summary>
    Truncated,

    /// <summary>The header or tensor table holds values whisper cannot use.</summary>
    Corrupt,

    /// <summary>The file looked right but whisper.cpp refused it (see the message for whisper's own words).</summary>
    Rejected,
}

/// <summary>A whisper model file is missing, of the wrong kind, damaged, or refused by whisper.cpp.</summary>
public sealed class WhisperModelException : WhisperException
{
    public WhisperModelException()
    {
    }

    public WhisperModelException(string message)
        : base(message)
    {
    }

    public WhisperModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WhisperModelException(string path, WhisperModelProblem problem, string detail)
        : base("load model", -1, $"'{path}' {Describe(problem)}: {detail}")
    {
        ModelPath = path;
        Problem = problem;
    }

    /// <summary>The file that was tried.</summary>
    public string ModelPath { get; } = string.Empty;

    /// <summary>What is wrong with it.</summary>
    public WhisperModelProblem Problem { get; }

    private static string Describe(WhisperModelProblem problem) => problem switch
    {
        WhisperModelProblem.Missing => "is missing or unreadable",
        WhisperModelProblem.NotAWhisperModel => "is not a ggml whisper model",
        WhisperModelProblem.Truncated => "is truncated",
        WhisperModelProblem.Corrupt => "is damaged",
        _ => "was refused by whisper.cpp",
    };
}
