using Baton.Agents.Cli;
using Baton.Agents.Codex;
using Baton.Agents.Tests.Support;

namespace Baton.Agents.Tests.Codex;

public class CodexStreamParserContractTests : StreamParserContract
{
    protected override string Cli => "codex";

    protected override IAgentStreamParser CreateParser() => new CodexStreamParser("/ws");

    protected override string SampleLine =>
        "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_1\",\"type\":\"command_execution\",\"command\":\"ls\",\"exit_code\":0,\"status\":\"completed\",\"aggregated_output\":\"a.txt\"}}";
}
