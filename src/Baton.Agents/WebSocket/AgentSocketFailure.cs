using Baton.Core.Agents;

namespace Baton.Agents.WebSocket;

/// <summary>Ends a socket turn from deep in the exchange with a failure kind and a message a person can act on.</summary>
internal sealed class AgentSocketFailure(AgentFailureKind kind, string message) : Exception(message)
{
    public AgentFailureKind Kind { get; } = kind;
}
