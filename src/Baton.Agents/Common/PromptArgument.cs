using System.Text;
using Baton.Core.Agents;

namespace Baton.Agents.Common;

/// <summary>The prompt as a command-line argument, for CLIs that take it in argv.</summary>
internal static class PromptArgument
{
    /// <summary>Linux refuses a single argument over 128 KiB (MAX_ARG_STRLEN); stay well below it.</summary>
    public const int MaxBytes = 96 * 1024;

    /// <summary>The prompt itself, or — when it is too long for argv — an instruction to read it from the prompt file.</summary>
    public static string For(AgentTurn turn) => Encoding.UTF8.GetByteCount(turn.Prompt) <= MaxBytes
        ? turn.Prompt
        : $"Your full instructions are too long to pass here; they are in the file {turn.PromptFile}. Read that whole file first, then follow it.";
}
