using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Agents.Common;
using Baton.Core.Agents;
using Baton.Core.Events.Data;
using Baton.Core.Processes;

namespace Baton.Agents.Codex;

/// <summary>
/// One turn over <c>codex app-server</c> (JSON-RPC without the <c>jsonrpc</c> field, a JSON object per line on stdio):
/// <c>initialize</c>, <c>thread/start</c> (or <c>thread/resume</c> of the task's thread) with the approval policy
/// <c>untrusted</c>, then <c>turn/start</c> with the prompt. Codex asks before each command and file change
/// (<c>item/commandExecution/requestApproval</c>, <c>item/fileChange/requestApproval</c>); each is put to the sink —
/// the policy, a person for a command to confirm while Codex waits — and answered <c>accept</c> or <c>decline</c>
/// (a file outside the workspace is declined here, whatever the sink says). Notifications become the same events as
/// <c>codex exec --json</c> gives; <c>turn/completed</c> judges the turn and ends stdin, so the server exits.
/// Both halves (conversation and parser) are this one object: each line is read once.
/// </summary>
public sealed class CodexAppServer(AgentTurn turn) : ICliConversation, IAgentStreamParser, IDisposable
{
    private const int InitializeId = 1;
    private const int ThreadId = 2;
    private const int TurnId = 3;

    private readonly CodexItems _items = new(turn.Workspace);
    private readonly Dictionary<string, List<string>> _changes = new(StringComparer.Ordinal);
    private readonly ActionAnswers _answers = new(turn.Workspace);
    private ChildInput? _input;
    private IAgentEventSink? _sink;
    private string? _lastError;

    public string? SessionId { get; private set; }

    public string? FinalMessage => _items.FinalMessage;

    public StreamVerdict Verdict { get; private set; }

    public string? Error { get; private set; }

    public AgentUsage? Usage { get; private set; }

    public void Begin(ChildInput input, IAgentEventSink sink)
    {
        _input = input;
        _sink = sink;
        Send(Request(InitializeId, "initialize", new JsonObject
        {
            ["clientInfo"] = new JsonObject { ["name"] = "baton", ["title"] = "Baton", ["version"] = "1" },
        }));
    }

    /// <summary>Everything is read in <see cref="Parse"/>, once.</summary>
    public void Handle(string line)
    {
    }

    public void TurnEnded() => _input?.Close();

    public Task EndAsync() => _answers.EndAsync();

    public void Dispose() => _answers.Dispose();

    public void Parse(string line, List<EventData> events) => JsonLineDispatch.Parse(line, events, Read);

    public void Complete(List<EventData> events) => _items.Flush(events);

    private string Read(JsonObject message, List<EventData> events)
    {
        var method = message.Str("method");
        if (method is null)
        {
            return message["id"] is null ? "missing_method" : Response(message, events);
        }

        if (message["id"] is { } id)
        {
            return ServerRequest(id, method, message.Obj("params"), events);
        }

        var p = message.Obj("params");
        switch (method)
        {
            case "thread/started":
                SessionId ??= p.Obj("thread").Str("id");
                return "";
            case "item/started":
                Remember(p.Obj("item"));
                return Item(ItemPhase.Started, p.Obj("item"), events);
            case "item/completed":
                return Item(ItemPhase.Completed, p.Obj("item"), events);
            case "thread/tokenUsage/updated":
                Usage = ReadUsage(p.Obj("tokenUsage").Obj("total")) ?? Usage;
                return "";
            case "turn/completed":
                var turnResult = p.Obj("turn");
                if (turnResult.Str("status") == "completed")
                {
                    Verdict = Verdict == StreamVerdict.Failed ? StreamVerdict.Failed : StreamVerdict.Succeeded;
                }
                else
                {
                    Verdict = StreamVerdict.Failed;
                    Error = turnResult.Obj("error").Str("message") ?? _lastError ?? $"the turn ended {turnResult.Str("status") ?? "without a status"}";
                }

                return "";
            case "error":
                _lastError = p.Obj("error").Str("message") ?? p.Str("message") ?? _lastError;
                if (_lastError is not null && p.Bool("willRetry") != true)
                {
                    events.Add(AgentData.Warning(_lastError));
                }

                return "";
            case "warning":
                if (p.Str("message") is { } warning)
                {
                    events.Add(AgentData.Warning(warning));
                }

                return "";
            case "item/plan/delta":
                return _items.PlanDelta(p.Str("itemId"), p.Str("delta"));
            case "configWarning" or "remoteControl/status/changed" or "account/rateLimits/updated" or "thread/status/changed"
                or "serverRequest/resolved" or "turn/started" or "turn/diff/updated" or "turn/plan/updated" or "item/agentMessage/delta"
                or "item/commandExecution/outputDelta" or "item/commandExecution/terminalInteraction" or "item/fileChange/outputDelta"
                or "item/fileChange/patchUpdated" or "item/mcpToolCall/progress" or "item/reasoning/summaryTextDelta"
                or "item/reasoning/summaryPartAdded" or "item/reasoning/textDelta" or "item/autoApprovalReview/started"
                or "item/autoApprovalReview/completed" or "turn/moderationMetadata" or "thread/name/updated"
                or "mcpServer/startupStatus/updated" or "thread/compacted":
                // Progress for an interactive screen; the completed items carry what Baton keeps.
                return "";
            default:
                return "unknown_method";
        }
    }

