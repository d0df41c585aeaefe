namespace Baton.Core.Agents;

public sealed record AgentTurnResult
{
    public bool Succeeded { get; init; }
    public int? ExitCode { get; init; }
    public bool TimedOut { get; init; }
    public bool Cancelled { get; init; }
    public string? SessionId { get; init; }
    public string? FinalMessage { get; init; }
    /// <summary>Why the turn failed, in words a person can act on.</summary>
    public string? Error { get; init; }
    /// <summary>The failure's known signature, for recovery; <see cref="AgentFailureKind.None"/> on success.</summary>
    public AgentFailureKind Failure { get; init; }
    /// <summary>Tokens and cost of this turn alone, when the CLI reported them.</summary>
    public AgentUsage? Usage { get; init; }
    /// <summary>For CLIs that report usage per session (Codex): the session's running total after this turn.</summary>
    public AgentUsage? SessionUsage { get; init; }
    public string OutputTail { get; init; } = "";
}
