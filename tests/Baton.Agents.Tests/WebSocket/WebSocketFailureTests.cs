using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Baton.Agents.Tests.Support;
using Baton.Agents.WebSocket;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.ModelServer.AgentSocket;
using Baton.Testing;

namespace Baton.Agents.Tests.WebSocket;

public class WebSocketFailureTests : IAsyncLifetime
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);
    private readonly WebSocketAgentAdapter _adapter = new();
    private FakeAgentSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAgentSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<AgentTurnResult> RunAsync(string taskId, string prompt, RecordingSink sink, TimeSpan? timeout = null, CancellationToken ct = default) =>
        _adapter.RunTurnAsync(SocketTurns.For(_server.BaseUrl, taskId, prompt, timeout: timeout), sink, ct);

    private static void ShouldReportError(RecordingSink sink, AgentTurnResult result, string failure)
    {
        var error = sink.Of(EventType.AgentError).ShouldHaveSingleItem();
        error.Text("message").ShouldBe(result.Error);
        error.Text("failure").ShouldBe(failure);
        error["fatal"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task An_error_frame_fails_the_turn_with_the_agents_reason()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("T-1", "FAIL now", sink);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.Unknown);
        result.Error.ShouldNotBeNull().ShouldContain("MODEL_ERROR: the model is unavailable (scripted)");
        result.FinalMessage.ShouldBeNull();
        result.SessionId.ShouldNotBeNull().ShouldStartWith("baton:T-1:");
        ShouldReportError(sink, result, "unknown");
        sink.Of(EventType.AgentMessage).ShouldHaveSingleItem().Text("text").ShouldBe("Working on it");
        sink.Of(EventType.AgentUsage).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_agent_error_event_saying_429_is_a_rate_limit()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("T-1", "RATE_LIMIT", sink);

        result.Failure.ShouldBe(AgentFailureKind.RateLimited);
        result.Error.ShouldNotBeNull().ShouldContain("429 Too Many Requests");
        ShouldReportError(sink, result, "rate_limited");
    }

    [Fact]
    public async Task A_first_frame_other_than_STATUS_is_a_protocol_error()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("BAD_STATUS", "hi", sink);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain("protocol error");
        result.Error.ShouldContain("""expected {"type":"STATUS"}""");
        ShouldReportError(sink, result, "unknown");
        _server.Connections.ShouldHaveSingleItem().Prompts.ShouldBeEmpty();
        sink.Of(EventType.AgentSession).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_server_closing_mid_answer_fails_the_turn()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("T-1", "CLOSE early", sink);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.Unknown);
        result.Error.ShouldNotBeNull().ShouldContain("closed the connection before the end event");
        result.FinalMessage.ShouldBeNull();
        ShouldReportError(sink, result, "unknown");
    }

    [Fact]
    public async Task A_hanging_agent_times_out_quickly()
    {
        var sink = new RecordingSink();
        var clock = Stopwatch.StartNew();

        var result = await RunAsync("T-1", "HANG", sink, timeout: TimeSpan.FromMilliseconds(500));

        clock.Elapsed.ShouldBeLessThan(Quickly);
        result.TimedOut.ShouldBeTrue();
        result.Failure.ShouldBe(AgentFailureKind.TimedOut);
        result.Error.ShouldNotBeNull().ShouldContain("timed out");
        ShouldReportError(sink, result, "timed_out");
        (await Eventually.TrueAsync(() => _server.Connections.Single().Closed, Quickly)).ShouldBeTrue("the server still holds the socket");
    }

    [Fact]
    public async Task Cancelling_stops_the_turn_and_closes_the_socket_promptly()
    {
        using var cts = new CancellationTokenSource();
        var sink = new RecordingSink();
        var turn = RunAsync("T-1", "HANG", sink, ct: cts.Token);
        (await Eventually.TrueAsync(() => _server.Connections.Any(c => c.Prompts.Count == 1), Quickly)).ShouldBeTrue("the prompt never arrived");
        var clock = Stopwatch.StartNew();

        await cts.CancelAsync();
        var result = await turn.WaitAsync(Quickly);

        clock.Elapsed.ShouldBeLessThan(Quickly);
        result.Cancelled.ShouldBeTrue();
        result.Failure.ShouldBe(AgentFailureKind.Stopped);
        sink.Of(EventType.AgentError).ShouldBeEmpty();
        (await Eventually.TrueAsync(() => _server.Connections.Single().Closed, Quickly)).ShouldBeTrue("the server still holds the socket");
    }

    [Fact]
    public async Task A_frame_over_16_MiB_fails_the_turn_with_a_clear_reason()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("T-1", "HUGE", sink);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain("larger than 16 MiB");
        ShouldReportError(sink, result, "unknown");
    }

    [Fact]
    public async Task A_refused_connection_names_the_url()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var sink = new RecordingSink();

        var result = await _adapter.RunTurnAsync(SocketTurns.For($"ws://127.0.0.1:{port}", "T-1", "hi"), sink, CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.Unknown);
        result.Error.ShouldNotBeNull().ShouldContain($"ws://127.0.0.1:{port}/agent_ws/?thread_id=baton%3AT-1%3A");
        result.Error.ShouldContain("could not connect");
        result.SessionId.ShouldBeNull();
        ShouldReportError(sink, result, "unknown");
    }
}
