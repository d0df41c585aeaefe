using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Events;

namespace Baton.Agents.Common;

/// <summary>Builders for the event data shapes in docs/agents.md that every stream parser shares.</summary>
internal static class EventData
{
    public const int MaxOutputChars = 8000;

    public static AgentEvent Raw(string line, string reason) =>
        new(EventType.AgentRaw, new JsonObject { ["line"] = line, ["reason"] = reason });

    public static AgentEvent Message(string text) => new(EventType.AgentMessage, new JsonObject { ["text"] = text });

    public static AgentEvent Reasoning(string text) => new(EventType.AgentReasoning, new JsonObject { ["text"] = text });

    public static AgentEvent Warning(string message) =>
        new(EventType.AgentError, new JsonObject { ["message"] = message, ["fatal"] = false });

    public static AgentEvent FileChange(string path, string kind) =>
        new(EventType.AgentFileChange, new JsonObject { ["path"] = path, ["kind"] = kind });

    /// <summary>Adds <c>output</c> (its end, when longer than the limit: that is where errors and summaries are) and <c>output_truncated</c>.</summary>
    public static JsonObject WithOutput(this JsonObject data, string? output)
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

    /// <summary>A path relative to the workspace when it lies inside it, else as given.</summary>
    public static string WorkspacePath(string path, string workspace)
    {
        if (!Path.IsPathRooted(path) || workspace.Length == 0)
        {
            return path;
        }

        var root = Path.TrimEndingDirectorySeparator(workspace);
        return path.StartsWith(root + "/", StringComparison.Ordinal) ? path[(root.Length + 1)..] : path;
    }
}
