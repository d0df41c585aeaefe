namespace Baton.Matrix.Bridge;

/// <summary>A command typed in a room: <c>!run fix it</c> or <c>/run fix it</c> (Element keeps <c>/</c> for itself, so both work).</summary>
public sealed record ChatCommand(string Verb, string Argument)
{
    public static readonly IReadOnlyList<string> Verbs = ["run", "new", "stop", "status", "retry", "approve", "deny", "answer", "review", "help", "task"];

    /// <summary>The command, or null for plain text. An unknown <c>!word</c> is a command with that verb (so it can be answered).</summary>
    public static ChatCommand? Parse(string body)
    {
        var text = body.TrimStart();
        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            text = text[1..];
        }

        if (text.Length < 2 || (text[0] != '!' && text[0] != '/') || !char.IsAsciiLetter(text[1]))
        {
            return null;
        }

        var end = 1;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        if (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            return null;   // "/home/me/x is broken" is a sentence, not a command
        }

        var verb = text[1..end].ToLowerInvariant();
        return new ChatCommand(verb, text[end..].Trim());
    }

    public bool IsKnown => Verbs.Contains(Verb);

    public static string Help =>
        "Commands: !run <prompt> (or just write) — another turn in this room's agent session; !new — start a fresh session; " +
        "!stop — stop the running turn; !status — where the task is; !retry — run the task again; " +
        "!approve / !deny <why> — answer what the run waits for (or react 👍/👎 to the question); !answer <guidance> — answer an escalation; " +
        "!help. The /-forms work too.";
}
