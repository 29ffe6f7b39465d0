using System.Text;

namespace Saarthi.Telephony.At;

/// <summary>
/// Cuts the bytes from a modem into lines and <c>"&gt; "</c> prompts. Pure and incremental: bytes may arrive split
/// anywhere. CR and LF both end a line and empty lines vanish (so <c>\r\r\n</c>, <c>\n\r</c> and bare <c>\r</c> all work).
/// AT responses are 7-bit IRA text: control characters and bytes ≥ 0x7F are dropped (line noise at power-up, a stray
/// Ctrl-Z), and a line longer than <see cref="MaxLineLength"/> is discarded whole, so memory stays bounded whatever arrives.
/// </summary>
public sealed class AtLineFramer
{
    /// <summary>Longer than any AT response line (a +CMT PDU line is at most 2 × 176 hex digits).</summary>
    public const int MaxLineLength = 2048;

    private readonly StringBuilder _line = new();
    private bool _overflow;

    /// <summary>Bytes dropped so far (control characters, non-ASCII noise, overlong lines).</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>The start of a line not yet terminated.</summary>
    public string Pending => _line.ToString();

    /// <summary>Consumes <paramref name="data"/> and appends every complete token to <paramref name="output"/>.</summary>
    public void Push(ReadOnlySpan<byte> data, ICollection<AtToken> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var b in data)
        {
            if (b is (byte)'\r' or (byte)'\n')
            {
                if (_overflow)
                {
                    _overflow = false;
                }
                else if (_line.Length > 0)
                {
                    output.Add(AtToken.Line(_line.ToString()));
                }

                _line.Clear();
                continue;
            }

            if (_overflow)
            {
                DroppedBytes++;
                continue;
            }

            if (b == (byte)' ' && _line.Length == 1 && _line[0] == '>')
            {
                output.Add(AtToken.Prompt);
                _line.Clear();
                continue;
            }

            if (b < 0x20 || b >= 0x7F)
            {
                DroppedBytes++;
                continue;
            }

            if (_line.Length >= MaxLineLength)
            {
                DroppedBytes += _line.Length + 1;
                _line.Clear();
                _overflow = true;
                continue;
            }

            _line.Append((char)b);
        }
    }

    /// <summary>Forgets a partial line (after a modem reset).</summary>
    public void Reset()
    {
        _line.Clear();
        _overflow = false;
    }
}
