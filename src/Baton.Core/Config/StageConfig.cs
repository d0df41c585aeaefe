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
    /// <summary>Review stages: this many concerns (or more) wait for a person; 0 never pauses for concerns.</summary>
    public int PauseAt { get; init; } = 2;
    /// <summary>Review stages: concerns and blockers go back to the builder as another attempt while attempts remain.</summary>
    public bool SendBack { get; init; }
}
