namespace Baton.Core.Model;

/// <summary>One stage of one run. <see cref="Attempt"/> counts gate-driven builder attempts; <see cref="Tries"/> counts retries.</summary>
public sealed record StageRecord
{
    public required string RunId { get; init; }
    public required string StageId { get; init; }
    public required string Kind { get; init; }
    public int Attempt { get; init; } = 1;
    public StageState State { get; init; } = StageState.Pending;
    public int Tries { get; init; }
    public int? ExitCode { get; init; }
    public bool AllowedFailure { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}
