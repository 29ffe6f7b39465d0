using Saarthi.Native.Interop.Ggml;

namespace Saarthi.Native.Interop.Llama;

/// <summary>A llama.cpp call failed.</summary>
public class LlamaException : NativeCallException
{
    public LlamaException()
    {
    }

    public LlamaException(string message)
        : base(message)
    {
    }

    public LlamaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.Llama, operation, nativeCode, message)
    {
    }

    /// <summary>
    /// The llama error funnel: a failing return code becomes a <see cref="LlamaException"/> naming the operation, the
    /// code's meaning and llama's own error lines captured while the call ran. <c>llama_decode</c>'s 2 (aborted) is not
    /// handled here: the caller turns it into an <see cref="OperationCanceledException"/>.
    /// </summary>
    internal static void ThrowIfError(int rc, string operation, GgmlLogCapture? capture = null)
    {
        if (rc == 0)
        {
            return;
        }

        var message = Describe(operation, rc) + (capture?.Describe() ?? string.Empty);
        throw rc == 1 && operation == "llama_decode"
            ? new LlamaContextFullException(operation, rc, message)
            : new LlamaException(operation, rc, message);
    }

    private static string Describe(string operation, int rc) => operation switch
    {
        "llama_decode" => rc switch
        {
            1 => "no room left in the context (KV cache full): shorten the prompt or the generation, or use a larger context",
            2 => "aborted",
            -1 => "invalid batch",
            _ => "the computation failed",
        },
        _ => "unexpected return code",
    };
}

/// <summary>The prompt and the tokens generated so far no longer fit the context.</summary>
public sealed class LlamaContextFullException : LlamaException
{
    public LlamaContextFullException()
    {
    }

    public LlamaContextFullException(string message)
        : base(message)
    {
    }

    public LlamaContextFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaContextFullException(string operation, int nativeCode, string message)
        : base(operation, nativeCode, message)
    {
    }
}

/// <summary>Why a GGUF model file could not be used.</summary>
public enum LlamaModelProblem
{
    /// <summary>The file does not exist or cannot be read.</summary>
    Missing,

    /// <summary>The file is another format (legacy ggml, ONNX, text, …): the GGUF magic is not there.</summary>
    NotGguf,

    /// <summary>The file ends before the data its header promises (an interrupted copy).</summary>
    Truncated,

    /// <summary>The header holds values llama.cpp cannot use (unknown version or type, absurd counts).</summary>
    Corrupt,

    /// <summary>The file looked right but llama.cpp refused it (see the message for llama's own words).</summary>
    Rejected,
}

/// <summary>A GGUF model file is missing, of the wrong kind, damaged, or refused by llama.cpp.</summary>
public sealed class LlamaModelException : LlamaException
{
    public LlamaModelException()
    {
    }

    public LlamaModelException(string message)
        : base(message)
    {
    }

    public LlamaModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaModelException(string path, LlamaModelProblem problem, string detail)
        : base("load model", -1, $"'{path}' {Describe(problem)}: {detail}")
    {
        ModelPath = path;
        Problem = problem;
    }

    /// <summary>The file that was tried.</summary>
    public string ModelPath { get; } = string.Empty;

    /// <summary>What is wrong with it.</summary>
    public LlamaModelProblem Problem { get; }

    private static string Describe(LlamaModelProblem problem) => problem switch
    {
        LlamaModelProblem.Missing => "is missing or unreadable",
        LlamaModelProblem.NotGguf => "is not a GGUF model",
        LlamaModelProblem.Truncated => "is truncated",
        LlamaModelProblem.Corrupt => "is damaged",
        _ => "was refused by llama.cpp",
    };
}

/// <summary>A GBNF grammar did not parse (llama.cpp's reason is in the message).</summary>
public sealed class LlamaGrammarException : LlamaException
{
    public LlamaGrammarException()
    {
    }

    public LlamaGrammarException(string message)
        : base(message)
    {
    }

    public LlamaGrammarException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LlamaGrammarException(string operation, int nativeCode, string message)
        : base(operation, nativeCode, message)
    {
    }
}
