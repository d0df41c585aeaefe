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
    public string OutputTail { get; init; } = "";
}
