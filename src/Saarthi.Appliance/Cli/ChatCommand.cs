using Saarthi.Dialogue;

namespace Saarthi.Appliance.Cli;

/// <summary>`chat`: an interactive conversation on the terminal that keeps context like a call does.</summary>
public static class ChatCommand
{
    public static int Run(Args args, DialogueEngine engine, TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var state = new ConversationState();
        var lang = args.Get("lang");
        output.WriteLine("Saarthi chat — ask about a government scheme in English or Hindi. Empty line or Ctrl-D ends.");
        while (true)
        {
            output.Write("> ");
            output.Flush();
            var line = input.ReadLine();
            if (line is null || line.Trim().Length == 0) break;
            var turn = engine.Respond(line, state, lang);
            output.WriteLine($"[{turn.Intent.ToString()}{(turn.SchemeIds.Count > 0 ? " " + string.Join(",", turn.SchemeIds) : "")}] {turn.Answer}");
            if (turn.EndsCall) break;
        }
        return 0;
    }
}
