using System.Text;
using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Streams;
using Baton.Core.Agents;

namespace Baton.Agents.Gemini;

/// <summary>
/// Reads <c>gemini -o stream-json</c>: <c>init</c> (session), <c>message</c> (assistant text in delta chunks, joined into
/// one <c>agent.message</c>; the echoed user prompt kept as <c>agent.raw</c> reason <c>echo</c>), <c>tool_use</c> and
/// <c>tool_result</c> (shell → <c>agent.command</c>, file tools → <c>agent.tool</c> plus <c>agent.file_change</c>),
/// <c>error</c> (warning or fatal) and the final <c>result</c> (verdict and usage).
/// </summary>
/// <param name="fileExists">Whether a path the agent is about to write exists yet (add or update); relative to the workspace.</param>
public sealed class GeminiStreamParser(Func<string, bool>? fileExists = null) : IAgentStreamParser
{
    private const string BadField = "bad_field";

    private readonly StringBuilder _text = new();
    private readonly Dictionary<string, PendingTool> _tools = new(StringComparer.Ordinal);
    private bool _textPending;

    public string? SessionId { get; private set; }

    public string? FinalMessage { get; private set; }

    public StreamVerdict Verdict { get; private set; }

    public string? Error { get; private set; }

    public AgentUsage? Usage { get; private set; }

    public void Parse(string line, List<AgentEvent> events)
    {
        try
        {
            ParseLine(line, events);
        }
        catch (Exception)
        {
            // Never throw: whatever this line held that the code above did not expect is kept as printed.
            events.Add(AgentEvents.Raw(line, "unreadable"));
        }
    }

    public void Complete(List<AgentEvent> events) => FlushText(events);

    private void ParseLine(string line, List<AgentEvent> events)
    {
        var obj = StreamJson.TryRead(line, out var reason);
        if (obj is null)
        {
            events.Add(AgentEvents.Raw(line, reason));
            return;
        }

        var type = obj.Str("type");
        if (!(type == "message" && obj.Str("role") == "assistant" && obj.IsTrue("delta")))
        {
            FlushText(events);
        }

        // Each handler returns null when it understood the line, else why it did not (the line is then kept raw).
        var unread = type switch
        {
            null => "no_type",
            "init" => Init(obj),
            "message" => Message(obj, events),
            "tool_use" => ToolUse(obj, events),
            "tool_result" => ToolResult(obj, events),
            "error" => ErrorEvent(obj, events),
            "result" => Result(obj),
            _ => "unknown_type",
        };
        if (unread is not null)
        {
            events.Add(AgentEvents.Raw(line, unread));
        }
    }

    private string? Init(JsonObject obj)
    {
        SessionId = obj.Str("session_id") ?? SessionId;
        return obj.Str("session_id") is null ? BadField : null;
    }

    private string? Message(JsonObject obj, List<AgentEvent> events)
    {
        var content = obj.Str("content");
        switch (obj.Str("role"))
        {
            case "user":
                // The prompt as Gemini received it. Baton has it already, but no line of the stream is dropped.
                return "echo";
            case "assistant" when content is not null && obj.IsTrue("delta"):
                _text.Append(content);
                _textPending = true;
                return null;
            case "assistant" when content is not null:
                Emit(content, events);
                return null;
            default:
                return BadField;
        }
    }

    private string? ToolUse(JsonObject obj, List<AgentEvent> events)
    {
        if (obj.Str("tool_id") is not { } id || obj.Str("tool_name") is not { } name)
        {
            return BadField;
        }

        var input = obj.CopyObj("parameters");
        var kind = GeminiTools.KindOf(name);
        var path = kind == GeminiTools.Kind.File ? input.Str("file_path") ?? input.Str("path") : null;
        var existed = path is not null && (fileExists?.Invoke(path) ?? false);
        _tools[id] = new PendingTool(name, kind, input, path, existed);
        events.Add(kind == GeminiTools.Kind.Shell
            ? AgentEvents.Command(id, input.Str("command"), "started", null, null)
            : AgentEvents.Tool(id, name, "started", (JsonObject)input.DeepClone(), null));
        return null;
    }

    private string? ToolResult(JsonObject obj, List<AgentEvent> events)
    {
        var status = obj.Str("status");
        if (obj.Str("tool_id") is not { } id || status is not ("success" or "error"))
        {
            return BadField;
        }

        if (!_tools.Remove(id, out var tool))
        {
            return "unknown_tool_id";
        }

        var succeeded = status == "success";
        var output = obj.Text("output") ?? obj.Obj("error").Str("message");
        var outcome = succeeded ? "completed" : "failed";
        if (tool.Kind == GeminiTools.Kind.Shell)
        {
            var exit = succeeded ? GeminiTools.ExitCodeOf(output) : null;
            events.Add(AgentEvents.Command(id, tool.Input.Str("command"), exit is null or 0 ? outcome : "failed", exit, output));
            return null;
        }

        events.Add(AgentEvents.Tool(id, tool.Name, outcome, (JsonObject)tool.Input.DeepClone(), output));
        if (succeeded && tool.Kind == GeminiTools.Kind.File && tool.Path is { } path)
        {
            events.Add(AgentEvents.FileChange(path, tool.Existed ? "update" : "add"));
        }

        return null;
    }

    private string? ErrorEvent(JsonObject obj, List<AgentEvent> events)
    {
        if (obj.Str("message") is not { } message)
        {
            return BadField;
        }

        if (obj.Str("severity") == "error")
        {
            Error = message;
            events.Add(AgentEvents.Fatal(message));
        }
        else
        {
            events.Add(AgentEvents.Warning(message));
        }

        return null;
    }

    private string? Result(JsonObject obj)
    {
        var stats = obj.Obj("stats");
        if (stats is not null)
        {
            Usage = new AgentUsage
            {
                InputTokens = stats.Long("input_tokens") ?? 0,
                CachedInputTokens = stats.Long("cached") ?? 0,
                OutputTokens = stats.Long("output_tokens") ?? 0,
            };
        }

        switch (obj.Str("status"))
        {
            case "success":
                Verdict = StreamVerdict.Succeeded;
                return null;
            case "error":
                Verdict = StreamVerdict.Failed;
                Error = obj.Obj("error").Str("message") ?? Error ?? "gemini reported an error result without a message";
                return null;
            default:
                return BadField;
        }
    }

    private void FlushText(List<AgentEvent> events)
    {
        if (_textPending)
        {
            Emit(_text.ToString(), events);
            _text.Clear();
            _textPending = false;
        }
    }

    private void Emit(string text, List<AgentEvent> events)
    {
        FinalMessage = text;
        events.Add(AgentEvents.Message(text));
    }

    private sealed record PendingTool(string Name, GeminiTools.Kind Kind, JsonObject Input, string? Path, bool Existed);
}
