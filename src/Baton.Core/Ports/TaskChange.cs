using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>
/// A targeted change of one task's state (never a whole-record write). The store checks it against
/// <see cref="TaskTransitions"/>, applies it only if the task is in one of <see cref="Expected"/> (compare-and-set), and
/// appends its <c>task.state</c> event in the same transaction.
/// </summary>
public sealed record TaskChange
{
    public required string TaskId { get; init; }
    public required TaskState To { get; init; }
    /// <summary>Apply only when the task is in one of these states; null: whatever state it is in (the table still decides).</summary>
    public IReadOnlyCollection<TaskState>? Expected { get; init; }
    /// <summary>Why (stored as the task's reason; null clears it).</summary>
    public string? Reason { get; init; }
    /// <summary>Not to be started before this (retry back-off); null clears it.</summary>
    public DateTimeOffset? NotBefore { get; init; }
    /// <summary>A new prompt (another turn in the same session); null keeps the prompt.</summary>
    public string? Prompt { get; init; }
    /// <summary>Raise <c>max_attempts</c> so that one more run is allowed (retry, another turn).</summary>
    public bool AllowOneMoreRun { get; init; }
    /// <summary>
    /// The process claiming the task when it moves to running, recorded with <see cref="At"/> as its
    /// <see cref="TaskItem.Claim"/>. Every change records its own claim: one to another state (or with no claimer) clears it.
    /// </summary>
    public RunOwner? Claimer { get; init; }
    public Actor By { get; init; } = Actor.Baton;
    public required DateTimeOffset At { get; init; }
}
