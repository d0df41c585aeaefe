using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Processes;

namespace Baton.Agents.WebSocket;

/// <summary>
/// One exchange on an agent WebSocket: connect, expect STATUS, send the prompt, read chunks until the end event.
/// Every received frame goes to the stage log; what the protocol does not know becomes <c>agent.raw</c>.
/// Failures are thrown as <see cref="AgentSocketFailure"/> (or the socket's own exceptions) for the adapter to judge.
/// </summary>
internal sealed class SocketTurn(AgentTurn turn, IAgentEventSink sink, Uri address, string conversation, int maxFrameBytes)
{
    private const int TailFrames = 20;
    private readonly StringBuilder _text = new();
    private readonly Queue<string> _tail = new();
    private readonly Redactor _redactor = new(turn.ApiKey);

    public bool Connected { get; private set; }

    public string SessionId => conversation;

    /// <summary>The answer so far, redacted as a whole (a token could be split across chunks).</summary>
    public string Text => Redact(_text.ToString());

    public long TokensUsed { get; private set; }

    public string Where => $"agent `{turn.Agent.Name}` at {AgentSocketAddress.Display(address)}";

    /// <summary>The last frames received, for the result's output tail.</summary>
    public string Tail => string.Join('\n', _tail);

    public string Redact(string text) => _redactor.Apply(text);

    public async Task RunAsync(ClientWebSocket socket, CancellationToken ct)
    {
        await ConnectAsync(socket, ct);
        var reader = new FrameReader(socket, maxFrameBytes);
        var first = await ReadAsync(reader, ct)
            ?? throw new AgentSocketFailure(AgentFailureKind.Unknown, $"{Where} closed the connection before sending STATUS");
        if (AgentFrame.Parse(first) is not AgentFrame.Status)
        {
            throw new AgentSocketFailure(AgentFailureKind.Unknown,
                $"protocol error: {Where} sent `{Clip(Redact(first))}` as its first frame, expected {{\"type\":\"STATUS\"}}; is base_url an agent WebSocket?");
        }

        sink.Emit(new AgentSessionData { SessionId = conversation, Agent = turn.Agent.Name, Resumed = turn.SessionId is not null });
        var message = new JsonObject { ["type"] = "USER_MESSAGE", ["text"] = turn.Prompt };
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);
        await StreamAsync(reader, ct);
    }

    private async Task ConnectAsync(ClientWebSocket socket, CancellationToken ct)
    {
        socket.Options.CollectHttpResponseDetails = true;
        if (turn.ApiKey?.Reveal() is { Length: > 0 } key)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + key);
        }

        try
        {
            await socket.ConnectAsync(address, ct);
            Connected = true;
        }
        catch (WebSocketException ex) when (!ct.IsCancellationRequested)
        {
            throw Refused(socket.HttpStatusCode, ex);
        }
    }

    private AgentSocketFailure Refused(HttpStatusCode status, WebSocketException ex)
    {
        var keyHint = turn.Agent.ApiKeyEnv is { } env ? $"check the key in ${env}" : $"set agents.{turn.Agent.Name}.api_key_env";
        return (int)status switch
        {
            0 => new(AgentFailureKind.Unknown, $"could not connect to {Where}: {Redact(Innermost(ex))}; is the agent server running? (agents.{turn.Agent.Name}.base_url)"),
            401 or 403 => new(AgentFailureKind.AuthFailed, $"{Where} refused the credentials (HTTP {(int)status}); {keyHint}"),
            429 or 503 or 529 => new(AgentFailureKind.RateLimited, $"{Where} is busy (HTTP {(int)status}); try again later"),
            _ => new(AgentFailureKind.Unknown, $"{Where} answered HTTP {(int)status} instead of opening a WebSocket; is base_url the agent's WebSocket address?"),
        };
    }

    private async Task StreamAsync(FrameReader reader, CancellationToken ct)
    {
        while (reader.HasBudget)
        {
            var text = await ReadAsync(reader, ct)
                ?? throw new AgentSocketFailure(AgentFailureKind.Unknown, $"{Where} closed the connection before the end event");
            switch (AgentFrame.Parse(text))
            {
                case AgentFrame.TextChunk chunk:
                    _text.Append(chunk.Text);
                    break;
                case AgentFrame.End end:
                    TokensUsed = end.TokensUsed;
                    return;
                case AgentFrame.Failed failed:
                    var reason = Redact(failed.Code is null ? failed.Message : $"{failed.Code}: {failed.Message}");
                    throw new AgentSocketFailure(FailureSignatures.Classify(reason), $"{Where} reported an error: {reason}");
                case AgentFrame.Unreadable unreadable:
                    sink.Emit(new AgentRawData { Line = Redact(text), Reason = unreadable.Reason });
                    break;
                case AgentFrame.Status:
                    // Later STATUS frames are the agent saying it is still there; nothing to report.
                    break;
            }
        }
    }

    private async Task<string?> ReadAsync(FrameReader reader, CancellationToken ct)
    {
        var text = await reader.ReadAsync(ct);
        if (text is not null)
        {
            var shown = Redact(text);
            sink.Log(new OutputLine(false, shown));
            _tail.Enqueue(Clip(shown));
            if (_tail.Count > TailFrames)
            {
                _tail.Dequeue();
            }
        }

        return text;
    }

    private static string Innermost(Exception ex)
    {
        var inner = ex;
        for (var depth = 0; depth < 8 && inner.InnerException is not null; depth++)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    private static string Clip(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
