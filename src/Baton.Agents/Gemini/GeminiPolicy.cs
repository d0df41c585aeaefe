using System.Text;
using Baton.Agents.Common;
using Baton.Core.Agents;

namespace Baton.Agents.Gemini;

/// <summary>
/// The command policy as a file for Gemini's policy engine: a deny rule per pattern of <c>policy.blocked_commands</c>
/// and <c>policy.confirm_commands</c> (headless Gemini cannot ask a person), matched by <see cref="GeminiCommandRegex"/>.
/// Gemini checks a shell command, and each command inside it, against its rules before running it — in yolo mode too:
/// yolo's allow-everything is a rule of its default tier, below these user-tier rules. The model is told the rule's
/// message. Written whole before every turn (or removed when there is nothing to refuse).
/// </summary>
public static class GeminiPolicy
{
    /// <summary>In the isolated home's user policy directory, so it is the user tier's only file.</summary>
    public static string PathIn(string geminiHome) => Path.Combine(geminiHome, ".gemini", "policies", "baton.toml");

    /// <summary>Writes the file for the turn's rules, or removes one a previous turn left; the file's path when written.</summary>
    public static string? Write(string geminiHome, CommandRules rules)
    {
        var path = PathIn(geminiHome);
        if (Render(rules) is { } toml)
        {
            ConfigFile.WriteText(path, toml);
            return path;
        }

        if (File.Exists(path))
        {
            File.Delete(path);
        }

        return null;
    }

    public static string? Render(CommandRules rules)
    {
        var toml = new StringBuilder("# Written by Baton before every turn from the command policy; edits are overwritten.\n");
        var any = false;
        foreach (var (pattern, confirm) in rules.Refused)
        {
            any = true;
            toml.Append("\n[[rule]]\ntoolName = \"run_shell_command\"\n")
                .Append("commandRegex = ").Append(TomlText.Literal(GeminiCommandRegex.For(pattern))).Append('\n')
                .Append("decision = \"deny\"\n")
                // The highest priority of the user tier: above Gemini's own defaults, yolo's allow-everything among them.
                .Append("priority = 999\n")
                .Append("denyMessage = ").Append(TomlText.Quote(Message(pattern, confirm))).Append('\n');
        }

        return any ? toml.ToString() : null;
    }

    private static string Message(string pattern, bool confirm) => confirm
        ? $"Refused by Baton: `{pattern}` is in policy.confirm_commands, so a person must say yes first, and this agent cannot ask one. Do not run it."
        : $"Refused by Baton: `{pattern}` is in policy.blocked_commands. Do not run it, and do not try to reach the same end another way.";
}
