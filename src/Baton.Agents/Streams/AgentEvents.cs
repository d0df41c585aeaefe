using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Events;

namespace Baton.Agents.Streams;

/// <summary>Builders for the event data shapes of docs/agents.md, shared by the stream parsers.</summary>
internal static class AgentEvents
{
    public const int MaxOutputChars = 8000;

    public static AgentEvent Raw(string line, string reason) =>
        new(EventType.AgentRaw, new JsonObject { ["line"] = line, ["reason"] = reason });

    public static AgentEvent Message(string text) => new(EventType.AgentMessage, new JsonObject { ["text"] = text });

    public static AgentEvent Reasoning(string text) => new(EventType.AgentReasoning, new JsonObject { ["text"] = text });

    public static AgentEvent Warning(string message) =>
        new(EventType.AgentError, new JsonObject { ["message"] = message, ["fatal"] = false });

    public static AgentEvent Fatal(string message) => new(EventType.AgentError, new JsonObject
    {
        ["message"] = message,
        ["fatal"] = true,
        ["failure"] = Names.Of(FailureSignatures.Classify(message)),
    });

    public static AgentEvent FileChange(string path, string kind) =>
        new(EventType.AgentFileChange, new JsonObject { ["path"] = path, ["kind"] = kind });

    public static AgentEvent Command(string id, string? command, string status, int? exitCode, string? output) =>
        new(EventType.AgentCommand, WithOutput(new JsonObject
        {
            ["id"] = id,
            ["command"] = command,
            ["status"] = status,
            ["exit_code"] = exitCode,
        }, output));

    public static AgentEvent Tool(string id, string name, string status, JsonObject input, string? output) =>
        new(EventType.AgentTool, WithOutput(new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["status"] = status,
            ["input"] = input,
        }, output));

    /// <summary>Adds <c>output</c>, cut to its end when too long (errors and summaries come last), and <c>output_truncated</c>.</summary>
    private static JsonObject WithOutput(JsonObject data, string? output)
    {
        if (output is null)
        {
            return data;
        }

        if (output.Length <= MaxOutputChars)
        {
            data["output"] = output;
            return data;
        }

        var start = output.Length - (MaxOutputChars - 1);
        if (char.IsLowSurrogate(output[start]))
        {
            start++;
        }

        data["output"] = "…" + output[start..];
        data["output_truncated"] = true;
        return data;
    }
}
