namespace Saarthi.Dialogue;

/// <summary>Settings of the text brain that an NGO configures per kiosk.</summary>
public sealed class DialogueOptions
{
    /// <summary>The number a caller is given when they ask for a person (the NGO's helpline); none by default.</summary>
    public string? HumanHelpline { get; set; }
}
