using Baton.Agents.WebSocket;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.ModelServer.AgentSocket;

namespace Baton.Agents.Tests.Conformance;

/// <summary>The conversation part of the suite against an agent served over a WebSocket (seed 004's agent_ws protocol).</summary>
public sealed class WebSocketConformance : ConversationConformance
{
    private FakeAgentSocketServer? _server;

    private FakeAgentSocketServer Server => _server ?? throw new InvalidOperationException("the socket agent is not started");

    protected override IAgentAdapter CreateAdapter(IProcessRunner processes) => new WebSocketAgentAdapter();

    protected override AgentConfig Agent => new() { Name = "socket", Kind = AgentKind.Websocket, BaseUrl = Server.BaseUrl };

    protected override string PlainAnswerMarker => "Hello from the socket agent";

    protected override string ErrorPrompt => "RATE_LIMIT now";

    protected override AgentFailureKind ErrorFailure => AgentFailureKind.RateLimited;

    protected override async Task StartEndpointAsync() => _server = await FakeAgentSocketServer.StartAsync();

    protected override async Task StopEndpointAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override int UserMessagesInLatestRequest() =>
        Server.Connections.LastOrDefault(c => c.ThreadId is not null) is { ThreadId: { } thread } ? Server.HistoryOf(thread).Count : 0;

    protected override bool EndpointSaw(string marker) =>
        Server.Connections.Any(c => c.Prompts.Any(p => p.Contains(marker, StringComparison.Ordinal)));
}
