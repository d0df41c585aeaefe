namespace Baton.Core.Model;

/// <summary>One attempt at a task in one workspace.</summary>
public sealed record RunRecord
{
    public required string Id { get; init; }
    public required string TaskId { get; init; }
    public int Number { get; init; } = 1;
    public RunState State { get; init; } = RunState.Preparing;
    public RunReason? Reason { get; init; }
    public string? Message { get; init; }
    public required string Pipeline { get; init; }
    public string? Project { get; init; }
    public string? Branch { get; init; }
    public string? Workspace { get; init; }
    public string? CurrentStage { get; init; }
    public RunOwner? Owner { get; init; }
    /// <summary>Bumped each time a process takes the run; the fencing token every owner write carries.</summary>
    public long Epoch { get; init; }
    public bool StopRequested { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? HeartbeatAt { get; init; }
}
