namespace Baton.Core.Events.Data;

// Review and approval (spec §9).

/// <summary><c>review.verdict</c>: one reviewer's verdict (<c>approved</c>, <c>concerns</c> or <c>blocker</c>).</summary>
public sealed record ReviewVerdictData() : EventData(EventType.ReviewVerdict)
{
    public string? Reviewer { get; init; }
    public required string Verdict { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<Reviews.ReviewFinding>? Findings { get; init; }
    /// <summary>The reviewer gave no readable verdict after being asked twice: counted as concerns.</summary>
    public bool Malformed { get; init; }
    public int? Attempt { get; init; }
}

/// <summary><c>review.decision</c>: what the decision policy made of the verdicts.</summary>
public sealed record ReviewDecisionData() : EventData(EventType.ReviewDecision)
{
    public required string Decision { get; init; }
    public string? Reason { get; init; }
    public int? Attempt { get; init; }
}

/// <summary><c>approval.requested</c>: a run waits for a person.</summary>
public sealed record ApprovalRequestedData() : EventData(EventType.ApprovalRequested)
{
    public string? Id { get; init; }
    /// <summary>The question put to the person.</summary>
    public required string Reason { get; init; }
    /// <summary><c>approval</c>, <c>review</c>, <c>escalation</c>, or <c>command</c> (an agent waits on a command to confirm).</summary>
    public string? Kind { get; init; }
}

/// <summary><c>approval.answered</c>: a person approved or denied, or answered a question.</summary>
public sealed record ApprovalAnsweredData() : EventData(EventType.ApprovalAnswered)
{
    public string? Id { get; init; }
    public bool Approved { get; init; }
    /// <summary><c>approved</c>, <c>denied</c> or <c>answered</c>.</summary>
    public string? Answer { get; init; }
    public string? By { get; init; }
    public string? Note { get; init; }
}

/// <summary><c>budget.warning</c> / <c>budget.exceeded</c>: what the task has spent against its budget.</summary>
public abstract record BudgetData : EventData
{
    private protected BudgetData(EventType type)
        : base(type)
    {
    }

    public long Tokens { get; init; }
    public long? TokenLimit { get; init; }
    /// <summary>Dollars spent, where the agents report cost or have a price; null when unknown.</summary>
    public decimal? CostUsd { get; init; }
    public decimal? CostLimit { get; init; }
}

/// <summary><c>budget.warning</c>: the task has spent 80% or more of a limit.</summary>
public sealed record BudgetWarningData() : BudgetData(EventType.BudgetWarning);

/// <summary><c>budget.exceeded</c>: the task has spent a limit; the agent turn is stopped and the run ends.</summary>
public sealed record BudgetExceededData() : BudgetData(EventType.BudgetExceeded);
