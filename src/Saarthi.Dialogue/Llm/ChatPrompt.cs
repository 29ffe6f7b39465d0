using System.Text;
using Saarthi.Native.Interop.Llama;

namespace Saarthi.Dialogue.Llm;

/// <summary>
/// Frames chat messages into the text a model was trained on. First the model's own template from its GGUF metadata
/// (<c>tokenizer.chat_template</c>, applied by llama.cpp's <c>llama_chat_apply_template</c>, which recognises the common
/// families); when the model has none, or one llama.cpp does not know, the configured fallback (a built-in template
/// name such as "chatml"); when that fails too, a plain "System:/User:/Assistant:" framing any model can continue.
/// </summary>
public static class ChatPrompt
{
    /// <summary>The framing used when nothing else works.</summary>
    public const string PlainTemplate = "plain";

    /// <summary>Returns the prompt and which template made it ("model", the fallback's name, or "plain").</summary>
    public static (string Prompt, string Template) Format(LlamaModel model, IReadOnlyList<ChatMessage> messages, string? fallbackTemplate = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(messages);
        var turns = messages.Select(m => new LlamaChatTurn(m.Role, m.Content)).ToList();
        if (model.ChatTemplate is not null && model.ApplyChatTemplate(turns) is { } own)
        {
            return (own, "model");
        }

        if (!string.IsNullOrWhiteSpace(fallbackTemplate) && fallbackTemplate != PlainTemplate &&
            model.ApplyChatTemplate(turns, template: fallbackTemplate) is { } fallback)
        {
            return (fallback, fallbackTemplate);
        }

        return (Plain(messages), PlainTemplate);
    }

    /// <summary>"System: …\nUser: …\nAssistant:" — for models without a usable template.</summary>
    public static string Plain(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder();
        foreach (var m in messages)
        {
            var role = m.Role.Length == 0 ? "User" : char.ToUpperInvariant(m.Role[0]) + m.Role[1..];
            text.Append(role).Append(": ").Append(m.Content.Trim()).Append('\n');
        }

        return text.Append("Assistant:").ToString();
    }
}
