using Baton.Core.Events.Data;
using Baton.Core.Processes;

namespace Baton.Core.Agents;

/// <summary>Where an adapter reports what its CLI does, and the raw output for the stage log.</summary>
public interface IAgentEventSink
{
    void Emit(EventData data);

    void Log(OutputLine line);

    ProcessCallbacks ProcessCallbacks { get; }

    /// <summary>
    /// Decides an action the CLI asks about before it runs (the project's command policy, the workspace's bounds, a
    /// person for a command to confirm — which may take minutes). Without a policy behind the sink, everything is allowed.
    /// </summary>
    Task<ActionDecision> DecideAsync(AgentAction action, CancellationToken ct) => Task.FromResult(ActionDecision.Allow);
}
