using Baton.Agents.Claude;
using Baton.Agents.Tests.Conformance;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Claude;

/// <summary>The conformance suite against the real <c>claude</c> CLI (pinned) and the scripted model server.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class ClaudeRealCliTests : CliConformance
{
    protected override IAgentAdapter CreateAdapter(IProcessRunner processes) => new ClaudeAdapter(processes);

    protected override AgentConfig Agent => RealCliAgents.Claude(Server.BaseUrl);
}
