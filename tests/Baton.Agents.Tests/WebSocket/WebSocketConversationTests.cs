using Baton.Agents.Tests.Support;
using Baton.Agents.WebSocket;
using Baton.Core.Agents;
using Baton.Core.Events;
using Baton.ModelServer.AgentSocket;

namespace Baton.Agents.Tests.WebSocket;

public class WebSocketConversationTests : IAsyncLifetime
{
    private readonly WebSocketAgentAdapter _adapter = new();
    private FakeAgentSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAgentSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<AgentTurnResult> RunAsync(string taskId, string prompt, RecordingSink sink, string? sessionId = null) =>
        _adapter.RunTurnAsync(SocketTurns.For(_server.BaseUrl, taskId, prompt, sessionId), sink, CancellationToken.None);

    [Fact]
    public async Task A_plain_turn_answers_with_the_joined_text_its_session_and_usage()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("T-1", "Say hello", sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Failure.ShouldBe(AgentFailureKind.None);
        result.SessionId.ShouldNotBeNull().ShouldStartWith("baton:T-1:");
        result.FinalMessage.ShouldBe($"Hello from the socket agent. thread={result.SessionId} turn=1");
        result.Usage.ShouldBe(new AgentUsage { OutputTokens = 42 });
        var session = sink.Of(EventType.AgentSession).ShouldHaveSingleItem();
        session.Text("session_id").ShouldBe(result.SessionId);
        session.Text("agent").ShouldBe("socket");
        session["resumed"]!.GetValue<bool>().ShouldBeFalse();
        sink.Of(EventType.AgentMessage).ShouldHaveSingleItem().Text("text").ShouldBe(result.FinalMessage);
        var usage = sink.Of(EventType.AgentUsage).ShouldHaveSingleItem();
        usage["input_tokens"]!.GetValue<long>().ShouldBe(0);
        usage["output_tokens"]!.GetValue<long>().ShouldBe(42);
        sink.Of(EventType.AgentError).ShouldBeEmpty();
        _server.HistoryOf(result.SessionId).ShouldBe(["Say hello"]);
    }

    [Fact]
    public async Task Every_received_frame_is_logged_as_it_came()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("T-1", "Say hello", sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        sink.Lines.Select(l => l.Text).ShouldBe([
            """{"type":"STATUS"}""",
            """{"type":"AGENT_EVENT_TEXT_CHUNK","text":"Hello from the socket agent."}""",
            $$"""{"type":"AGENT_EVENT_TEXT_CHUNK","text":" thread={{result.SessionId}} turn=1"}""",
            """{"type":"AGENT_EVENT_END","tokens_used":42}""",
        ]);
        sink.Lines.ShouldAllBe(l => !l.IsError);
        result.OutputTail.ShouldContain("AGENT_EVENT_END");
    }

    [Fact]
    public async Task Two_tasks_hold_two_separate_conversations()
    {
        var first = await RunAsync("T-1", "one", new RecordingSink());
        var second = await RunAsync("T-2", "two", new RecordingSink());

        first.SessionId.ShouldNotBe(second.SessionId);
        first.SessionId.ShouldNotBeNull().ShouldStartWith("baton:T-1:");
        second.SessionId.ShouldNotBeNull().ShouldStartWith("baton:T-2:");
        _server.HistoryOf(first.SessionId).ShouldBe(["one"]);
        _server.HistoryOf(second.SessionId).ShouldBe(["two"]);
        _server.Connections.Select(c => c.ThreadId).ShouldBe([first.SessionId, second.SessionId]);
    }

    [Fact]
    public async Task A_turn_with_the_session_id_continues_that_conversation()
    {
        var first = await RunAsync("T-1", "first", new RecordingSink());
        var sink = new RecordingSink();

        var second = await RunAsync("T-1", "second", sink, sessionId: first.SessionId);

        second.Succeeded.ShouldBeTrue(second.Error);
        second.SessionId.ShouldBe(first.SessionId);
        second.FinalMessage.ShouldBe($"Hello from the socket agent. thread={first.SessionId} turn=2");
        _server.HistoryOf(first.SessionId!).ShouldBe(["first", "second"]);
        sink.Of(EventType.AgentSession).ShouldHaveSingleItem()["resumed"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_fresh_session_of_the_same_task_starts_a_new_conversation()
    {
        var first = await RunAsync("T-1", "first", new RecordingSink());

        var fresh = await RunAsync("T-1", "again", new RecordingSink(), sessionId: null);

        fresh.SessionId.ShouldNotBe(first.SessionId);
        fresh.SessionId.ShouldNotBeNull().ShouldStartWith("baton:T-1:");
        fresh.FinalMessage.ShouldEndWith("turn=1");
        _server.HistoryOf(first.SessionId!).ShouldBe(["first"]);
    }

    [Fact]
    public async Task Malformed_and_unknown_frames_are_kept_as_raw_events()
    {
        var sink = new RecordingSink();

        var result = await RunAsync("T-1", "JUNK please", sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        var raw = sink.Of(EventType.AgentRaw);
        raw.Count.ShouldBe(2);
        raw[0].Text("line").ShouldBe("{not json");
        raw[0].Text("reason").ShouldBe("not_json");
        raw[1].Text("line").ShouldBe("""{"type":"AGENT_EVENT_TOOL_CALL","name":"grep"}""");
        raw[1].Text("reason").ShouldBe("unknown_type");
        result.FinalMessage.ShouldStartWith("Hello from the socket agent.");
    }

    [Fact]
    public async Task Binary_and_fragmented_frames_are_read_whole()
    {
        var result = await RunAsync("T-1", "BINARY please", new RecordingSink());

        result.Succeeded.ShouldBeTrue(result.Error);
        result.FinalMessage.ShouldBe($"Hello from the socket agent. thread={result.SessionId} turn=1");
    }

    [Fact]
    public async Task A_base_url_with_a_path_reaches_the_endpoint_under_it()
    {
        var turn = SocketTurns.For(_server.BaseUrl + "/proxy/agent", "T-1", "hi");

        var result = await _adapter.RunTurnAsync(turn, new RecordingSink(), CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Error);
        _server.Connections.ShouldHaveSingleItem().Path.ShouldBe("/proxy/agent/agent_ws/");
    }
}
