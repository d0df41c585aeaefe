using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Processes;

namespace Baton.Agents.Claude;

/// <summary>
/// Claude Code's stream-json control protocol (<c>--input-format stream-json --permission-prompt-tool stdio</c>): the
/// prompt goes in as a user message on stdin; each <c>can_use_tool</c> request the CLI makes before a tool runs is put
/// to the sink (the policy; a person for a command to confirm, while Claude waits) and answered allow or deny — a deny
/// carries the reason, which Claude shows the model. A file change outside the workspace is refused here, whatever the
/// sink says. Once the turn's <c>result</c> has come, stdin is closed and the
/// CLI exits.
/// </summary>
public sealed class ClaudeConversation(string prompt, string workspace) : ICliConversation, IDisposable
{
    private static readonly HashSet<string> FileTools = new(["Write", "Edit", "MultiEdit", "NotebookEdit"], StringComparer.Ordinal);

    private readonly ActionAnswers _answers = new(workspace);
    private ChildInput? _input;
    private IAgentEventSink? _sink;

    public void Begin(ChildInput input, IAgentEventSink sink)
    {
        _input = input;
        _sink = sink;
        var message = new JsonObject { ["role"] = "user", ["content"] = prompt };
        input.WriteLine(new JsonObject { ["type"] = "user", ["message"] = message }.ToJsonString());
    }

    public void Handle(string line)
    {
        // Most lines are the CLI's events: skip them before parsing.
        if (!line.Contains("\"control_request\"", StringComparison.Ordinal)
            || JsonLine.TryRead(line, out _) is not { } record || record.Str("type") != "control_request"
            || record.Str("request_id") is not { } id)
        {
            return;
        }

        var request = record.Obj("request");
        if (request?.Str("subtype") != "can_use_tool")
        {
            Reply(new JsonObject { ["subtype"] = "error", ["request_id"] = id, ["error"] = $"Baton does not answer `{request?.Str("subtype")}` requests" });
            return;
        }

        _answers.Answer(_sink!, [ActionOf(request)], $"a {request.Str("tool_name")} request", decision =>
        {
            var answer = decision.Allowed
                ? new JsonObject { ["behavior"] = "allow", ["updatedInput"] = request.Obj("input")?.DeepClone() ?? new JsonObject() }
                : new JsonObject { ["behavior"] = "deny", ["message"] = decision.Reason ?? "declined by Baton's policy" };
            Reply(new JsonObject { ["subtype"] = "success", ["request_id"] = id, ["response"] = answer });
        });
    }

    public void TurnEnded() => _input?.Close();

    public Task EndAsync() => _answers.EndAsync();

    public void Dispose() => _answers.Dispose();

    /// <summary>The action a request asks for: a shell command, a file change (its path), or another tool.</summary>
    public static AgentAction ActionOf(JsonObject request)
    {
        var tool = request.Str("tool_name") ?? "unknown tool";
        var input = request.Obj("input");
        var id = request.Str("tool_use_id");
        if (tool == "Bash")
        {
            return new AgentAction(AgentActionKind.Command, input.Str("command") ?? "", id);
        }

        return FileTools.Contains(tool) && (input.Str("file_path") ?? input.Str("notebook_path")) is { } path
            ? new AgentAction(AgentActionKind.FileChange, path, id)
            : new AgentAction(AgentActionKind.Tool, tool, id);
    }

    private void Reply(JsonObject response) =>
        _input?.WriteLine(new JsonObject { ["type"] = "control_response", ["response"] = response }.ToJsonString());
}
