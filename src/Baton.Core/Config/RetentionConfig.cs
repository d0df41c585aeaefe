namespace Baton.Core.Config;

/// <summary>
/// <c>retention:</c> how long what finished runs leave behind is kept (the janitor of every node sweeps it). Null keeps
/// it for good (<c>never</c> in the file).
/// </summary>
public sealed record RetentionConfig
{
    /// <summary>Store events (and stored stage logs) of runs finished longer ago than this are deleted from the store; the run's <c>events.ndjson</c> keeps them.</summary>
    public TimeSpan? Events { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Run directories (manifest, event log, stage logs, result) of runs finished longer ago than this are deleted, on each node.</summary>
    public TimeSpan? RunFiles { get; init; } = TimeSpan.FromDays(90);

    /// <summary>A finished task's branch merged into the default branch is deleted this long after the task ended (its commits are in the default branch).</summary>
    public TimeSpan? MergedBranches { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A failed, cancelled or escalated task's branch never merged is deleted this long after the task ended; null (the
    /// default, <c>never</c>) keeps them. A succeeded task's unmerged branch is work waiting to land: it is never deleted.
    /// </summary>
    public TimeSpan? AbandonedBranches { get; init; }
}
