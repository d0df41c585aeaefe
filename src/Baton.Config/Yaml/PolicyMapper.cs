using Baton.Core.Config;
using YamlDotNet.RepresentationModel;

namespace Baton.Config.Yaml;

/// <summary>Maps <c>policy:</c>: approvals, blocked, confirmed and watched commands, tasks' own commands and run limits.</summary>
internal static class PolicyMapper
{
    private static readonly string[] Keys = ["approval", "allow_self_approval", "blocked_commands", "confirm_commands", "confirm_timeout", "watched_patterns", "allow_task_commands", "env_pass", "limits", "stall_review_after"];
    private static readonly string[] LimitKeys = ["run_timeout", "memory_mb", "cpu", "processes", "stage_log_mb"];

    public static PolicyConfig Map(YamlReader reader, YamlNode node)
    {
        var policy = new PolicyConfig();
        if (reader.Mapping(node, "policy", "{ approval: never }", Keys) is not { } fields)
        {
            return policy;
        }

        policy = policy with
        {
            Approval = fields.Enum("approval", YamlEnums.Approvals) ?? policy.Approval,
            BlockedCommands = fields.StringList("blocked_commands", "[\"rm -rf /\", \"mkfs\"]") ?? policy.BlockedCommands,
            ConfirmCommands = fields.StringList("confirm_commands", "[\"git push\", \"npm publish\"]") ?? policy.ConfirmCommands,
            ConfirmTimeout = fields.Duration("confirm_timeout") ?? policy.ConfirmTimeout,
            WatchedPatterns = fields.StringList("watched_patterns", "[\"sudo \", \"curl * | sh\"]") ?? policy.WatchedPatterns,
            AllowTaskCommands = fields.Bool("allow_task_commands") ?? policy.AllowTaskCommands,
            AllowSelfApproval = fields.Bool("allow_self_approval") ?? policy.AllowSelfApproval,
            EnvPass = fields.StringList("env_pass", "[HTTPS_PROXY, PIP_INDEX_URL]") ?? policy.EnvPass,
            StallReviewAfter = fields.Node("stall_review_after") is YamlScalarNode { Value: "off" } ? null : fields.Duration("stall_review_after"),
        };
        if (fields.Node("limits") is not { } limitsNode
            || reader.Mapping(limitsNode, "policy.limits", "{ run_timeout: 60m, memory_mb: 4096, cpu: 2, processes: 512 }", LimitKeys) is not { } limits)
        {
            return policy;
        }

        return policy with
        {
            RunTimeout = limits.Duration("run_timeout") ?? policy.RunTimeout,
            MemoryMb = limits.Int("memory_mb"),
            Cpu = limits.Decimal("cpu") is { } cpu ? (double)cpu : null,
            Processes = limits.Int("processes"),
            StageLogMb = limits.Int("stage_log_mb") ?? policy.StageLogMb,
        };
    }
}
