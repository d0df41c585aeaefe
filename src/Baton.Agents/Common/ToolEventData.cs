using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Events;

namespace Baton.Agents.Common;

/// <summary>Builders for <c>agent.command</c>, <c>agent.tool</c> and fatal <c>agent.error</c> data (docs/agents.md).</summary>
internal static class ToolEventData
{
    public static AgentEvent Command(string id, string? command, string status, int? exitCode, string? output) =>
        new(EventType.AgentCommand, new JsonObject
        {
            ["id"] = id,
            ["command"] = command,
            ["status"] = status,
            ["exit_code"] = exitCode,
        }.WithOutput(output));

    public static AgentEvent Tool(string id, string name, string status, JsonObject input, string? output) =>
        new(EventType.AgentTool, new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["status"] = status,
            ["input"] = input,
        }.WithOutput(output));

    /// <summary>An error the CLI reported as fatal, with the failure signature its message shows.</summary>
    public static AgentEvent Fatal(string message) => new(EventType.AgentError, new JsonObject
    {
        ["message"] = message,
        ["fatal"] = true,
        ["failure"] = Names.Of(FailureSignatures.Classify(message)),
    });
}
