using System.Text;
using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Events.Data;

namespace Baton.Agents.Gemini;

/// <summary>
/// Reads <c>gemini -o stream-json</c>: <c>init</c> (session), <c>message</c> (assistant text in delta chunks, joined into
/// one <c>agent.message</c>; the echoed user prompt kept as <c>agent.raw</c> reason <c>user_message</c>), <c>tool_use</c> and
/// <c>tool_result</c> (shell → <c>agent.command</c>, file tools → <c>agent.tool</c> plus <c>agent.file_change</c>),
/// <c>error</c> (warning or fatal) and the final <c>result</c> (verdict and usage).
/// </summary>
/// <param name="workspace">The turn's workspace: file paths are reported relative to it, and a file tool's change is an
/// update when its file is there as the call is read (Gemini's stream does not say whether it created the file).</param>
public sealed class GeminiStreamParser(string? workspace = null) : IAgentStreamParser
{
    private const string BadField = "bad_fields";

    private readonly StringBuilder _text = new();
    private readonly GeminiToolCalls _tools = new(workspace);
    private bool _textPending;

    public string? SessionId { get; private set; }

    public string? FinalMessage { get; private set; }

    public StreamVerdict Verdict { get; private set; }

    public string? Error { get; private set; }

    public AgentUsage? Usage { get; private set; }

    public void Parse(string line, List<EventData> events) => JsonLineDispatch.Parse(line, events, Read);

    public void Complete(List<EventData> events) => FlushText(events);

    /// <summary>Maps one record; returns null when understood, else why not.</summary>
    private string? Read(JsonObject obj, List<EventData> events)
    {
        var type = obj.Str("type");
        if (!(type == "message" && obj.Str("role") == "assistant" && obj.Bool("delta") == true))
        {
            FlushText(events);
        }

        // Each handler returns null when it understood the line, else why it did not (the line is then kept raw).
        return type switch
        {
            null => "missing_type",
            "init" => Init(obj),
            "message" => Message(obj, events),
            "tool_use" => _tools.Use(obj, events),
            "tool_result" => _tools.Result(obj, events),
            "error" => ErrorEvent(obj, events),
            "result" => Result(obj),
            _ => "unknown_type",
        };
    }

    private string? Init(JsonObject obj)
    {
        SessionId = obj.Str("session_id") ?? SessionId;
        return obj.Str("session_id") is null ? BadField : null;
    }

    private string? Message(JsonObject obj, List<EventData> events)
    {
        var content = obj.Str("content");
        switch (obj.Str("role"))
        {
            case "user":
                // The prompt as Gemini received it. Baton has it already, but no line of the stream is dropped.
                return "user_message";
            case "assistant" when content is not null && obj.Bool("delta") == true:
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

    private string? ErrorEvent(JsonObject obj, List<EventData> events)
    {
        if (obj.Str("message") is not { } message)
        {
            return BadField;
        }

        if (obj.Str("severity") == "error")
        {
            Error = message;
            events.Add(ToolEventData.Fatal(message));
        }
        else
        {
            events.Add(AgentData.Warning(message));
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

    private void FlushText(List<EventData> events)
    {
        if (_textPending)
        {
            Emit(_text.ToString(), events);
            _text.Clear();
            _textPending = false;
        }
    }

    private void Emit(string text, List<EventData> events)
    {
        FinalMessage = text;
        events.Add(AgentData.Message(text));
    }
}
