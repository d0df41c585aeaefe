namespace Baton.Core.Config;

/// <summary><c>agents.*.price</c>: dollars per million tokens, for CLIs that report no cost (Codex, Gemini).</summary>
public sealed record AgentPrice(decimal InputPerMTok, decimal OutputPerMTok)
{
    public decimal Cost(long inputTokens, long outputTokens) => (inputTokens * InputPerMTok + outputTokens * OutputPerMTok) / 1_000_000m;
}
