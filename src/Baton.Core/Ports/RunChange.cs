using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>
/// A targeted change of one run, fenced by <see cref="Epoch"/>: it applies only while the run's epoch is still the one
/// the writer took ownership with, so a process that lost the run can no longer change it. Null fields stay as stored.
/// </summary>
public sealed record RunChange
{
    public required string RunId { get; init; }
    public required long Epoch { get; init; }
    /// <summary>The new state, checked against <see cref="RunTransitions"/>; null keeps the state.</summary>
    public RunState? To { get; init; }
    public RunReason? Reason { get; init; }
    public string? Message { get; init; }
    public string? Workspace { get; init; }
    public string? Branch { get; init; }
    public string? CurrentStage { get; init; }
    /// <summary>Clears the current stage (the run ended).</summary>
    public bool ClearCurrentStage { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The writer lets go of the run (it ended or was interrupted); the epoch stays, so the old owner stays fenced.</summary>
    public bool ReleaseOwner { get; init; }
}
