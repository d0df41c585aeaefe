using Baton.Agents.Claude;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Claude;

/// <summary>Claude specifics, with the real CLI: the key, what runs without asking, refusals, stale sessions.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class ClaudeRealCliDetailTests : IAsyncLifetime
{
    private const string Secret = "sk-ant-real-93b0";
    private readonly RealCliHarness _cli = new();
    private readonly ClaudeAdapter _adapter = new(new Baton.Processes.ProcessRunner());

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    private Task<(AgentTurnResult Result, RecordingSink Sink)> TurnAsync(string prompt, Func<AgentTurn, AgentTurn>? adjust = null) =>
        _cli.TurnAsync(_adapter, RealCliAgents.Claude(_cli.Server.BaseUrl), prompt, adjust);

    [Fact]
    public async Task The_key_reaches_the_model_server_and_no_file_in_the_agents_home()
    {
        var (result, _) = await TurnAsync("Say hello", t => t with { ApiKey = new AgentSecret(Secret) });

        result.Succeeded.ShouldBeTrue(result.Error);
        _cli.Server.ModelTurns.ShouldAllBe(r => r.Headers["x-api-key"] == Secret);
        RealCliHarness.FilesContaining(_cli.HomeOf(RealCliAgents.Claude(_cli.Server.BaseUrl)), Secret).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_written_file_is_reported_as_added_relative_to_the_workspace()
    {
        var (result, sink) = await TurnAsync("WRITE_FILE: notes.txt written by claude");

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(_cli.Workspace, "notes.txt")).ShouldContain("written by claude");
        sink.Of(EventType.AgentFileChange).Select(c => ((string?)c["path"], (string?)c["kind"])).ShouldBe([("notes.txt", "add")]);
    }

    [Fact]
    public async Task Any_shell_command_runs_without_asking()
    {
        // acceptEdits alone would refuse this one (it is not a file operation); Bash is allowed up front.
        var (result, sink) = await TurnAsync("RUN_SHELL: python3 -c \"open('py.txt','w').write('ran')\" && git status --short");

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(_cli.Workspace, "py.txt")).ShouldBe("ran");
        ((string?)sink.Of(EventType.AgentCommand)[^1]["status"]).ShouldBe("completed");
    }

    [Fact]
    public async Task A_write_outside_the_workspace_is_refused_before_it_runs_and_the_turn_goes_on()
    {
        var outside = Path.Combine(Path.GetTempPath(), "baton-tests", $"outside-{Guid.NewGuid():N}.txt");

        var (result, sink) = await TurnAsync($"WRITE_FILE: {outside} should not exist");

        result.Succeeded.ShouldBeTrue(result.Error);
        File.Exists(outside).ShouldBeFalse();
        var refusal = sink.Of(EventType.PolicyViolation).ShouldHaveSingleItem();
        ((string?)refusal["path"]).ShouldBe(outside);
        ((string?)refusal["action"]).ShouldBe("refused");
        sink.Of(EventType.AgentFileChange).ShouldBeEmpty();
    }

    [Fact]
    public async Task In_exec_mode_a_write_outside_the_workspace_is_refused_by_claude_and_the_turn_goes_on()
    {
        var outside = Path.Combine(Path.GetTempPath(), "baton-tests", $"outside-{Guid.NewGuid():N}.txt");

        var (result, sink) = await TurnAsync($"WRITE_FILE: {outside} should not exist", t => t with { Agent = t.Agent with { Mode = AgentMode.Exec } });

        result.Succeeded.ShouldBeTrue(result.Error);
        File.Exists(outside).ShouldBeFalse();
        sink.Of(EventType.AgentError).ShouldContain(e => (bool?)e["fatal"] == false && ((string)e["message"]!).StartsWith("permission denied for Write", StringComparison.Ordinal));
        sink.Of(EventType.AgentFileChange).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_session_that_does_not_exist_is_a_stale_session()
    {
        var (result, _) = await TurnAsync("Continue", t => t with { SessionId = "00000000-0000-4000-8000-000000000000" });

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AgentFailureKind.StaleSession, result.Error);
    }
}
