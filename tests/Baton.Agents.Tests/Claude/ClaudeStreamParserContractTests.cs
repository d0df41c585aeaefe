using Baton.Agents.Claude;
using Baton.Agents.Cli;
using Baton.Agents.Tests.Support;

namespace Baton.Agents.Tests.Claude;

public class ClaudeStreamParserContractTests : StreamParserContract
{
    protected override string Cli => "claude";

    protected override IAgentStreamParser CreateParser() => new ClaudeStreamParser("/ws");

    protected override string SampleLine =>
        "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}]},\"session_id\":\"s-1\"}";
}
