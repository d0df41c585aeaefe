namespace Baton.Core.Model;

/// <summary>
/// A question a run put to a person, and the answer once given: an <c>approval</c> stage, a review decision that wants a
/// person, or an escalation. Stored as a row, so a parked run's question survives a restart; answered at most once.
/// </summary>
public sealed record ApprovalRecord
{
    /// <summary>Short id a person types (<c>baton approve RUN --id ID</c>) when several wait on one run.</summary>
    public required string Id { get; init; }
    public required string RunId { get; init; }
    public required string TaskId { get; init; }
    /// <summary>What asked, unique per run: a stage and attempt (<c>stage:review@2</c>), or the result (<c>result@1</c>).</summary>
    public required string Key { get; init; }
    public required ApprovalKind Kind { get; init; }
    public required string Question { get; init; }
    public string? Stage { get; init; }
    public int Attempt { get; init; } = 1;
    public required DateTimeOffset RequestedAt { get; init; }
    public ApprovalAnswer? Answer { get; init; }
    public string? AnsweredBy { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>The reason given with a denial, or the text of an answer.</summary>
    public string? Note { get; init; }

    public bool IsPending => Answer is null;
}
