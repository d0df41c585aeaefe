using Baton.Agents.Gemini;
using Baton.Agents.Tests.Conformance;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Gemini;

/// <summary>The shared conformance suite against the real Gemini CLI and the scripted model server.</summary>
[Trait("Category", "AgentCli")]
public sealed class GeminiConformance : CliConformance
{
    protected override IAgentAdapter CreateAdapter(IProcessRunner processes) => new GeminiAdapter(processes);

    protected override AgentConfig Agent => GeminiRealCli.Agent(Server);
}
