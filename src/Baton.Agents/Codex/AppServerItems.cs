using System.Text.Json.Nodes;

namespace Baton.Agents.Codex;

/// <summary>
/// <c>codex app-server</c>'s thread items in the shape <c>codex exec --json</c> gives them (snake_case types and
/// fields), so one mapping (<see cref="CodexItems"/>) serves both. Items of no interest (the user's own message,
/// context compaction, review mode markers) are null.
/// </summary>
internal static class AppServerItems
{
    private static readonly HashSet<string> Silent = new(
        ["userMessage", "hookPrompt", "contextCompaction", "enteredReviewMode", "exitedReviewMode", "sleep", "subAgentActivity", "functionCallOutput"],
        StringComparer.Ordinal);

    public static JsonObject? Normalize(JsonObject? item, out bool silent)
    {
        silent = false;
        if (item?["type"]?.GetValueKind() is not System.Text.Json.JsonValueKind.String)
        {
            return item;
        }

        var type = (string)item["type"]!;
        if (Silent.Contains(type))
        {
            silent = true;
            return null;
        }

        var copy = (JsonObject)item.DeepClone();
        copy["type"] = type switch
        {
            "agentMessage" => "agent_message",
            "commandExecution" => "command_execution",
            "fileChange" => "file_change",
            "mcpToolCall" => "mcp_tool_call",
            "webSearch" => "web_search",
            "collabAgentToolCall" => "collab_tool_call",
            "dynamicToolCall" => "mcp_tool_call",
            "imageView" => "web_search",
            _ => type,
        };
        Rename(copy, "aggregatedOutput", "aggregated_output");
        Rename(copy, "exitCode", "exit_code");
        if (type == "reasoning" && copy["text"] is null)
        {
            var parts = (copy["summary"] as JsonArray ?? []).Concat(copy["content"] as JsonArray ?? []).Select(Common.JsonRead.AsText).OfType<string>();
            copy["text"] = string.Join("\n", parts);
        }

        if (type == "dynamicToolCall")
        {
            copy["server"] = copy["namespace"]?.DeepClone() ?? "dynamic";
        }

        return copy;
    }

    private static void Rename(JsonObject item, string from, string to)
    {
        if (item[from] is { } value)
        {
            item.Remove(from);
            item[to] = value;
        }
    }
}
