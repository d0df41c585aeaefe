using System.Text;
using Baton.Core.Agents;

namespace Baton.Agents.Common;

/// <summary>
/// Launches a CLI with the turn's prompt file as its stdin, through <c>/bin/sh</c> (which <c>exec</c>s the CLI, so the
/// process group and pid stay the CLI's). For CLIs that read the prompt from stdin when argv has none, this delivers it
/// byte for byte: no option parsing of a prompt that starts with <c>-</c>, no argv quoting or number coercion, no
/// 128 KiB argument limit, and the prompt does not show in the process list.
/// </summary>
internal static class PromptOnStdin
{
    public const string Shell = "/bin/sh";

    /// <summary>$1 is the prompt file; the rest is the command to run.</summary>
    public const string Script = "prompt=\"$1\"; shift; exec \"$@\" < \"$prompt\"";

    /// <summary><c>/bin/sh</c>'s arguments that run <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    public static IReadOnlyList<string> Arguments(AgentTurn turn, string home, string executable, IEnumerable<string> arguments) =>
        ["-c", Script, "sh", PromptFile(turn, home), executable, .. arguments];

    /// <summary>The engine writes the prompt file before the turn; write it here when a caller did not.</summary>
    private static string PromptFile(AgentTurn turn, string home)
    {
        var path = string.IsNullOrEmpty(turn.PromptFile) ? Path.Combine(home, "prompt.txt") : Path.GetFullPath(turn.PromptFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, turn.Prompt, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        return path;
    }
}
