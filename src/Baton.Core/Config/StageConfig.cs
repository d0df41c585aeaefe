namespace Baton.Core.Config;

public sealed record StageConfig
{
    public required string Id { get; init; }
    public StageKind Kind { get; init; }
    public AgentRole? Role { get; init; }
    public string? Agent { get; init; }
    public string? Command { get; init; }
    public string? Pipeline { get; init; }
    /// <summary>Extra instructions for an agent stage, added to the role prompt.</summary>
    public string? Prompt { get; init; }
    public TimeSpan? Timeout { get; init; }
    public int Retries { get; init; }
    /// <summary>First retry delay; doubles each time, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    public bool AllowFailure { get; init; }
    public IReadOnlyList<string> Reviewers { get; init; } = [];
}
