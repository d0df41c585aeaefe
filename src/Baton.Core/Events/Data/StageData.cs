using System.Text.Json.Serialization;

namespace Baton.Core.Events.Data;

/// <summary><c>stage.started</c>: one try of a stage began. Agent stages name their role and agent; command stages their command.</summary>
public sealed record StageStartedData() : EventData(EventType.StageStarted)
{
    public required string Kind { get; init; }
    public int Attempt { get; init; }
    public int Try { get; init; }
    public string? Role { get; init; }
    public string? Agent { get; init; }
    public string? Command { get; init; }
}

/// <summary><c>stage.retry</c>: a try failed and the stage runs again after a delay.</summary>
public sealed record StageRetryData() : EventData(EventType.StageRetry)
{
    public int Try { get; init; }
    public string? Error { get; init; }
    public long DelayMs { get; init; }
}

/// <summary><c>stage.finished</c>: <see cref="Status"/> is <c>succeeded</c>, <c>failed</c> or <c>interrupted</c>.</summary>
public sealed record StageFinishedData() : EventData(EventType.StageFinished)
{
    public required string Status { get; init; }
    public int? ExitCode { get; init; }
    public string? Error { get; init; }
    public bool? AllowedFailure { get; init; }
    public int Attempt { get; init; }
    public int? Tries { get; init; }
    public double? Seconds { get; init; }
    public string? OutputTail { get; init; }

    [JsonIgnore]
    public bool Succeeded => Status == "succeeded";
}

/// <summary><c>gate.started</c>.</summary>
public sealed record GateStartedData() : EventData(EventType.GateStarted)
{
    public required string Command { get; init; }
    public int Attempt { get; init; }
}

/// <summary><c>gate.finished</c>: the same facts as the gate's stored result.</summary>
public sealed record GateFinishedData() : EventData(EventType.GateFinished)
{
    public required string Command { get; init; }
    public int Attempt { get; init; }
    public bool Passed { get; init; }
    public int? ExitCode { get; init; }
    public bool TimedOut { get; init; }
    public double Seconds { get; init; }
    public string? OutputTail { get; init; }
}

/// <summary><c>recovery.action</c>: what Baton did about a failed agent turn.</summary>
public sealed record RecoveryActionData() : EventData(EventType.RecoveryAction)
{
    public required string Agent { get; init; }
    public required string Failure { get; init; }
    public required string Action { get; init; }
    public string? Error { get; init; }
    public long? DelayMs { get; init; }
    public string? ToAgent { get; init; }
    /// <summary>For a relaunch: what the relaunched CLI is given that the failed launch was not.</summary>
    public string? Correction { get; init; }
}

/// <summary>
/// <c>policy.violation</c>: a command or change the policy forbids. <see cref="Action"/> says what Baton did: refused it
/// before it ran (<c>refused</c>, also for Baton's own commands and gates), stopped the run after an agent reported
/// running it (<c>stopped</c>), or let a watched command run and flagged it (<c>flagged</c>).
/// </summary>
public sealed record PolicyViolationData() : EventData(EventType.PolicyViolation)
{
    public string? Command { get; init; }
    /// <summary>A file the agent asked to change, for a change outside its workspace.</summary>
    public string? Path { get; init; }
    public required string Reason { get; init; }
    public string? Action { get; init; }
}

/// <summary><c>limit.exceeded</c>: the run's processes went over a <c>policy.limits</c> limit (<c>memory_mb</c>, <c>processes</c>); the run ends.</summary>
public sealed record LimitExceededData() : EventData(EventType.LimitExceeded)
{
    public required string Limit { get; init; }
    public required string Detail { get; init; }
}

/// <summary><c>policy.confirm</c>: an agent asked to run a command <c>policy.confirm_commands</c> names; a person is asked while it waits.</summary>
public sealed record PolicyConfirmData() : EventData(EventType.PolicyConfirm)
{
    public required string Command { get; init; }
    public required string Pattern { get; init; }
    /// <summary>The question put to a person (<c>approval.requested</c> with the same id).</summary>
    public required string ApprovalId { get; init; }
    public DateTimeOffset? Deadline { get; init; }
}

/// <summary><c>sync.attempt</c>: one delivery of a finished run's manifest and result to <c>sync.url</c>.</summary>
public sealed record SyncAttemptData() : EventData(EventType.SyncAttempt)
{
    public int Attempt { get; init; }
    public required string Url { get; init; }
    /// <summary>The receiver's HTTP status; null when it could not be reached.</summary>
    public int? Status { get; init; }
    public bool Delivered { get; init; }
    public string? Error { get; init; }
    /// <summary>When the next attempt is due, for a failed one.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
