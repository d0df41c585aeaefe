using Baton.Core.Agents;

namespace Baton.Core.Ports;

/// <summary>What agents leave behind between turns: each task's sessions, and each agent stage's final answer.</summary>
public interface IAgentStateStore
{
    Task<AgentSession?> GetSessionAsync(string taskId, string agent, CancellationToken ct);

    Task SaveSessionAsync(AgentSession session, CancellationToken ct);

    /// <summary>Forgets the task's session with the agent, so the next turn starts a fresh conversation.</summary>
    Task ForgetSessionAsync(string taskId, string agent, CancellationToken ct);

    /// <summary>Records an agent stage's final answer (a planner's plan, a reviewer's verdict), replacing an earlier one.</summary>
    Task SaveStageOutputAsync(string runId, string stage, string text, CancellationToken ct);

    Task<string?> GetStageOutputAsync(string runId, string stage, CancellationToken ct);
}
