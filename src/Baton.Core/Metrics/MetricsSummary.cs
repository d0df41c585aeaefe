namespace Baton.Core.Metrics;

/// <summary>What <c>baton metrics</c> shows: the same figures as <c>/metrics</c>, for a person or a script.</summary>
public sealed record MetricsSummary
{
    public required IReadOnlyDictionary<string, int> Runs { get; init; }
    public int QueueDepth { get; init; }
    public double? OldestWaitingSeconds { get; init; }
    public long GatesPassed { get; init; }
    public long GatesFailed { get; init; }
    public double? RunSecondsMean { get; init; }
    public required IReadOnlyDictionary<string, long> AgentErrors { get; init; }
    public required IReadOnlyList<AgentUsageRow> Usage { get; init; }
    public long Position { get; init; }
}

public sealed record AgentUsageRow(string Agent, string Project, long InputTokens, long OutputTokens, decimal CostUsd);
