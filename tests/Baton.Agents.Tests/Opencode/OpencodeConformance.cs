using Baton.Agents.Opencode;
using Baton.Agents.Tests.Conformance;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Opencode;

/// <summary>The shared conformance suite against the real opencode CLI and the scripted model server.</summary>
[Trait("Category", "AgentCli")]
public sealed class OpencodeConformance : CliConformance
{
    protected override IAgentAdapter CreateAdapter(IProcessRunner processes) => new OpencodeAdapter(processes);

    protected override AgentConfig Agent => OpencodeRealCli.Agent(Server);
}
