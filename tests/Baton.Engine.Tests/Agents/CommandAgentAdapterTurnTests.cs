using Baton.Agents.Command;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Engine.Tests.Fakes;
using Baton.Processes;
using Baton.Testing;

namespace Baton.Engine.Tests.Agents;

public sealed class CommandAgentAdapterTurnTests : IDisposable
{
    private readonly string _workspace = TempDir.Create("agent");

    private AgentTurn Turn(string command, TimeSpan? timeout = null) => new()
    {
        Agent = new AgentConfig { Name = "shell", Kind = AgentKind.Command, Command = command },
        Role = AgentRole.Builder,
        Prompt = "do it",
        PromptFile = Path.Combine(_workspace, "prompt.md"),
        Workspace = _workspace,
        TaskId = "t1",
        RunId = "r1",
        Stage = "build",
        Timeout = timeout,
        Environment = ChildEnvironment.Create(),
    };

    private static Task<AgentTurnResult> RunAsync(AgentTurn turn, RecordingAgentSink sink) =>
        new CommandAgentAdapter(new ProcessRunner()).RunTurnAsync(turn, sink, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Json_lines_on_stdout_become_events_other_lines_stay_raw_and_stderr_is_only_logged()
    {
        var sink = new RecordingAgentSink();
        const string agent = """
            echo '{"type":"session","session_id":"s-1"}'
            echo 'plain progress'
            echo 'oops' >&2
            echo '{"type":"agent.message","text":"done"}'
            """;

        var result = await RunAsync(Turn(agent), sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.ExitCode.ShouldBe(0);
        result.SessionId.ShouldBe("s-1");
        result.FinalMessage.ShouldBe("done");
        sink.Events.Select(e => e.Type).ShouldBe([EventType.AgentSession, EventType.AgentRaw, EventType.AgentMessage]);
        ((string?)sink.Events[1].Data["line"]).ShouldBe("plain progress");
        sink.Lines.ShouldContain(l => l.IsError && l.Text == "oops");
        sink.Lines.Count(l => !l.IsError).ShouldBe(3);
    }

    [Fact]
    public async Task A_non_zero_exit_is_a_failed_turn_that_says_so()
    {
        var result = await RunAsync(Turn("echo working; exit 3"), new RecordingAgentSink());

        result.Succeeded.ShouldBeFalse();
        result.ExitCode.ShouldBe(3);
        result.Error.ShouldBe("agent `shell` exited 3");
        result.OutputTail.ShouldContain("working");
    }

    [Fact]
    public async Task A_turn_past_its_timeout_is_stopped_and_reported_as_timed_out()
    {
        var result = await RunAsync(Turn("sleep 30", TimeSpan.FromMilliseconds(300)), new RecordingAgentSink());

        result.Succeeded.ShouldBeFalse();
        result.TimedOut.ShouldBeTrue();
        result.Error!.ShouldContain("timed out");
    }

    [Fact]
    public async Task The_agents_own_env_is_added_to_the_turn_environment()
    {
        var sink = new RecordingAgentSink();
        var turn = Turn("echo \"$FROM_AGENT_CONFIG\"");
        turn = turn with { Agent = turn.Agent with { Env = new Dictionary<string, string> { ["FROM_AGENT_CONFIG"] = "it's here" } } };

        await RunAsync(turn, sink);

        sink.Lines.ShouldContain(l => l.Text == "it's here");
    }

    [Fact]
    public async Task A_line_the_parser_cannot_map_never_fails_a_turn_that_exited_zero()
    {
        var sink = new RecordingAgentSink();
        const string agent = """
            echo '{"type":"message","text":"a","text":"b"}'
            echo 'after'
            """;

        var result = await RunAsync(Turn(agent), sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        sink.Events.Select(e => e.Type).ShouldBe([EventType.AgentRaw, EventType.AgentRaw]);
        ((string?)sink.Events[1].Data["line"]).ShouldBe("after");
    }

    public void Dispose() => TempDir.Delete(_workspace);
}
