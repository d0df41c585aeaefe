using Baton.Core.Config;

namespace Baton.Engine.Execution;

/// <summary>Checks a command line against <c>policy.blocked_commands</c> before Baton runs it.</summary>
public static class CommandPolicy
{
    public static string? Violation(string command, PolicyConfig policy)
    {
        var normalized = string.Join(' ', command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var hit = policy.BlockedCommands.FirstOrDefault(b => normalized.Contains(b, StringComparison.Ordinal));
        return hit is null ? null : $"command `{command}` matches blocked pattern `{hit}` (policy.blocked_commands)";
    }
}
