using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Baton.Agents.Cli;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Ports;

namespace Baton.Agents.WebSocket;

/// <summary>
/// An agent served over a WebSocket (<c>kind: websocket</c>): one connection per turn to
/// <c>&lt;base_url&gt;/agent_ws/?thread_id=&lt;conversation&gt;</c>, one conversation per task (continued through the
/// task's session id, a new one when there is none), the answer streamed as text chunks until the end event.
/// No process is involved, so cancellation and the turn's timeout simply abort the socket.
/// </summary>
public sealed class WebSocketAgentAdapter(TimeProvider time, int maxFrameBytes) : IAgentAdapter
{
    public const int DefaultMaxFrameBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    public WebSocketAgentAdapter()
        : this(TimeProvider.System, DefaultMaxFrameBytes)
    {
    }

    public AgentKind Kind => AgentKind.Websocket;

    public async Task<AgentTurnResult> RunTurnAsync(AgentTurn turn, IAgentEventSink sink, CancellationToken ct)
    {
        var conversation = turn.SessionId ?? ConversationIds.New(turn.TaskId);
        if (!AgentSocketAddress.TryCreate(turn.Agent.BaseUrl, conversation, out var address, out var problem))
        {
            return Fail(sink, new() { SessionId = turn.SessionId }, AgentFailureKind.Unknown, $"agent `{turn.Agent.Name}`: {problem}");
        }

        var limit = turn.Timeout is { } t && t > TimeSpan.Zero ? t : Timeout.InfiniteTimeSpan;
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var socket = new ClientWebSocket();
        var exchange = new SocketTurn(turn, sink, address, conversation, maxFrameBytes);
        try
        {
            await exchange.RunAsync(socket, linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or AgentSocketFailure)
        {
            // Abort rather than close: the server may be hung, and a stop must not wait for its close handshake.
            socket.Abort();
            return Judge(turn, sink, exchange, ex, ct.IsCancellationRequested, timeout.IsCancellationRequested);
        }

        await CloseQuietlyAsync(socket);
        var answer = exchange.Text;
        if (answer.Length > 0)
        {
            sink.Emit(new AgentMessageData { Text = answer });
        }

        var usage = new AgentUsage { OutputTokens = exchange.TokensUsed };
        sink.Emit(CliAgentAdapter.UsageData(usage));
        return new AgentTurnResult
        {
            Succeeded = true,
            SessionId = conversation,
            FinalMessage = answer,
            Usage = usage,
            OutputTail = exchange.Tail,
        };
    }

    private static AgentTurnResult Judge(AgentTurn turn, IAgentEventSink sink, SocketTurn exchange, Exception ex, bool stopped, bool timedOut)
    {
        if (exchange.Text is { Length: > 0 } said)
        {
            // What the agent said before the turn broke off is still worth seeing; it is not the turn's final answer.
            sink.Emit(new AgentMessageData { Text = said });
        }

        var partial = new AgentTurnResult
        {
            SessionId = exchange.Connected ? exchange.SessionId : turn.SessionId,
            OutputTail = exchange.Tail,
        };
        if (stopped)
        {
            return partial with { Cancelled = true, Failure = AgentFailureKind.Stopped, Error = $"agent `{turn.Agent.Name}` was stopped" };
        }

        if (timedOut)
        {
            return Fail(sink, partial with { TimedOut = true }, AgentFailureKind.TimedOut, $"{exchange.Where} timed out after {turn.Timeout}");
        }

        return ex switch
        {
            AgentSocketFailure failure => Fail(sink, partial, failure.Kind, failure.Message),
            _ when exchange.Connected => Fail(sink, partial, AgentFailureKind.Unknown,
                $"{exchange.Where} closed the connection before the end event: {exchange.Redact(ex.Message)}"),
            _ => Fail(sink, partial, AgentFailureKind.Unknown, $"could not connect to {exchange.Where}: {exchange.Redact(ex.Message)}"),
        };
    }

    private static AgentTurnResult Fail(IAgentEventSink sink, AgentTurnResult result, AgentFailureKind kind, string error)
    {
        sink.Emit(new AgentErrorData { Message = error, Fatal = true, Failure = Names.Of(kind) });
        return result with { Failure = kind, Error = error };
    }

    private async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        using var grace = new CancellationTokenSource(CloseGrace, time);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "turn finished", grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The answer is complete; a server that has already gone needs no goodbye.
        }
    }
}
