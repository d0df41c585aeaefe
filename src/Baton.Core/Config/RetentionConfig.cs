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
}
