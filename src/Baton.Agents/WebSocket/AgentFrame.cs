using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Agents.WebSocket;

/// <summary>
/// One frame from an agent WebSocket, read into the few kinds the protocol knows. Never throws: anything it cannot
/// read is <see cref="Unreadable"/> with the reason used in <c>agent.raw</c>.
/// </summary>
internal abstract record AgentFrame
{
    private AgentFrame()
    {
    }

    /// <summary><c>{"type":"STATUS"}</c>: the agent is ready (the first frame of every connection).</summary>
    public sealed record Status : AgentFrame;

    /// <summary><c>{"type":"AGENT_EVENT_TEXT_CHUNK","text":…}</c>: a delta of the answer.</summary>
    public sealed record TextChunk(string Text) : AgentFrame;

    /// <summary><c>{"type":"AGENT_EVENT_END","tokens_used":n}</c>: the answer is complete.</summary>
    public sealed record End(long TokensUsed) : AgentFrame;

    /// <summary><c>{"type":"ERROR"|"AGENT_EVENT_ERROR","code":…,"message":…}</c>: the turn failed on the agent's side.</summary>
    public sealed record Failed(string Message, string? Code) : AgentFrame;

    public sealed record Unreadable(string Reason) : AgentFrame;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static AgentFrame Parse(string text)
    {
        JsonObject? frame;
        try
        {
            frame = JsonNode.Parse(text, documentOptions: Options) as JsonObject;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return new Unreadable("not_json");
        }

        return frame is null ? new Unreadable("not_object") : Read(frame);
    }

    private static AgentFrame Read(JsonObject frame) => String(frame, "type") switch
    {
        "STATUS" => new Status(),
        "AGENT_EVENT_TEXT_CHUNK" => String(frame, "text") is { } text ? new TextChunk(text) : new Unreadable("no_text"),
        "AGENT_EVENT_END" => new End(Number(frame, "tokens_used")),
        "ERROR" or "AGENT_EVENT_ERROR" => new Failed(
            String(frame, "message") ?? String(frame, "text") ?? String(frame, "error") ?? frame.ToJsonString(),
            String(frame, "code")),
        _ => new Unreadable("unknown_type"),
    };

    private static string? String(JsonObject frame, string name) =>
        frame[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long Number(JsonObject frame, string name) =>
        frame[name] is JsonValue value && value.TryGetValue<long>(out var number) && number >= 0 ? number : 0;
}
