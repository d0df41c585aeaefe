using Baton.Core.Agents;

namespace Baton.Engine.Execution;

/// <summary>What an agent stage used, for the manifest: the agent that answered, its session, and the turns' usage.</summary>
public sealed record StageAgentInfo(string Agent, string? SessionId, AgentUsage Usage, int Turns);
