using System.Text;

namespace Saarthi.Dialogue.Llm;

/// <summary>
/// Collects streamed text and hands out whole sentences as soon as they end: at ". ", "। ", "? ", "! " or a line break,
/// not inside a number ("1.5 lakh") nor after an abbreviation ("Rs. 6,000", "No. 14").
/// </summary>
public sealed class SentenceBuffer
{
    private static readonly string[] Abbreviations = ["rs", "no", "dr", "mr", "mrs", "smt", "shri", "sh", "st", "approx", "e.g", "i.e", "vs", "ltd", "govt", "dept"];
    private readonly StringBuilder pending = new();

    /// <summary>Adds a piece; returns the sentences it completed (trimmed, with their end mark).</summary>
    public IReadOnlyList<string> Append(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        pending.Append(piece);
        var done = new List<string>();
        var start = 0;
        for (var i = 0; i < pending.Length - 1; i++)
        {
            var c = pending[i];
            var next = pending[i + 1];
            var breaks = c == '\n' || (c is '.' or '।' or '?' or '!' && char.IsWhiteSpace(next) && !AfterAbbreviation(i));
            if (!breaks)
            {
                continue;
            }

            var sentence = pending.ToString(start, i + 1 - start).Trim();
            if (sentence.Length > 0)
            {
                done.Add(sentence);
            }

            start = i + 1;
        }

        pending.Remove(0, start);
        return done;
    }

    /// <summary>What is left (a last sentence without a following space, or one cut short); empties the buffer.</summary>
    public string Flush()
    {
        var rest = pending.ToString().Trim();
        pending.Clear();
        return rest;
    }

    /// <summary>Splits a whole text into sentences.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new SentenceBuffer();
        var sentences = buffer.Append(text).ToList();
        var rest = buffer.Flush();
        if (rest.Length > 0)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    private bool AfterAbbreviation(int dot)
    {
        if (pending[dot] != '.')
        {
            return false;
        }

        var j = dot - 1;
        while (j >= 0 && (char.IsLetter(pending[j]) || pending[j] == '.'))
        {
            j--;
        }

        var word = pending.ToString(j + 1, dot - j - 1).ToLowerInvariant();
        return Abbreviations.Contains(word);
    }
}
