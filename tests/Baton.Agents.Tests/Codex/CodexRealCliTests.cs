using Baton.Agents.Codex;
using Baton.Agents.Tests.Conformance;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Codex;

/// <summary>The conformance suite against the real <c>codex</c> CLI (pinned) and the scripted model server.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class CodexRealCliTests : CliConformance
{
    protected override IAgentAdapter CreateAdapter(IProcessRunner processes) => new CodexAdapter(processes);

    protected override AgentConfig Agent => RealCliAgents.Codex(Server.BaseUrl);
}
