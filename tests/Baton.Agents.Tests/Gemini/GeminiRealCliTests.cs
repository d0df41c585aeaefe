using Baton.Agents.Gemini;
using Baton.Agents.Tests.Conformance;
using Baton.Agents.Tests.Support;
using Baton.Core.Config;
using Baton.Core.Ports;

namespace Baton.Agents.Tests.Gemini;

/// <summary>The conformance suite against the real <c>gemini</c> CLI (pinned) and the scripted model server.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class GeminiRealCliTests : CliConformance
{
    protected override IAgentAdapter CreateAdapter(IProcessRunner processes) => new GeminiAdapter(processes);

    protected override AgentConfig Agent => RealCliAgents.Gemini(Server.BaseUrl);
}
