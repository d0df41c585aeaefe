using System.Text.Json;
using Baton.Agents.Tests.Support;
using Baton.Agents.WebSocket;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.ModelServer.AgentSocket;
using Baton.Testing;

namespace Baton.Agents.Tests.WebSocket;

public class WebSocketAuthTests : IAsyncLifetime
{
    private const string Token = "sk-socket-secret-7f3a";
    private readonly WebSocketAgentAdapter _adapter = new();
    private FakeAgentSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAgentSocketServer.StartAsync(requiredToken: Token);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_upgrade_refused_with_401_is_an_auth_failure()
    {
        var sink = new RecordingSink();

        var result = await _adapter.RunTurnAsync(SocketTurns.For(_server.BaseUrl, "T-1", "hi", apiKey: "wrong"), sink, CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.AuthFailed);
        result.Error.ShouldNotBeNull().ShouldContain("HTTP 401");
        result.Error.ShouldContain("$SOCKET_KEY");
        _server.Connections.ShouldHaveSingleItem().Status.ShouldBe(401);
        sink.Of(EventType.AgentError).ShouldHaveSingleItem().Text("failure").ShouldBe("auth_failed");
    }

    [Fact]
    public async Task Without_a_key_no_authorization_header_is_sent()
    {
        var result = await _adapter.RunTurnAsync(SocketTurns.For(_server.BaseUrl, "T-1", "hi"), new RecordingSink(), CancellationToken.None);

        result.Failure.ShouldBe(AgentFailureKind.AuthFailed);
        _server.Connections.ShouldHaveSingleItem().Headers.ContainsKey("Authorization").ShouldBeFalse();
    }

    [Fact]
    public async Task The_token_is_sent_as_a_bearer_header_and_appears_in_no_event_or_log_line()
    {
        var sink = new RecordingSink();

        // ECHO_AUTH makes the server put the Authorization header into its answer, as a careless agent might.
        var result = await _adapter.RunTurnAsync(SocketTurns.For(_server.BaseUrl, "T-1", "ECHO_AUTH", apiKey: Token), sink, CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Error);
        _server.Connections.ShouldHaveSingleItem().Headers["Authorization"].ShouldBe("Bearer " + Token);
        result.FinalMessage.ShouldNotBeNull().ShouldEndWith("auth=Bearer ***");
        sink.Lines.Count.ShouldBeGreaterThan(0);
        sink.Lines.ShouldAllBe(l => !l.Text.Contains(Token));
        sink.Events.ShouldAllBe(e => !e.Data.ToJsonString(JsonSerializerOptions.Default).Contains(Token));
        JsonSerializer.Serialize(result).ShouldNotContain(Token);
    }
}
