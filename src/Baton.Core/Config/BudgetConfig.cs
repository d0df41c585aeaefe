namespace Baton.Core.Config;

/// <summary>
/// <c>budget:</c> — what one task may spend across all its runs: tokens (input + output) and dollars. Near the limit a
/// <c>budget.warning</c>; past it the agent turn is stopped and the run ends <c>budget_exceeded</c>.
/// </summary>
public sealed record BudgetConfig
{
    public long? Tokens { get; init; }
    public decimal? CostUsd { get; init; }

    /// <summary>The share of a limit at which the warning comes.</summary>
    public const double WarnAt = 0.8;
}
