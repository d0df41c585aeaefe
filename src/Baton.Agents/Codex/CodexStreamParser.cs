using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.Core.Events.Data;

namespace Baton.Agents.Codex;

/// <summary>
/// Reads <c>codex exec --json</c>: <c>thread.started</c> gives the session, <c>item.*</c> records become events,
/// <c>turn.completed</c>/<c>turn.failed</c> judge the turn. Usage is the thread's running total (see
/// <see cref="CodexAdapter"/>). Never throws: anything it cannot read becomes <c>agent.raw</c>.
/// </summary>
public sealed class CodexStreamParser(string workspace) : IAgentStreamParser
{
    private readonly CodexItems _items = new(workspace);
    private string? _lastError;

    public string? SessionId { get; private set; }

    public string? FinalMessage => _items.FinalMessage;

    public StreamVerdict Verdict { get; private set; }

    public string? Error { get; private set; }

    public AgentUsage? Usage { get; private set; }

    public void Parse(string line, List<EventData> events) => JsonLineDispatch.Parse(line, events, Read);

    public void Complete(List<EventData> events) => _items.Flush(events);

    /// <summary>Maps one record; returns "" when understood, else why not.</summary>
    private string Read(JsonObject obj, List<EventData> events)
    {
        switch (obj.Str("type"))
        {
            case "thread.started":
                SessionId = obj.Str("thread_id") ?? SessionId;
                return obj.Str("thread_id") is null ? "bad_fields" : "";
            case "turn.started":
                return "";
            case "turn.completed":
                Verdict = Verdict == StreamVerdict.Failed ? StreamVerdict.Failed : StreamVerdict.Succeeded;
                Usage = ReadUsage(obj.Obj("usage")) ?? Usage;
                return "";
            case "turn.failed":
                Verdict = StreamVerdict.Failed;
                Error = obj.Obj("error").Str("message") ?? _lastError ?? "the turn failed without a message";
                return "";
            case "error":
                var message = obj.Str("message");
                if (message is null)
                {
                    return "bad_fields";
                }

                _lastError = message;
                events.Add(AgentData.Warning(message));
                return "";
            case "item.started":
                return _items.Read(ItemPhase.Started, obj.Obj("item"), events);
            case "item.updated":
                return _items.Read(ItemPhase.Updated, obj.Obj("item"), events);
            case "item.completed":
                return _items.Read(ItemPhase.Completed, obj.Obj("item"), events);
            case "item.plan.delta":
                return _items.PlanDelta(obj.Str("item_id"), obj.Str("delta"));
            case "request_user_input":
                var input = (JsonObject)obj.DeepClone();
                input.Remove("type");
                events.Add(ToolEventData.Tool(obj.Str("id") ?? obj.Str("call_id") ?? "", "request_user_input", "started", input, null));
                return "";
            case null:
                return "missing_type";
            default:
                return "unknown_type";
        }
    }

    private static AgentUsage? ReadUsage(JsonObject? usage) => usage is null ? null : new AgentUsage
    {
        InputTokens = usage.Long("input_tokens") ?? 0,
        CachedInputTokens = usage.Long("cached_input_tokens") ?? 0,
        OutputTokens = usage.Long("output_tokens") ?? 0,
        ReasoningTokens = usage.Long("reasoning_output_tokens") ?? 0,
    };
}