    /// <summary>The handshake: each answer lets the next step go.</summary>
    private string Response(JsonObject response, List<EventData> events)
    {
        var id = response["id"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (int)response["id"]! : 0;
        if (response.Obj("error") is { } error)
        {
            Verdict = StreamVerdict.Failed;
            Error = error.Str("message") ?? "codex app-server refused a request";
            events.Add(AgentData.Warning(Error));
            TurnEnded();
            return "";
        }

        var result = response.Obj("result");
        switch (id)
        {
            case InitializeId:
                Send(new JsonObject { ["method"] = "initialized", ["params"] = new JsonObject() });
                Send(Request(ThreadId, turn.SessionId is null ? "thread/start" : "thread/resume", ThreadParams()));
                return "";
            case ThreadId:
                SessionId = result.Obj("thread").Str("id") ?? SessionId;
                if (SessionId is null)
                {
                    return "bad_fields";
                }

                Send(Request(TurnId, "turn/start", new JsonObject
                {
                    ["threadId"] = SessionId,
                    ["input"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = turn.Prompt }),
                }));
                return "";
            case TurnId:
                return "";
            default:
                return "unknown_response";
        }
    }

    private JsonObject ThreadParams()
    {
        var p = new JsonObject
        {
            ["cwd"] = turn.Workspace,
            ["approvalPolicy"] = "untrusted",
            ["sandbox"] = turn.Agent.Sandbox ?? CodexAdapter.DefaultSandbox,
        };
        if (turn.SessionId is { } thread)
        {
            p["threadId"] = thread;
        }

        if (turn.Agent.Model is { } model)
        {
            p["model"] = model;
        }

        return p;
    }

    private string Item(ItemPhase phase, JsonObject? item, List<EventData> events)
    {
        var normalized = AppServerItems.Normalize(item, out var silent);
        return silent ? "" : _items.Read(phase, normalized, events);
    }

    /// <summary>A file change's paths, for the approval request that names only its item.</summary>
    private void Remember(JsonObject? item)
    {
        if (item.Str("type") == "fileChange" && item.Str("id") is { } id && item.Arr("changes") is { } changes)
        {
            lock (_changes)
            {
                _changes[id] = [.. changes.OfType<JsonObject>().Select(c => c.Str("path")).OfType<string>()];
            }
        }
    }

    private string ServerRequest(JsonNode id, string method, JsonObject? p, List<EventData> events)
    {
        var actions = method switch
        {
            "item/commandExecution/requestApproval" or "execCommandApproval" =>
                [new AgentAction(AgentActionKind.Command, p.Str("command") ?? CommandOf(p), p.Str("itemId"))],
            "item/fileChange/requestApproval" or "applyPatchApproval" => FileActions(p),
            _ => (List<AgentAction>?)null,
        };
        if (actions is null)
        {
            Send(new JsonObject { ["id"] = id.DeepClone(), ["error"] = new JsonObject { ["code"] = -32601, ["message"] = $"Baton does not answer `{method}`" } });
            events.Add(AgentData.Warning($"codex asked `{method}`, which Baton does not answer; it was refused"));
            return "";
        }

        var replyTo = id.DeepClone();
        _answers.Answer(_sink!, actions, $"codex's `{method}`", decision =>
            Send(new JsonObject { ["id"] = replyTo, ["result"] = new JsonObject { ["decision"] = Decision(method, decision.Allowed) } }));

        return "";
    }

    private List<AgentAction> FileActions(JsonObject? p)
    {
        List<string>? paths = null;
        if (p.Str("itemId") is { } item)
        {
            lock (_changes)
            {
                _changes.TryGetValue(item, out paths);
            }
        }

        paths ??= p.Obj("fileChanges")?.Select(c => c.Key).ToList() ?? [];
        return [.. paths.Select(path => new AgentAction(AgentActionKind.FileChange, path, p.Str("itemId")))];
    }

    private static string CommandOf(JsonObject? p) =>
        p?["command"] is JsonArray argv ? string.Join(' ', argv.Select(JsonRead.AsText)) : "";

    /// <summary>The v2 requests take <c>accept</c>/<c>decline</c>; the older ones <c>approved</c>/<c>denied</c>.</summary>
    private static string Decision(string method, bool accept) => method.Contains('/', StringComparison.Ordinal)
        ? (accept ? "accept" : "decline")
        : (accept ? "approved" : "denied");

    private void Send(JsonObject message) => _input?.WriteLine(message.ToJsonString());

    private static JsonObject Request(int id, string method, JsonObject @params) =>
        new() { ["method"] = method, ["id"] = id, ["params"] = @params };

    private static AgentUsage? ReadUsage(JsonObject? total) => total is null ? null : new AgentUsage
    {
        InputTokens = total.Long("inputTokens") ?? 0,
        CachedInputTokens = total.Long("cachedInputTokens") ?? 0,
        OutputTokens = total.Long("outputTokens") ?? 0,
        ReasoningTokens = total.Long("reasoningOutputTokens") ?? 0,
    };
}
