using Baton.Agents.Claude;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Testing;

namespace Baton.Agents.Tests.Claude;

/// <summary>How a turn is judged from a recorded stream, the exit code and stderr.</summary>
public sealed class ClaudeAdapterTurnTests : IDisposable
{
    private readonly string _root = TempDir.Create("claude-turn");

    private AgentTurn Turn() => Turns.For(
        new AgentConfig { Name = "writer", Kind = AgentKind.Claude, Command = StandInExecutable.Create(_root, "claude") },
        StreamFixture.HandWorkspace,
        home: Path.Combine(_root, "home"));

    private static async Task<(AgentTurnResult Result, RecordingSink Sink)> RunAsync(AgentTurn turn, string fixture, int exitCode = 0, string[]? stderr = null)
    {
        var sink = new RecordingSink();
        var runner = new ScriptedProcessRunner(StreamFixture.Lines("claude", fixture), exitCode, stderr);
        return (await new ClaudeAdapter(runner).RunTurnAsync(turn, sink, CancellationToken.None), sink);
    }

    [Fact]
    public async Task A_successful_result_succeeds_with_the_session_the_answer_and_usage_with_cost()
    {
        var (result, sink) = await RunAsync(Turn(), "hand-shell.jsonl");

        result.Succeeded.ShouldBeTrue();
        result.Failure.ShouldBe(AgentFailureKind.None);
        result.SessionId.ShouldNotBeNull().Length.ShouldBe(36);
        result.FinalMessage.ShouldBe("Done. I ran the command and it succeeded.");
        result.Usage!.InputTokens.ShouldBe(200);
        result.Usage.CostUsd.ShouldNotBeNull().ShouldBeGreaterThan(0m);
        sink.Of(EventType.AgentUsage).ShouldHaveSingleItem().ContainsKey("cost_usd").ShouldBeTrue();
    }

    [Fact]
    public async Task A_resumed_turn_is_announced_as_resumed_and_its_usage_is_its_own()
    {
        var shell = StreamFixture.Lines("claude", "hand-shell.jsonl")[0];
        var session = System.Text.Json.Nodes.JsonNode.Parse(shell)!["session_id"]!.GetValue<string>();

        var (result, sink) = await RunAsync(Turn() with { SessionId = session, SessionUsage = new AgentUsage { InputTokens = 200 } }, "hand-resume.jsonl");

        ((bool?)sink.Of(EventType.AgentSession).ShouldHaveSingleItem()["resumed"]).ShouldBe(true);
        result.Usage!.InputTokens.ShouldBe(100);
    }

    [Fact]
    public async Task An_api_error_status_401_is_auth_failed_even_though_the_subtype_says_success()
    {
        var (result, sink) = await RunAsync(Turn(), "hand-error401.jsonl", exitCode: 1);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.AuthFailed);
        result.Error.ShouldBe("agent `writer` (claude) failed: Invalid API key · Fix external API key (API error status 401)");
        sink.Of(EventType.AgentError).ShouldContain(e => (bool?)e["fatal"] == true && (string?)e["failure"] == "auth_failed");
    }

    [Fact]
    public async Task An_overloaded_api_is_rate_limited()
    {
        var (result, _) = await RunAsync(Turn(), "reference-api-error.jsonl", exitCode: 1);

        result.Failure.ShouldBe(AgentFailureKind.RateLimited);
    }

    [Fact]
    public async Task A_session_that_is_gone_is_stale_and_keeps_the_session_it_asked_for()
    {
        var (result, sink) = await RunAsync(Turn() with { SessionId = "00000000-0000-4000-8000-000000000000" }, "hand-stale.jsonl", exitCode: 1,
            ["No conversation found with session ID: 00000000-0000-4000-8000-000000000000"]);

        result.Failure.ShouldBe(AgentFailureKind.StaleSession);
        result.SessionId.ShouldBe("00000000-0000-4000-8000-000000000000");
        sink.Of(EventType.AgentSession).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_resume_of_a_session_id_that_is_not_a_uuid_is_stale()
    {
        string[] stderr = ["Error: --resume requires a valid session ID or session title when used with --print."];
        var runner = new ScriptedProcessRunner([], 1, stderr);

        var result = await new ClaudeAdapter(runner).RunTurnAsync(Turn() with { SessionId = "nope" }, new RecordingSink(), CancellationToken.None);

        result.Failure.ShouldBe(AgentFailureKind.StaleSession);
    }

    [Fact]
    public async Task Not_being_logged_in_is_auth_failed()
    {
        string[] stdout = ["{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"result\":\"Not logged in · Please run /login\"}"];
        var runner = new ScriptedProcessRunner(stdout, 1);

        var result = await new ClaudeAdapter(runner).RunTurnAsync(Turn(), new RecordingSink(), CancellationToken.None);

        result.Failure.ShouldBe(AgentFailureKind.AuthFailed);
    }

    [Fact]
    public async Task Running_out_of_turns_is_a_failure_of_no_known_kind()
    {
        var (result, _) = await RunAsync(Turn(), "reference-max-turns.jsonl", exitCode: 1);

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.Unknown);
        result.Error.ShouldBe("agent `writer` (claude) failed: Reached maximum number of turns (1)");
    }

    public void Dispose() => TempDir.Delete(_root);
}
