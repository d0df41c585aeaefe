namespace Baton.Core.Agents;

/// <summary>Tokens and cost of one turn (never cumulative across turns).</summary>
public sealed record AgentUsage
{
    public long InputTokens { get; init; }
    public long CachedInputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long ReasoningTokens { get; init; }
    public decimal? CostUsd { get; init; }

    public static AgentUsage Zero { get; } = new();

    public AgentUsage Plus(AgentUsage other) => new()
    {
        InputTokens = InputTokens + other.InputTokens,
        CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
        OutputTokens = OutputTokens + other.OutputTokens,
        ReasoningTokens = ReasoningTokens + other.ReasoningTokens,
        CostUsd = CostUsd is null && other.CostUsd is null ? null : (CostUsd ?? 0) + (other.CostUsd ?? 0),
    };

    /// <summary>This cumulative figure minus an earlier cumulative one (Codex reports usage per thread, not per turn).</summary>
    public AgentUsage Minus(AgentUsage earlier) => new()
    {
        InputTokens = Math.Max(0, InputTokens - earlier.InputTokens),
        CachedInputTokens = Math.Max(0, CachedInputTokens - earlier.CachedInputTokens),
        OutputTokens = Math.Max(0, OutputTokens - earlier.OutputTokens),
        ReasoningTokens = Math.Max(0, ReasoningTokens - earlier.ReasoningTokens),
        CostUsd = CostUsd is null ? null : Math.Max(0, CostUsd.Value - (earlier.CostUsd ?? 0)),
    };
}
