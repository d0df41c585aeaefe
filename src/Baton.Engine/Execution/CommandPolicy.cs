using Baton.Core.Config;

namespace Baton.Engine.Execution;

/// <summary>Checks a command line against <c>policy.blocked_commands</c> before Baton runs it.</summary>
public static class CommandPolicy
{
    public static string? Violation(string command, PolicyConfig policy)
    {
        var normalized = string.Join(' ', command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var hit = policy.BlockedCommands.FirstOrDefault(b => Matches(normalized, b));
        return hit is null ? null : $"command `{command}` matches blocked pattern `{hit}` (policy.blocked_commands)";
    }

    /// <summary>
    /// A pattern matches where it is not just the start of a longer word or path: `rm -rf /` blocks `rm -rf /` and
    /// `rm -rf /*`, not `rm -rf /tmp/x`; a pattern ending in punctuation (`dd if=`) matches whatever follows.
    /// </summary>
    private static bool Matches(string command, string pattern)
    {
        if (pattern.Length == 0)
        {
            return false;
        }

        for (var at = command.IndexOf(pattern, StringComparison.Ordinal); at >= 0; at = command.IndexOf(pattern, at + 1, StringComparison.Ordinal))
        {
            var end = at + pattern.Length;
            if (!IsWordChar(pattern[^1]) || end == command.Length || !IsWordChar(command[end]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '/' or '_' or '-';
}
