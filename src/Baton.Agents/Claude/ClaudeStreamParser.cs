using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Events.Data;

namespace Baton.Agents.Claude;

/// <summary>
/// Reads <c>claude -p --output-format stream-json --verbose</c>: <c>system/init</c> gives the session, assistant and
/// user messages become events block by block, the <c>result</c> record judges the turn (an API error arrives as
/// <c>subtype: success</c> with <c>is_error: true</c>: a failure). Keys are read by name, never by position.
/// Never throws: anything it cannot read becomes <c>agent.raw</c>.
/// </summary>
public sealed class ClaudeStreamParser(string workspace) : IAgentStreamParser
{
    private readonly ClaudeTools _tools = new(workspace);

    public string? SessionId { get; private set; }

    public string? FinalMessage { get; private set; }

    public StreamVerdict Verdict { get; private set; }

    public string? Error { get; private set; }

    public AgentUsage? Usage { get; private set; }

    public void Parse(string line, List<EventData> events) => JsonLineDispatch.Parse(line, events, Read);

    public void Complete(List<EventData> events)
    {
    }

    /// <summary>Maps one record; returns "" when understood, else why not.</summary>
    private string Read(JsonObject obj, List<EventData> events)
    {
        switch (obj.Str("type"))
        {
            case "system":
                return SystemRecord(obj, events);
            case "assistant":
                Adopt(obj);
                return Assistant(obj, events);
            case "user":
                Adopt(obj);
                return obj.Obj("message")?["content"] is JsonArray blocks ? _tools.Results(blocks, obj.Obj("tool_use_result"), events) : "user_message";
            case "result":
                return Result(obj);
            case "control_request" or "control_cancel_request" or "control_response":
                // The control protocol's requests: answered by the conversation (ClaudeConversation), not events.
                return "";
            case "stream_event":
                // Partial deltas (--include-partial-messages): the whole message follows as an assistant record.
                return "";
            case null:
                return "missing_type";
            default:
                return "unknown_type";
        }
    }

    private string SystemRecord(JsonObject obj, List<EventData> events)
    {
        switch (obj.Str("subtype"))
        {
            case "init":
                SessionId = obj.Str("session_id") ?? SessionId;
                return obj.Str("session_id") is null ? "bad_fields" : "";
            case "permission_denied":
                var tool = obj.Str("tool_name") ?? "a tool";
                _tools.Denied(obj.Str("tool_use_id"));
                events.Add(AgentData.Warning($"permission denied for {tool}: {obj.Str("message") ?? obj.Str("decision_reason") ?? "not allowed"}"));
                return "";
            case "status" or "ui_invalidate":
                // Progress and redraw hints for an interactive screen: nothing for Baton.
                return "";
            default:
                return "unknown_subtype";
        }
    }

    private string Assistant(JsonObject obj, List<EventData> events)
    {
        if (obj.Obj("message")?["content"] is not JsonArray blocks)
        {
            return "bad_fields";
        }

        // An API error is reported as a synthetic assistant message; it is not the model speaking.
        var apiError = obj.Str("error") is not null || obj.Bool("is_api_error_message") == true || obj.Obj("message").Str("model") == "<synthetic>";
        var understood = false;
        foreach (var block in blocks.OfType<JsonObject>())
        {
            var text = block.Str("text");
            switch (block.Str("type"))
            {
                case "text" when text is not null && apiError:
                    events.Add(AgentData.Warning(text));
                    understood = true;
                    break;
                case "text" when text is not null:
                    FinalMessage = text;
                    events.Add(AgentData.Message(text));
                    understood = true;
                    break;
                case "thinking" when block.Str("thinking") is { } thinking:
                    events.Add(AgentData.Reasoning(thinking));
                    understood = true;
                    break;
                case "redacted_thinking":
                    understood = true;
                    break;
                case "tool_use":
                    understood |= _tools.Started(block, events);
                    break;
            }
        }

        return understood || blocks.Count == 0 ? "" : "unknown_content";
    }

    private string Result(JsonObject obj)
    {
        var subtype = obj.Str("subtype");
        if (subtype is null)
        {
            return "bad_fields";
        }

        var succeeded = subtype == "success" && obj.Bool("is_error") != true;
        Verdict = succeeded ? StreamVerdict.Succeeded : StreamVerdict.Failed;
        Usage = ReadUsage(obj.Obj("usage"), obj.Decimal("total_cost_usd")) ?? Usage;
        if (succeeded)
        {
            FinalMessage = obj.Str("result") ?? FinalMessage;
            SessionId ??= obj.Str("session_id");
            return "";
        }

        var errors = obj.Arr("errors")?.Select(e => JsonRead.AsText(e)).OfType<string>().ToArray() ?? [];
        var message = errors.Length > 0 ? string.Join("; ", errors) : obj.Str("result") ?? obj.Str("terminal_reason") ?? subtype;
        Error = obj.Long("api_error_status") is { } status ? $"{message} (API error status {status})" : message;
        return "";
    }

    /// <summary>The session from any record when the init record was missing (not from a failed result: that may echo a stale id).</summary>
    private void Adopt(JsonObject obj) => SessionId ??= obj.Str("session_id");

    /// <summary>Anthropic counts cache reads and writes apart from input; Baton's input includes them (cached is part of input).</summary>
    private static AgentUsage? ReadUsage(JsonObject? usage, decimal? cost)
    {
        if (usage is null)
        {
            return cost is null ? null : new AgentUsage { CostUsd = cost };
        }

        var cacheRead = usage.Long("cache_read_input_tokens") ?? 0;
        return new AgentUsage
        {
            InputTokens = (usage.Long("input_tokens") ?? 0) + (usage.Long("cache_creation_input_tokens") ?? 0) + cacheRead,
            CachedInputTokens = cacheRead,
            OutputTokens = usage.Long("output_tokens") ?? 0,
            ReasoningTokens = usage.Obj("output_tokens_details").Long("thinking_tokens") ?? 0,
            CostUsd = cost,
        };
    }
}
