using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Events;
using Baton.Core.Events.Data;

namespace Baton.Agents.Codex;

/// <summary>
/// Maps Codex's thread items to events. Messages and reasoning are reported when complete; text seen only in an
/// unfinished item (the stream was cut) is flushed at the end so it is not lost.
/// </summary>
internal sealed class CodexItems(string workspace)
{
    private readonly OrderedDictionary<string, (string Kind, string Text)> _unfinished = new(StringComparer.Ordinal);

    public string? FinalMessage { get; private set; }

    /// <summary>Returns "" when the item was understood, else the reason for <c>agent.raw</c>.</summary>
    public string Read(ItemPhase phase, JsonObject? item, List<EventData> events)
    {
        var type = item.Str("type");
        if (item is null || type is null)
        {
            return "bad_fields";
        }

        var id = item.Str("id") ?? "";
        if (phase == ItemPhase.Completed)
        {
            _unfinished.Remove(id);
        }

        return type switch
        {
            "agent_message" or "reasoning" => Text(phase, id, type, item.Str("text"), events),
            "command_execution" => Command(phase, id, item, events),
            "file_change" => FileChange(phase, id, item, events),
            "mcp_tool_call" => Tool(phase, id, McpName(item), item, events, item.Copy("arguments")),
            "web_search" or "todo_list" or "plan" => Tool(phase, id, type, item, events, Rest(item)),
            "collab_tool_call" => Tool(phase, id, item.Str("tool") is { } tool ? "collab/" + tool : "collab", item, events, Rest(item)),
            "error" => Warning(phase, item.Str("message"), events),
            _ => "unknown_item_type",
        };
    }

    public string PlanDelta(string? itemId, string? delta)
    {
        if (itemId is null || delta is null)
        {
            return "bad_fields";
        }

        var text = _unfinished.TryGetValue(itemId, out var seen) ? seen.Text : "";
        _unfinished[itemId] = ("plan", text + delta);
        return "";
    }

    public void Flush(List<EventData> events)
    {
        foreach (var (id, (kind, text)) in _unfinished)
        {
            events.Add(kind switch
            {
                "agent_message" => AgentData.Message(text),
                "reasoning" => AgentData.Reasoning(text),
                _ => ToolEvent(id, "plan", "updated", new JsonObject { ["text"] = text }),
            });
        }

        _unfinished.Clear();
    }

    private string Text(ItemPhase phase, string id, string kind, string? text, List<EventData> events)
    {
        if (text is null)
        {
            return "bad_fields";
        }

        if (phase != ItemPhase.Completed)
        {
            if (text.Length > 0)
            {
                _unfinished[id] = (kind, text);
            }

            return "";
        }

        if (kind == "agent_message")
        {
            FinalMessage = text;
            events.Add(AgentData.Message(text));
        }
        else
        {
            events.Add(AgentData.Reasoning(text));
        }

        return "";
    }

    private static string Command(ItemPhase phase, string id, JsonObject item, List<EventData> events)
    {
        var command = item.Str("command");
        if (command is null)
        {
            return "bad_fields";
        }

        if (phase == ItemPhase.Updated)
        {
            return "";
        }

        var started = phase == ItemPhase.Started;
        var status = started ? "started" : item.Str("status") switch
        {
            "failed" => "failed",
            "declined" => "declined",
            _ => "completed",
        };
        events.Add(ToolEventData.Command(id, command, status, started ? null : item.Int("exit_code"), started ? null : item.Str("aggregated_output")));
        return "";
    }

    private string FileChange(ItemPhase phase, string id, JsonObject item, List<EventData> events)
    {
        if (item.Arr("changes") is not { } changes)
        {
            return "bad_fields";
        }

        if (phase != ItemPhase.Completed)
        {
            return "";
        }

        if (item.Str("status") is "failed" or "declined")
        {
            events.Add(ToolEvent(id, "file_change", "failed", new JsonObject { ["changes"] = changes.DeepClone() }));
            return "";
        }

        var before = events.Count;
        foreach (var change in changes.OfType<JsonObject>())
        {
            // The kind is a string in 0.169; older builds wrote {"type": "add", …}.
            var kind = change.Str("kind") ?? change.Obj("kind").Str("type");
            if (change.Str("path") is { } path && kind is "add" or "delete" or "update")
            {
                events.Add(AgentData.FileChange(AgentData.WorkspacePath(path, workspace), kind));
            }
        }

        return events.Count > before || changes.Count == 0 ? "" : "bad_fields";
    }

    private static string Tool(ItemPhase phase, string id, string name, JsonObject item, List<EventData> events, JsonNode? input)
    {
        var failed = item.Str("status") == "failed" || item["error"] is JsonObject or JsonValue;
        var status = phase switch
        {
            ItemPhase.Started => "started",
            ItemPhase.Updated => "updated",
            ItemPhase.Completed => failed ? "failed" : "completed",
        };
        var output = phase == ItemPhase.Completed && item.Str("type") == "mcp_tool_call"
            ? JsonRead.AsText(item["result"]) ?? item.Obj("error").Str("message") ?? JsonRead.AsText(item["error"])
            : null;
        events.Add(ToolEventData.Tool(id, name, status, input as JsonObject ?? new JsonObject { ["value"] = input }, output));
        return "";
    }

    private static string Warning(ItemPhase phase, string? message, List<EventData> events)
    {
        if (message is null)
        {
            return "bad_fields";
        }

        if (phase == ItemPhase.Completed)
        {
            events.Add(AgentData.Warning(message));
        }

        return "";
    }

    private static AgentToolData ToolEvent(string id, string name, string status, JsonObject input) =>
        ToolEventData.Tool(id, name, status, input, null);

    private static string McpName(JsonObject item) => $"{item.Str("server") ?? "mcp"}/{item.Str("tool") ?? "unknown"}";

    private static JsonObject Rest(JsonObject item)
    {
        var rest = (JsonObject)item.DeepClone();
        rest.Remove("id");
        rest.Remove("type");
        rest.Remove("status");
        return rest;
    }
}
