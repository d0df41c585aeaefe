namespace Baton.Core.Config;

public sealed record PolicyConfig
{
    public ApprovalPolicy Approval { get; init; } = ApprovalPolicy.Never;
    /// <summary>May the person who asked for a task approve it? Teams set false: someone else must sign off.</summary>
    public bool AllowSelfApproval { get; init; } = true;
    /// <summary>Variables from Baton's environment every child also gets, by name (beyond the tool settings passed by default).</summary>
    public IReadOnlyList<string> EnvPass { get; init; } = [];
    public IReadOnlyList<string> BlockedCommands { get; init; } = ["rm -rf /", "mkfs", "dd if="];
    /// <summary>Commands an agent may run only once a person says yes (asked while the agent waits).</summary>
    public IReadOnlyList<string> ConfirmCommands { get; init; } = [];
    /// <summary>How long an agent waits for that yes before the command is declined.</summary>
    public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Commands allowed but flagged (a <c>policy.violation</c> event that stops nothing).</summary>
    public IReadOnlyList<string> WatchedPatterns { get; init; } = [];
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(60);
    /// <summary>
    /// An agent stage silent this long (no agent event) has its work judged by the pipeline's reviewers while it goes on;
    /// a blocker stops the turn and parks the run for a person. Null (<c>off</c>, the default): never.
    /// </summary>
    public TimeSpan? StallReviewAfter { get; init; }
    /// <summary>
    /// May tasks from HTTP or chat carry their own <c>command</c>/<c>quality_gates</c>? (The CLI and task files always
    /// may: whoever runs them can edit baton.yaml.) Either way every such command passes the command policy.
    /// </summary>
    public bool AllowTaskCommands { get; init; }
    /// <summary>Memory of a run's whole process tree, in MB (a cgroup's memory limit: past it the kernel kills in the tree).</summary>
    public int? MemoryMb { get; init; }
    /// <summary>How much of its raw output (MB of characters) a stage's log file keeps; one line marks where it stops.</summary>
    public int StageLogMb { get; init; } = 256;
    /// <summary>CPUs a run's process tree may use at once (a CFS quota; fractions allowed).</summary>
    public double? Cpu { get; init; }
    /// <summary>Processes (and threads) a run's tree may have at once (a pids limit: past it a fork fails).</summary>
    public int? Processes { get; init; }

    public Processes.ResourceLimits Limits => new(MemoryMb, Cpu, Processes);
}
