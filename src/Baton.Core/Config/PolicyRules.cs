using Baton.Core.Text;

namespace Baton.Core.Config;

/// <summary>Validation of <c>policy:</c>: command patterns and limits.</summary>
internal static class PolicyRules
{
    public static void Validate(PolicyConfig policy, List<ConfigError> errors)
    {
        for (var i = 0; i < policy.BlockedCommands.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(policy.BlockedCommands[i]))
            {
                errors.Add(new($"policy.blocked_commands[{i}]", "must not be empty: a command pattern such as `rm -rf /`."));
            }
        }

        if (policy.RunTimeout <= TimeSpan.Zero)
        {
            errors.Add(new("policy.limits.run_timeout", "must be longer than zero, e.g. `60m`."));
        }

        if (policy.MemoryMb is not null)
        {
            errors.Add(new("policy.limits.memory_mb", "memory limits arrive with the oversight work (budgets and limits); this build would not enforce one, so it refuses the key: remove it for now."));
        }
    }
}
