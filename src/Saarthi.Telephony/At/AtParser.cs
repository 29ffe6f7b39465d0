using System.Globalization;

namespace Saarthi.Telephony.At;

/// <summary>What one token meant.</summary>
public enum AtParseKind
{
    /// <summary>Consumed: an information line, an echo, a stale result, noise.</summary>
    None,

    /// <summary>The command in flight ended; see <see cref="AtParseResult.Response"/>.</summary>
    Final,

    /// <summary>The <c>"&gt; "</c> prompt the command in flight waits for: send its payload now.</summary>
    Prompt,

    /// <summary>An unsolicited result; see <see cref="AtParseResult.Event"/>.</summary>
    Event,
}

/// <summary>The outcome of feeding one token to <see cref="AtParser"/>.</summary>
public readonly record struct AtParseResult(AtParseKind Kind, AtResponse? Response = null, ModemEvent? Event = null)
{
    public static AtParseResult Nothing => default;
}

/// <summary>
/// The AT response state machine, pure (no I/O, no clock): fed lines and prompts, it tells command responses from
/// unsolicited results. With a command in flight: its echo is dropped; a final result code ends it; a line with a prefix
/// the command claims (<c>+CSQ:</c> for <c>AT+CSQ</c>) is its information response; a known URC is an event; anything
/// else is an information line (ATI, +CMGR's PDU line). With none in flight: known URCs are events, stray final results
/// (a late OK after a timeout) and echoes are dropped, anything else is an <see cref="UnknownUrcEvent"/>.
/// </summary>
public sealed class AtParser
{
    private AtCommand? _command;
    private List<string> _lines = [];
    private bool _promptSeen;
    private bool _claimedSeen;
    private string? _twoLineHeader;

    /// <summary>The command in flight, if any.</summary>
    public AtCommand? Current => _command;

    /// <summary>Final results that arrived with no command to end (late answers to commands that timed out).</summary>
    public long StaleFinals { get; private set; }

    /// <summary>Echoed command lines dropped.</summary>
    public long Echoes { get; private set; }

    /// <summary>Starts waiting for <paramref name="command"/>'s response (replacing any command still in flight).</summary>
    public void Begin(AtCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _command = command;
        _lines = [];
        _promptSeen = false;
        _claimedSeen = false;
    }

    /// <summary>Stops waiting (timeout, reset): the lines collected so far are returned.</summary>
    public IReadOnlyList<string> Abort()
    {
        var lines = _lines;
        _command = null;
        _lines = [];
        return lines;
    }

    /// <summary>Feeds one token. Never throws.</summary>
    public AtParseResult Feed(AtToken token)
    {
        if (token.Kind == AtTokenKind.Prompt)
        {
            if (_command is { Kind: AtCommandKind.Prompt } && !_promptSeen)
            {
                _promptSeen = true;
                return new AtParseResult(AtParseKind.Prompt);
            }

            return AtParseResult.Nothing;
        }

        var line = token.Text.Trim();
        if (line.Length == 0)
        {
            return AtParseResult.Nothing;
        }

        if (_twoLineHeader is { } header)
        {
            _twoLineHeader = null;
            if (ParseFinal(string.Empty, line, dial: true, []) is null)
            {
                return new AtParseResult(AtParseKind.Event, Event: UrcParser.ParseTwoLine(header, line));
            }

            // A final result where the PDU line should be: the header was noise; the result must not be lost.
        }

        return _command is { } command ? FeedInFlight(command, line) : FeedIdle(line);
    }

    private AtParseResult FeedInFlight(AtCommand command, string line)
    {
        if (line.Equals(command.Text, StringComparison.OrdinalIgnoreCase)
            || (_promptSeen && command.Payload is { } payload && line.Equals(payload, StringComparison.OrdinalIgnoreCase)))
        {
            Echoes++;
            return AtParseResult.Nothing;
        }

        if (ParseFinal(command.Text, line, command.Kind == AtCommandKind.Dial, _lines) is { } response)
        {
            if (command.RequireIntermediate && !_claimedSeen)
            {
                StaleFinals++;
                return AtParseResult.Nothing;
            }

            _command = null;
            _lines = [];
            return new AtParseResult(AtParseKind.Final, Response: response);
        }

        foreach (var prefix in command.ResponsePrefixes)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                _lines.Add(line);
                _claimedSeen = true;
                return AtParseResult.Nothing;
            }
        }

        if (UrcParser.StartsTwoLine(line))
        {
            _twoLineHeader = line;
            return AtParseResult.Nothing;
        }

        if (UrcParser.TryParse(line, out var urc))
        {
            return new AtParseResult(AtParseKind.Event, Event: urc);
        }

        _lines.Add(line);
        return AtParseResult.Nothing;
    }

    private AtParseResult FeedIdle(string line)
    {
        if (ParseFinal(string.Empty, line, dial: false, []) is not null || line.Equals("CONNECT", StringComparison.OrdinalIgnoreCase))
        {
            StaleFinals++;
            return AtParseResult.Nothing;
        }

        if (line.StartsWith("AT", StringComparison.OrdinalIgnoreCase) && !line.StartsWith("ATTENTION", StringComparison.OrdinalIgnoreCase))
        {
            Echoes++; // an echo of a command that already timed out
            return AtParseResult.Nothing;
        }

        if (UrcParser.StartsTwoLine(line))
        {
            _twoLineHeader = line;
            return AtParseResult.Nothing;
        }

        return new AtParseResult(AtParseKind.Event, Event: UrcParser.TryParse(line, out var urc) ? urc : new UnknownUrcEvent(line));
    }

    /// <summary>The final result <paramref name="line"/> stands for, or <see langword="null"/> when it is not one.</summary>
    public static AtResponse? ParseFinal(string command, string line, bool dial, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(line);
        var upper = line.Trim().ToUpperInvariant();
        switch (upper)
        {
            case "OK":
                return new AtResponse(command, AtFinal.Ok, lines);
            case "ERROR":
            case "COMMAND NOT SUPPORT":
                return new AtResponse(command, AtFinal.Error, lines);
        }

        if (AtFields.After(line, "+CME ERROR:") is { } cme)
        {
            var (code, text) = Error(cme, AtErrorCodes.DescribeCme, AtErrorCodes.CmeCode);
            return new AtResponse(command, AtFinal.CmeError, lines, code, text);
        }

        if (AtFields.After(line, "+CMS ERROR:") is { } cms)
        {
            var (code, text) = Error(cms, AtErrorCodes.DescribeCms, AtErrorCodes.CmsCode);
            return new AtResponse(command, AtFinal.CmsError, lines, code, text);
        }

        if (!dial)
        {
            return null;
        }

        return upper switch
        {
            "NO CARRIER" => new AtResponse(command, AtFinal.NoCarrier, lines),
            "BUSY" => new AtResponse(command, AtFinal.Busy, lines),
            "NO ANSWER" => new AtResponse(command, AtFinal.NoAnswer, lines),
            "NO DIALTONE" or "NO DIAL TONE" => new AtResponse(command, AtFinal.NoDialtone, lines),
            _ when upper == "CONNECT" || upper.StartsWith("CONNECT ", StringComparison.Ordinal) => new AtResponse(command, AtFinal.Connect, lines),
            _ => null,
        };
    }

    private static (int? Code, string? Text) Error(string value, Func<int, string?> describe, Func<string, int?> lookup)
    {
        value = value.Trim().Trim('"');
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
            ? (code, describe(code))
            : (lookup(value), value.Length > 0 ? value : null);
    }
}
