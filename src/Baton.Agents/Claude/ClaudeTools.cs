using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Events;
using Baton.Core.Events.Data;

namespace Baton.Agents.Claude;

/// <summary>
/// Claude's tool calls: a <c>tool_use</c> block starts one (Bash as <c>agent.command</c>, others as <c>agent.tool</c>),
/// the matching <c>tool_result</c> ends it. A file tool's change is reported when its result says it succeeded.
/// </summary>
internal sealed partial class ClaudeTools(string workspace)
{
    private readonly Dictionary<string, (string Name, JsonObject Input)> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _denied = new(StringComparer.Ordinal);

    public bool Started(JsonObject block, List<EventData> events)
    {
        var id = block.Str("id");
        var name = block.Str("name");
        if (id is null || name is null)
        {
            return false;
        }

        var input = block.Obj("input")?.DeepClone() as JsonObject ?? [];
        _open[id] = (name, input);
        events.Add(name == "Bash"
            ? ToolEventData.Command(id, input.Str("command") ?? "", "started", null, null)
            : ToolEventData.Tool(id, name, "started", (JsonObject)input.DeepClone(), null));
        return true;
    }

    public void Denied(string? toolUseId)
    {
        if (toolUseId is not null)
        {
            _denied.Add(toolUseId);
        }
    }

    /// <summary>Ends the tools whose results a user record carries; "" when it carried any, else why not.</summary>
    public string Results(JsonArray blocks, JsonObject? toolUseResult, List<EventData> events)
    {
        var any = false;
        foreach (var block in blocks.OfType<JsonObject>().Where(b => b.Str("type") == "tool_result"))
        {
            if (block.Str("tool_use_id") is { } id)
            {
                Ended(id, block, toolUseResult, events);
                any = true;
            }
        }

        return any ? "" : "user_message";
    }

    private void Ended(string id, JsonObject block, JsonObject? toolUseResult, List<EventData> events)
    {
        var failed = block.Bool("is_error") == true;
        var output = Output(block["content"]);
        var (name, input) = _open.Remove(id, out var open) ? open : ("unknown", []);
        if (name == "Bash")
        {
            var status = _denied.Contains(id) ? "declined" : failed ? "failed" : "completed";
            events.Add(ToolEventData.Command(id, input.Str("command") ?? "", status, failed ? ExitCode(output) : 0, output));
            return;
        }

        events.Add(ToolEventData.Tool(id, name, failed ? "failed" : "completed", (JsonObject)input.DeepClone(), output));
        if (!failed && ChangedFile(name, input, toolUseResult) is { } change)
        {
            events.Add(AgentData.FileChange(AgentData.WorkspacePath(change.Path, workspace), change.Kind));
        }
    }

    private static (string Path, string Kind)? ChangedFile(string tool, JsonObject input, JsonObject? toolUseResult) => tool switch
    {
        "Write" when input.Str("file_path") is { } path => (path, toolUseResult.Str("type") == "create" ? "add" : "update"),
        "Edit" or "MultiEdit" when input.Str("file_path") is { } path => (path, "update"),
        "NotebookEdit" when input.Str("notebook_path") is { } path => (path, "update"),
        _ => null,
    };

    /// <summary>A result's content is a string or a list of blocks; the text blocks are the output.</summary>
    private static string? Output(JsonNode? content) => content switch
    {
        JsonArray parts => string.Join('\n', parts.OfType<JsonObject>().Select(p => p.Str("text")).OfType<string>()),
        _ => JsonRead.AsText(content),
    };

    /// <summary>A failed Bash result starts with "Exit code N"; a refused or interrupted one has none.</summary>
    private static int? ExitCode(string? output) =>
        output is not null && ExitCodeLine().Match(output) is { Success: true } m && int.TryParse(m.Groups[1].ValueSpan, out var code) ? code : null;

    [GeneratedRegex(@"\AExit code (\d+)")]
    private static partial Regex ExitCodeLine();
}
