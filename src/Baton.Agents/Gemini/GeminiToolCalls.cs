using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Events.Data;

namespace Baton.Agents.Gemini;

/// <summary>
/// Gemini's <c>tool_use</c> and <c>tool_result</c> lines, paired by <c>tool_id</c>: shell commands become
/// <c>agent.command</c> (<c>declined</c> when Gemini's policy refused it), other tools <c>agent.tool</c>, and a file tool
/// that succeeded also an <c>agent.file_change</c>.
/// Each method returns null when it understood the line, else why not.
/// </summary>
internal sealed class GeminiToolCalls(string? workspace)
{
    /// <summary>The <c>error.type</c> of a tool result Gemini's policy engine denied.</summary>
    private const string PolicyViolation = "policy_violation";

    private readonly Dictionary<string, PendingTool> _pending = new(StringComparer.Ordinal);

    public string? Use(JsonObject obj, List<EventData> events)
    {
        if (obj.Str("tool_id") is not { } id || obj.Str("tool_name") is not { } name)
        {
            return "bad_fields";
        }

        var input = obj.Copy("parameters") as JsonObject ?? [];
        var kind = GeminiTools.KindOf(name);
        var path = kind == GeminiTools.Kind.File ? input.Str("file_path") ?? input.Str("path") : null;
        var existed = path is not null && workspace is not null && File.Exists(Path.Combine(workspace, path));
        var shown = path is not null && workspace is not null ? AgentData.WorkspacePath(path, workspace) : path;
        _pending[id] = new PendingTool(name, kind, input, shown, existed);
        events.Add(kind == GeminiTools.Kind.Shell
            ? ToolEventData.Command(id, input.Str("command"), "started", null, null)
            : ToolEventData.Tool(id, name, "started", (JsonObject)input.DeepClone(), null));
        return null;
    }

    public string? Result(JsonObject obj, List<EventData> events)
    {
        var status = obj.Str("status");
        if (obj.Str("tool_id") is not { } id || status is not ("success" or "error"))
        {
            return "bad_fields";
        }

        if (!_pending.Remove(id, out var tool))
        {
            return "unknown_tool_id";
        }

        var succeeded = status == "success";
        var output = JsonRead.AsText(obj["output"]) ?? obj.Obj("error").Str("message");
        var outcome = succeeded ? "completed" : "failed";
        if (tool.Kind == GeminiTools.Kind.Shell)
        {
            var exit = succeeded ? GeminiTools.ExitCodeOf(output) : null;
            // Gemini's policy engine refused it (Baton's command policy is written into it): it never ran.
            var shown = obj.Obj("error").Str("type") == PolicyViolation ? "declined" : exit is null or 0 ? outcome : "failed";
            events.Add(ToolEventData.Command(id, tool.Input.Str("command"), shown, exit, output));
            return null;
        }

        events.Add(ToolEventData.Tool(id, tool.Name, outcome, (JsonObject)tool.Input.DeepClone(), output));
        if (succeeded && tool.Kind == GeminiTools.Kind.File && tool.Path is { } path)
        {
            events.Add(AgentData.FileChange(path, tool.Existed ? "update" : "add"));
        }

        return null;
    }

    private sealed record PendingTool(string Name, GeminiTools.Kind Kind, JsonObject Input, string? Path, bool Existed);
}
