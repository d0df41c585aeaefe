namespace Baton.Core.Agents;

/// <summary>
/// The conversation a task holds with one agent (a Codex thread, a Claude session, a WebSocket conversation), so the
/// next turn of the same task continues it. Each task has its own; sessions are never shared between tasks.
/// </summary>
public sealed record AgentSession
{
    public required string TaskId { get; init; }
    public required string Agent { get; init; }
    public required string SessionId { get; init; }
    /// <summary>The session's running usage (for CLIs that report usage per session rather than per turn).</summary>
    public AgentUsage Usage { get; init; } = AgentUsage.Zero;
    public DateTimeOffset UpdatedAt { get; init; }
}
