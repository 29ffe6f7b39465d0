namespace Saarthi.Telephony.At;

/// <summary>What the framer cuts the modem's byte stream into.</summary>
public enum AtTokenKind
{
    /// <summary>A complete line (terminated by CR and/or LF), without its terminator.</summary>
    Line,

    /// <summary>The SMS input prompt <c>"&gt; "</c> (no line terminator follows it).</summary>
    Prompt,
}

/// <summary>One line or prompt from the modem.</summary>
public readonly record struct AtToken(AtTokenKind Kind, string Text)
{
    public static AtToken Prompt { get; } = new(AtTokenKind.Prompt, "> ");

    public static AtToken Line(string text) => new(AtTokenKind.Line, text);

    public override string ToString() => Kind == AtTokenKind.Prompt ? "<prompt>" : Text;
}
