using Baton.Core.Agents;
using Baton.Core.Config;

namespace Baton.Core.Ports;

/// <summary>Drives one kind of agent CLI. Must end the whole process tree on cancellation and report, not throw, agent failures.</summary>
public interface IAgentAdapter
{
    AgentKind Kind { get; }

    Task<AgentTurnResult> RunTurnAsync(AgentTurn turn, IAgentEventSink sink, CancellationToken ct);

    /// <summary>
    /// What this CLI's launch changes for a turn relaunched after <paramref name="failure"/> (<see cref="AgentTurn.RecoveringFrom"/>),
    /// in words for the <c>recovery.action</c> event; null when it has no correction for that failure.
    /// </summary>
    string? CorrectionFor(AgentFailureKind failure) => null;
}
