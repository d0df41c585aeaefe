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

        if (policy.StallReviewAfter < TimeSpan.FromSeconds(1))
        {
            errors.Add(new("policy.stall_review_after", "must be at least 1s, e.g. `15m` (or `off`)."));
        }

        if (policy.StageLogMb is < 1 or > 1_000_000)
        {
            errors.Add(new("policy.limits.stage_log_mb", "must be at least 1 (MB a stage's log file keeps), e.g. `256`."));
        }

        if (policy.MemoryMb is < 16)
        {
            errors.Add(new("policy.limits.memory_mb", "must be at least 16 (MB) for a run's processes to start, e.g. `4096`."));
        }

        if (policy.Cpu is not null && (policy.Cpu <= 0.01 || policy.Cpu > 1024))
        {
            errors.Add(new("policy.limits.cpu", "must be a number of CPUs above 0.01, e.g. `2` or `0.5`."));
        }

        if (policy.Processes is < 8)
        {
            errors.Add(new("policy.limits.processes", "must be at least 8 (an agent CLI alone runs several), e.g. `512`."));
        }
    }
}
