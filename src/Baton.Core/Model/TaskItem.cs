namespace Baton.Core.Model;

/// <summary>What was asked. Immutable; changed with <c>with</c> and stored whole.</summary>
public sealed record TaskItem
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Prompt { get; init; } = "";
    public string? Project { get; init; }
    public string? Pipeline { get; init; }
    public string? Agent { get; init; }
    /// <summary>Run only this stage of the pipeline (the seeds' target stage).</summary>
    public string? Stage { get; init; }
    public TaskSource Source { get; init; } = TaskSource.Cli;
    public string? Requester { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public int MaxAttempts { get; init; } = 1;
    public int Priority { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public TaskState State { get; init; } = TaskState.Queued;
    /// <summary>Runs started so far.</summary>
    public int Attempts { get; init; }
    /// <summary>Why the task is where it is (failed dependency, last run's reason).</summary>
    public string? Reason { get; init; }
    /// <summary>Identity of the task in its source (a checklist line, a chat event) so intake is idempotent.</summary>
    public string? ExternalKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>
    /// The task's own work: a shell command run as the only stage (<c>command</c>) instead of the pipeline's stages.
    /// Checked by the command policy; from HTTP or chat only with <c>policy.allow_task_commands</c>.
    /// </summary>
    public string? Command { get; init; }
    /// <summary>Gates of the task's own, run after the pipeline's (both must pass: a task can add gates, never drop one).</summary>
    public IReadOnlyList<string> QualityGates { get; init; } = [];
    /// <summary>Not to be started before this time (retry back-off).</summary>
    public DateTimeOffset? NotBefore { get; init; }
    /// <summary>The process that claimed the task, while it is running; null otherwise (and on claims from before it was recorded).</summary>
    public TaskClaim? Claim { get; init; }
}
