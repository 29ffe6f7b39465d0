namespace Saarthi.Native.Interop.Pocketsphinx;

/// <summary>A pocketsphinx (or sphinxbase) call failed. <see cref="ThrowIfError"/> is this binding's one error funnel.</summary>
public sealed class PocketsphinxException : NativeCallException
{
    private const string NoLogHint = " (set PocketsphinxConfig.LogFile to a file to see pocketsphinx's own messages)";

    public PocketsphinxException()
    {
    }

    public PocketsphinxException(string message)
        : base(message)
    {
    }

    public PocketsphinxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PocketsphinxException(string operation, int nativeCode, string message)
        : base(NativeLibraryNames.PocketSphinx, operation, nativeCode, message)
    {
    }

    /// <summary>
    /// The funnel: a negative <paramref name="rc"/> becomes a <see cref="PocketsphinxException"/> carrying the operation,
    /// the code, <paramref name="hint"/> and — when pocketsphinx logs to a real file — the last <c>ERROR:</c> line it wrote.
    /// </summary>
    internal static int ThrowIfError(int rc, string operation, string hint, string? logFile)
    {
        if (rc >= 0)
        {
            return rc;
        }

        throw Create(operation, rc, hint, logFile);
    }

    /// <summary>The same funnel for calls that signal failure with NULL (code −1).</summary>
    internal static nint ThrowIfNull(nint pointer, string operation, string hint, string? logFile)
    {
        if (pointer != 0)
        {
            return pointer;
        }

        throw Create(operation, -1, hint, logFile);
    }

    private static PocketsphinxException Create(string operation, int rc, string hint, string? logFile)
    {
        var logged = logFile is null ? null : LastLoggedError(logFile);
        return new PocketsphinxException(operation, rc, logged is null ? hint + NoLogHint : hint + "; pocketsphinx said: " + logged);
    }

    /// <summary>The last <c>ERROR:</c> line pocketsphinx wrote to <paramref name="logFile"/>, when that is a readable file.</summary>
    private static string? LastLoggedError(string logFile)
    {
        try
        {
            if (logFile == "/dev/null" || !File.Exists(logFile))
            {
                return null;
            }

            _ = PocketsphinxNative.fflush(0);

            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Max(0, stream.Length - 16384), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n').LastOrDefault(l => l.StartsWith("ERROR:", StringComparison.Ordinal))?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }
}
