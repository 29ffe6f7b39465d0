namespace Saarthi.Telephony.At;

/// <summary>Base of every AT-channel failure. An <see cref="IOException"/>: to a call, a modem that stops answering is a failed line.</summary>
public class AtException : IOException
{
    public AtException()
    {
        Command = string.Empty;
    }

    public AtException(string message)
        : base(message)
    {
        Command = string.Empty;
    }

    public AtException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
    }

    public AtException(string command, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Command = command;
    }

    /// <summary>The command line concerned (empty when none).</summary>
    public string Command { get; }
}

/// <summary>The modem answered with a final result other than OK/CONNECT.</summary>
public class AtCommandException : AtException
{
    public AtCommandException()
    {
        Response = new AtResponse(string.Empty, AtFinal.Error, []);
    }

    public AtCommandException(string message)
        : base(message)
    {
        Response = new AtResponse(string.Empty, AtFinal.Error, []);
    }

    public AtCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        Response = new AtResponse(string.Empty, AtFinal.Error, []);
    }

    public AtCommandException(AtResponse response)
        : base(response?.Command ?? string.Empty, $"The modem answered {Describe(response!)} to {response?.Command}.")
    {
        Response = response!;
    }

    /// <summary>The full response (final result, code, text, information lines).</summary>
    public AtResponse Response { get; }

    public AtFinal Final => Response.Final;

    internal static AtCommandException From(AtResponse response) => response.Final switch
    {
        AtFinal.CmeError => new CmeErrorException(response),
        AtFinal.CmsError => new CmsErrorException(response),
        _ => new AtCommandException(response),
    };

    private static string Describe(AtResponse response) => response.Final switch
    {
        AtFinal.CmeError or AtFinal.CmsError =>
            $"{(response.Final == AtFinal.CmeError ? "+CME" : "+CMS")} ERROR {response.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ({response.ErrorText ?? "no text"})",
        AtFinal.NoCarrier => "NO CARRIER",
        AtFinal.NoAnswer => "NO ANSWER",
        AtFinal.NoDialtone => "NO DIALTONE",
        _ => response.Final.ToString().ToUpperInvariant(),
    };
}

/// <summary><c>+CME ERROR: &lt;err&gt;</c> (TS 27.007 §9.2): a mobile-equipment error; <see cref="Code"/> and <see cref="Text"/> are both filled when known.</summary>
public sealed class CmeErrorException : AtCommandException
{
    public CmeErrorException()
    {
    }

    public CmeErrorException(string message)
        : base(message)
    {
    }

    public CmeErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CmeErrorException(AtResponse response)
        : base(response)
    {
    }

    public int? Code => Response.ErrorCode;

    public string? Text => Response.ErrorText;
}

/// <summary><c>+CMS ERROR: &lt;err&gt;</c> (TS 27.005 §3.2.5): an SMS service error.</summary>
public sealed class CmsErrorException : AtCommandException
{
    public CmsErrorException()
    {
    }

    public CmsErrorException(string message)
        : base(message)
    {
    }

    public CmsErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CmsErrorException(AtResponse response)
        : base(response)
    {
    }

    public int? Code => Response.ErrorCode;

    public string? Text => Response.ErrorText;
}

/// <summary>No final result within the command's timeout. The channel stays usable: it resynchronises before the next command.</summary>
public sealed class AtTimeoutException : AtException
{
    public AtTimeoutException()
    {
        Lines = [];
    }

    public AtTimeoutException(string message)
        : base(message)
    {
        Lines = [];
    }

    public AtTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
        Lines = [];
    }

    public AtTimeoutException(string command, TimeSpan timeout, IReadOnlyList<string> linesSoFar, string? detail = null)
        : base(command, $"No final result for {command} within {timeout.TotalSeconds:0.###} s" +
            (linesSoFar.Count > 0 ? $" (got: {string.Join(" | ", linesSoFar)})" : string.Empty) + (detail is null ? "." : $"; {detail}."))
    {
        Timeout = timeout;
        Lines = linesSoFar;
    }

    public TimeSpan Timeout { get; }

    /// <summary>Information lines that did arrive before the timeout.</summary>
    public IReadOnlyList<string> Lines { get; }
}

/// <summary>The modem restarted (it printed RDY) while the command was in flight; the command was lost.</summary>
public sealed class AtModemResetException : AtException
{
    public AtModemResetException()
    {
    }

    public AtModemResetException(string message)
        : base(message)
    {
    }

    public AtModemResetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AtModemResetException(string command, string readyLine)
        : base(command, $"The modem restarted ({readyLine}) while {command} was in flight.")
    {
    }
}

/// <summary>The channel's stream ended (device unplugged, pty peer gone) or the channel was disposed.</summary>
public sealed class AtChannelClosedException : AtException
{
    public AtChannelClosedException()
    {
    }

    public AtChannelClosedException(string message)
        : base(message)
    {
    }

    public AtChannelClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AtChannelClosedException(string command, string message, Exception? innerException)
        : base(command, message, innerException)
    {
    }
}
