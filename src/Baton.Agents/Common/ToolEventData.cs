using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Events.Data;

namespace Baton.Agents.Common;

/// <summary>Builders for <c>agent.command</c>, <c>agent.tool</c> and fatal <c>agent.error</c> data (docs/agents.md).</summary>
internal static class ToolEventData
{
    public static AgentCommandData Command(string id, string? command, string status, int? exitCode, string? output)
    {
        var (kept, truncated) = AgentData.Clip(output);
        return new AgentCommandData { Id = id, Command = command, Status = status, ExitCode = exitCode, Output = kept, OutputTruncated = truncated };
    }

    public static AgentToolData Tool(string id, string name, string status, JsonObject input, string? output)
    {
        var (kept, truncated) = AgentData.Clip(output);
        return new AgentToolData { Id = id, Name = name, Status = status, Input = input, Output = kept, OutputTruncated = truncated };
    }

    /// <summary>An error the CLI reported as fatal, with the failure signature its message shows.</summary>
    public static AgentErrorData Fatal(string message) =>
        new() { Message = message, Fatal = true, Failure = Names.Of(FailureSignatures.Classify(message)) };
}
