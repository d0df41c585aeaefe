using Baton.Agents.Opencode;
using Baton.Agents.Tests.Conformance;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Opencode;

/// <summary>The conformance suite against the real <c>opencode</c> CLI (pinned) and the scripted model server.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class OpencodeRealCliTests : CliConformance
{
    protected override IAgentAdapter CreateAdapter(IProcessRunner processes) => new OpencodeAdapter(processes);

    protected override AgentConfig Agent => RealCliAgents.Opencode(Server.BaseUrl);
}
