using Baton.Agents.Codex;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Testing;

namespace Baton.Agents.Tests.Codex;

/// <summary>How a turn is judged from a recorded stream, the exit code and stderr.</summary>
public sealed class CodexAdapterTurnTests : IDisposable
{
    private readonly string _root = TempDir.Create("codex-turn");

    private AgentTurn Turn()
    {
        var codex = StandInExecutable.Create(_root, "codex");
        return Turns.For(new AgentConfig { Name = "coder", Kind = AgentKind.Codex, Command = codex, Mode = AgentMode.Exec }, StreamFixture.HandWorkspace, home: Path.Combine(_root, "home"));
    }

    private static async Task<(AgentTurnResult Result, RecordingSink Sink)> RunAsync(AgentTurn turn, string[] stdout, int exitCode = 0, string[]? stderr = null)
    {
        var sink = new RecordingSink();
        var result = await new CodexAdapter(new ScriptedProcessRunner(stdout, exitCode, stderr)).RunTurnAsync(turn, sink, CancellationToken.None);
        return (result, sink);
    }

    [Fact]
    public async Task A_completed_turn_succeeds_with_the_thread_the_final_message_and_its_usage()
    {
        var (result, sink) = await RunAsync(Turn(), StreamFixture.Lines("codex", "hand-shell.jsonl"));

        result.Succeeded.ShouldBeTrue();
        result.Failure.ShouldBe(AgentFailureKind.None);
        result.SessionId.ShouldBe("01a20278-2b6e-74b3-9802-1110b7acf7e9");
        result.FinalMessage.ShouldBe("Done. I ran the command and it succeeded.");
        result.Usage!.InputTokens.ShouldBe(200);
        ((bool?)sink.Of(EventType.AgentSession).ShouldHaveSingleItem()["resumed"]).ShouldBe(false);
    }

    [Fact]
    public async Task A_resumed_turns_usage_is_the_threads_total_minus_the_total_before()
    {
        var turn = Turn() with
        {
            SessionId = "01a20278-2b6e-74b3-9802-1110b7acf7e9",
            SessionUsage = new AgentUsage { InputTokens = 200, OutputTokens = 20 },
        };

        var (result, sink) = await RunAsync(turn, StreamFixture.Lines("codex", "hand-resume.jsonl"));

        result.Usage!.InputTokens.ShouldBe(100);
        result.Usage.OutputTokens.ShouldBe(10);
        result.SessionUsage!.InputTokens.ShouldBe(300);
        ((long?)sink.Of(EventType.AgentUsage).ShouldHaveSingleItem()["input_tokens"]).ShouldBe(100);
        ((bool?)sink.Of(EventType.AgentSession).ShouldHaveSingleItem()["resumed"]).ShouldBe(true);
    }

    [Fact]
    public async Task A_total_below_the_one_before_is_a_new_threads_and_counts_whole()
    {
        var turn = Turn() with { SessionId = "gone", SessionUsage = new AgentUsage { InputTokens = 5000, OutputTokens = 500 } };

        var (result, _) = await RunAsync(turn, StreamFixture.Lines("codex", "hand-shell.jsonl"));

        result.Usage!.InputTokens.ShouldBe(200);
    }

    [Fact]
    public async Task A_401_fails_the_turn_as_auth_failed_with_the_clis_message()
    {
        var (result, sink) = await RunAsync(Turn(), StreamFixture.Lines("codex", "hand-error401.jsonl"), exitCode: 1);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.AuthFailed);
        result.Error.ShouldBe("agent `coder` (codex) failed: unexpected status 401 Unauthorized: Incorrect API key provided, url: http://127.0.0.1:18555/v1/responses");
        sink.Of(EventType.AgentError).ShouldContain(e => (bool?)e["fatal"] == true && (string?)e["failure"] == "auth_failed");
    }

    [Fact]
    public async Task A_thread_that_cannot_be_resumed_is_a_stale_session()
    {
        string[] stderr = ["Error: thread/resume: thread/resume failed: no rollout found for thread id 01a20270-0000-7d31-b622-f1dc76c7bfc3 (code -32600)"];

        var (result, _) = await RunAsync(Turn() with { SessionId = "01a20270-0000-7d31-b622-f1dc76c7bfc3" }, [], exitCode: 1, stderr);

        result.Failure.ShouldBe(AgentFailureKind.StaleSession);
        result.SessionId.ShouldBe("01a20270-0000-7d31-b622-f1dc76c7bfc3");
    }

    [Fact]
    public async Task A_stream_cut_before_turn_completed_fails_even_with_exit_code_0()
    {
        var (result, _) = await RunAsync(Turn(), StreamFixture.Lines("codex", "hand-shell.jsonl")[..^1]);

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldContain("without a final result record");
    }

    public void Dispose() => TempDir.Delete(_root);
}
