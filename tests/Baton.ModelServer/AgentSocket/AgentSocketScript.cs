using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Baton.ModelServer.AgentSocket;

/// <summary>
/// One scripted conversation. A thread id containing <c>BAD_STATUS</c> gets a first frame other than STATUS; otherwise
/// the server sends STATUS, reads one USER_MESSAGE and answers by the keywords in its text: <c>HANG</c> (say nothing),
/// <c>FAIL</c> (an ERROR frame), <c>RATE_LIMIT</c> (an AGENT_EVENT_ERROR frame saying 429), <c>CLOSE</c> (close
/// mid-answer), <c>JUNK</c> (malformed and unknown frames first), <c>BINARY</c> (binary, fragmented frames),
/// <c>HUGE</c> (a 17 MiB frame), <c>ECHO_AUTH</c> (the Authorization header inside the answer); anything else is the plain
/// answer <c>Hello from the socket agent. thread=&lt;id&gt; turn=&lt;n&gt;</c> and an end event with tokens_used 42.
/// </summary>
internal sealed class AgentSocketScript(FakeAgentSocketServer server, WebSocket socket, int connection, string threadId, string authorization)
{
    public const long TokensUsed = 42;
    private const int MaxPromptBytes = 1024 * 1024;

    public async Task RunAsync(CancellationToken ct)
    {
        if (threadId.Contains("BAD_STATUS", StringComparison.Ordinal))
        {
            await SendAsync(new JsonObject { ["type"] = "AGENT_EVENT_TEXT_CHUNK", ["text"] = "hello?" }, ct);
            await DrainAsync(ct);
            return;
        }

        await SendAsync(new JsonObject { ["type"] = "STATUS" }, ct);
        var prompt = await ReadPromptAsync(ct);
        if (prompt is null)
        {
            return;
        }

        var turn = server.Remember(connection, threadId, prompt);
        var answer = $"Hello from the socket agent. thread={threadId} turn={turn}";
        if (prompt.Contains("HANG", StringComparison.Ordinal))
        {
            await DrainAsync(ct);
            return;
        }

        if (prompt.Contains("FAIL", StringComparison.Ordinal))
        {
            await ChunkAsync("Working on it", ct);
            await SendAsync(new JsonObject { ["type"] = "ERROR", ["code"] = "MODEL_ERROR", ["message"] = "the model is unavailable (scripted)" }, ct);
        }
        else if (prompt.Contains("RATE_LIMIT", StringComparison.Ordinal))
        {
            await SendAsync(new JsonObject { ["type"] = "AGENT_EVENT_ERROR", ["message"] = "429 Too Many Requests" }, ct);
        }
        else if (prompt.Contains("CLOSE", StringComparison.Ordinal))
        {
            await ChunkAsync("Half an ans", ct);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "scripted close", ct);
        }
        else
        {
            await AnswerAsync(prompt, answer, ct);
        }

        await DrainAsync(ct);
    }

    private async Task AnswerAsync(string prompt, string answer, CancellationToken ct)
    {
        if (prompt.Contains("JUNK", StringComparison.Ordinal))
        {
            await SendTextAsync("{not json", ct);
            await SendAsync(new JsonObject { ["type"] = "AGENT_EVENT_TOOL_CALL", ["name"] = "grep" }, ct);
        }

        if (prompt.Contains("ECHO_AUTH", StringComparison.Ordinal))
        {
            answer += " auth=" + authorization;
        }

        if (prompt.Contains("HUGE", StringComparison.Ordinal))
        {
            await SendHugeAsync(ct);
        }

        var binary = prompt.Contains("BINARY", StringComparison.Ordinal);
        var cut = answer.IndexOf(" thread=", StringComparison.Ordinal);
        foreach (var part in new[] { answer[..cut], answer[cut..] })
        {
            var frame = Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "AGENT_EVENT_TEXT_CHUNK", ["text"] = part }.ToJsonString());
            await SendFragmentedAsync(frame, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, binary ? 3 : 1, ct);
        }

        await SendAsync(new JsonObject { ["type"] = "AGENT_EVENT_END", ["tokens_used"] = TokensUsed }, ct);
    }

    private async Task SendHugeAsync(CancellationToken ct)
    {
        var piece = Encoding.UTF8.GetBytes(new string('x', 1024 * 1024));
        for (var i = 0; i < 16; i++)
        {
            await socket.SendAsync(piece, WebSocketMessageType.Text, endOfMessage: false, ct);
        }

        await socket.SendAsync(piece, WebSocketMessageType.Text, endOfMessage: true, ct);
    }

    private async Task SendFragmentedAsync(byte[] frame, WebSocketMessageType type, int fragments, CancellationToken ct)
    {
        var size = (frame.Length + fragments - 1) / fragments;
        for (var start = 0; start < frame.Length; start += size)
        {
            var end = Math.Min(frame.Length, start + size);
            await socket.SendAsync(frame.AsMemory(start, end - start), type, end == frame.Length, ct);
        }
    }

    private Task ChunkAsync(string text, CancellationToken ct) =>
        SendAsync(new JsonObject { ["type"] = "AGENT_EVENT_TEXT_CHUNK", ["text"] = text }, ct);

    private Task SendAsync(JsonObject frame, CancellationToken ct) => SendTextAsync(frame.ToJsonString(), ct);

    private async Task SendTextAsync(string text, CancellationToken ct) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>The text of the first USER_MESSAGE, or null when the client went away first.</summary>
    private async Task<string?> ReadPromptAsync(CancellationToken ct)
    {
        var buffer = new byte[MaxPromptBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += received.Count;
            if (received.EndOfMessage)
            {
                var message = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length)) as JsonObject;
                return message?["type"]?.GetValue<string>() == "USER_MESSAGE" ? message["text"]?.GetValue<string>() : null;
            }
        }

        return null;
    }

    /// <summary>Reads until the client closes (answering its close) or the connection ends; bounded by frame count.</summary>
    private async Task DrainAsync(CancellationToken ct)
    {
        var buffer = new byte[4096];
        for (var frames = 0; frames < 10_000; frames++)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
                }

                return;
            }
        }
    }
}
