using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Events.Data;

namespace Baton.Agents.Opencode;

/// <summary>
/// Reads <c>opencode run --format json</c>: every line carries the <c>sessionID</c>; <c>text</c> and <c>reasoning</c>
/// parts, finished <c>tool_use</c> parts (bash → <c>agent.command</c>, edit/write → <c>agent.file_change</c>),
/// <c>step_finish</c> (usage, summed over the turn's steps) and <c>error</c>. There is no final record: the turn
/// succeeded when its last step finished with reason <c>stop</c> and no error came.
/// </summary>
/// <param name="workspace">The turn's workspace: file paths inside it are reported relative to it.</param>
public sealed class OpencodeStreamParser(string? workspace = null) : IAgentStreamParser
{
    private const string BadField = "bad_fields";

    private string? _lastFinish;
    private bool _failed;
    private AgentUsage? _usage;

    public string? SessionId { get; private set; }

    public string? FinalMessage { get; private set; }

    public StreamVerdict Verdict => _failed ? StreamVerdict.Failed
        : _lastFinish == "stop" ? StreamVerdict.Succeeded
        : StreamVerdict.Pending;

    public string? Error { get; private set; }

    public AgentUsage? Usage => _usage;

    public void Parse(string line, List<EventData> events) => JsonLineDispatch.Parse(line, events, Read);

    public void Complete(List<EventData> events)
    {
    }

    /// <summary>Maps one record; returns null when understood, else why not.</summary>
    private string? Read(JsonObject obj, List<EventData> events)
    {
        SessionId = obj.Str("sessionID") ?? SessionId;
        var part = obj.Obj("part");
        return obj.Str("type") switch
        {
            null => "missing_type",
            // A step's start carries nothing Baton reports (its end carries the usage).
            "step_start" => null,
            "text" => Text(part, events, reasoning: false),
            "reasoning" => Text(part, events, reasoning: true),
            "tool_use" => OpencodeToolEvents.From(part, events, workspace) ? null : BadField,
            "step_finish" => StepFinish(part),
            "error" => ErrorEvent(obj, events),
            _ => "unknown_type",
        };
    }

    private string? Text(JsonObject? part, List<EventData> events, bool reasoning)
    {
        if (part.Str("text") is not { } text)
        {
            return BadField;
        }

        if (reasoning)
        {
            events.Add(AgentData.Reasoning(text));
        }
        else
        {
            FinalMessage = text;
            events.Add(AgentData.Message(text));
        }

        return null;
    }

    private string? StepFinish(JsonObject? part)
    {
        if (part is null)
        {
            return BadField;
        }

        _lastFinish = part.Str("reason");
        if (part.Obj("tokens") is { } tokens)
        {
            var cache = tokens.Obj("cache");
            var step = new AgentUsage
            {
                // opencode counts cache reads and writes apart from `input`; Baton's input includes them.
                InputTokens = (tokens.Long("input") ?? 0) + (cache.Long("read") ?? 0) + (cache.Long("write") ?? 0),
                CachedInputTokens = cache.Long("read") ?? 0,
                OutputTokens = tokens.Long("output") ?? 0,
                ReasoningTokens = tokens.Long("reasoning") ?? 0,
                CostUsd = part.Decimal("cost"),
            };
            _usage = _usage is null ? step : _usage.Plus(step);
        }

        return null;
    }

    private string? ErrorEvent(JsonObject obj, List<EventData> events)
    {
        var error = obj.Obj("error");
        var data = error.Obj("data");
        var message = data.Str("message") ?? error.Str("message") ?? error.Str("name");
        if (message is null)
        {
            return BadField;
        }

        // The HTTP status is what the failure signatures recognise (401 → auth); the message alone may not say it.
        if (data.Long("statusCode") is { } status && !message.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            message = $"{message} (HTTP {status})";
        }

        _failed = true;
        Error = message;
        events.Add(ToolEventData.Fatal(message));
        return null;
    }
}
