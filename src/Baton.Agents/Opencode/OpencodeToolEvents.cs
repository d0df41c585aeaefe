using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Events.Data;

namespace Baton.Agents.Opencode;

/// <summary>Maps one finished opencode tool part (<c>part.type == "tool"</c>) to Baton events; a refused one is <c>declined</c>.</summary>
internal static class OpencodeToolEvents
{
    /// <summary>
    /// How opencode's errors for a refused permission begin: a rule that denies it (Baton's command policy is written
    /// into its bash rules), or a question nobody can answer in <c>opencode run</c>. Either way the tool never ran.
    /// </summary>
    private static readonly string[] RefusalStarts =
    [
        "The user has specified a rule which prevents you from using this specific tool call",
        "The user rejected permission to use this specific tool call",
    ];

    private static bool Refused(string? error) => error is not null && RefusalStarts.Any(s => error.StartsWith(s, StringComparison.Ordinal));

    public static bool From(JsonObject? part, List<EventData> events, string? workspace)
    {
        var state = part.Obj("state");
        if (part.Str("callID") is not { } id || part.Str("tool") is not { } tool || state.Str("status") is not { } status)
        {
            return false;
        }

        var input = state.Copy("input") as JsonObject ?? [];
        var metadata = state.Obj("metadata");
        var output = JsonRead.AsText(state?["output"]) ?? JsonRead.AsText(metadata?["output"]) ?? JsonRead.AsText(state?["error"]);
        var outcome = status switch
        {
            "completed" => "completed",
            "error" when Refused(state.Str("error")) => "declined",
            "error" => "failed",
            _ => "started",
        };
        switch (tool)
        {
            case "bash":
                var exit = metadata.Long("exit") is { } code and >= int.MinValue and <= int.MaxValue ? (int)code : (int?)null;
                if (outcome == "completed" && exit is not (null or 0))
                {
                    outcome = "failed";
                }

                events.Add(ToolEventData.Command(id, input.Str("command"), outcome, exit, output));
                return true;
            case "edit" or "write" when outcome == "completed":
                var path = metadata.Str("filepath") ?? metadata.Obj("filediff").Str("file") ?? input.Str("filePath");
                if (path is null)
                {
                    break;
                }

                // write says whether the file was there before; edit changes an existing file.
                events.Add(AgentData.FileChange(workspace is null ? path : AgentData.WorkspacePath(path, workspace), tool == "write" && metadata.Bool("exists") != true ? "add" : "update"));
                return true;
        }

        events.Add(ToolEventData.Tool(id, tool, outcome, input, output));
        return true;
    }
}
