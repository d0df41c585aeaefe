namespace Baton.Core.Reviews;

/// <summary>One reviewer's verdict on one attempt of a run's review stage, as stored.</summary>
public sealed record ReviewVerdictRecord
{
    public required string RunId { get; init; }
    public required string Stage { get; init; }
    public required int Attempt { get; init; }
    public required string Reviewer { get; init; }
    public required Verdict Verdict { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<ReviewFinding> Findings { get; init; } = [];
    /// <summary>The reviewer never gave a readable verdict (asked twice): counted as <see cref="Verdict.Concerns"/>.</summary>
    public bool Malformed { get; init; }
    public required DateTimeOffset At { get; init; }
}
