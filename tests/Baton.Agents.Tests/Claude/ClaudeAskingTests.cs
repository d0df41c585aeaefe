using Baton.Agents.Claude;
using Baton.Agents.Tests.Support;
using Baton.Core.Agents;
using Baton.Core.Events;

namespace Baton.Agents.Tests.Claude;

/// <summary>The real Claude CLI over its control protocol: every command is put to Baton before it runs, and Baton's answer holds.</summary>
[Trait("Category", "RealCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class ClaudeAskingTests : IAsyncLifetime
{
    private readonly RealCliHarness _cli = new();
    private readonly ClaudeAdapter _adapter = new(new Baton.Processes.ProcessRunner());

    public Task InitializeAsync() => _cli.InitializeAsync();

    public Task DisposeAsync() => _cli.DisposeAsync();

    private Task<(AgentTurnResult Result, RecordingSink Sink)> TurnAsync(string prompt, RecordingSink sink) =>
        _cli.TurnAsync(_adapter, RealCliAgents.Claude(_cli.Server.BaseUrl), prompt, sink: sink);

    [Fact]
    public async Task A_declined_command_never_runs_and_the_model_is_told_why()
    {
        var sink = new RecordingSink { Decide = a => ActionDecision.Decline($"Refused by Baton: `{a.What}` is blocked here") };

        var (result, _) = await TurnAsync("RUN_SHELL: touch forbidden.txt", sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        File.Exists(Path.Combine(_cli.Workspace, "forbidden.txt")).ShouldBeFalse();
        sink.Asked.ShouldBe([new AgentAction(AgentActionKind.Command, "touch forbidden.txt", sink.Asked[0].Id)]);
        _cli.Server.ModelTurns.ShouldContain(r => r.Normalized!.AllText.Contains("Refused by Baton: `touch forbidden.txt` is blocked here", StringComparison.Ordinal));
        sink.Of(EventType.AgentRaw).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_allowed_command_runs_once_asked()
    {
        var sink = new RecordingSink();

        var (result, _) = await TurnAsync("RUN_SHELL: touch allowed.txt", sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        File.Exists(Path.Combine(_cli.Workspace, "allowed.txt")).ShouldBeTrue();
        sink.Asked.Select(a => (a.Kind, a.What)).ShouldBe([(AgentActionKind.Command, "touch allowed.txt")]);
        ((string?)sink.Of(EventType.AgentCommand)[^1]["status"]).ShouldBe("completed");
    }

    [Fact]
    public async Task A_file_write_in_the_workspace_is_asked_about_and_allowed()
    {
        var sink = new RecordingSink();

        var (result, _) = await TurnAsync("WRITE_FILE: notes.txt written after asking", sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        File.ReadAllText(Path.Combine(_cli.Workspace, "notes.txt")).ShouldContain("written after asking");
        sink.Asked.ShouldContain(a => a.Kind == AgentActionKind.FileChange && a.What.EndsWith("notes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_decision_that_takes_seconds_keeps_the_agent_waiting_not_failing()
    {
        var sink = new RecordingSink { Decide = _ => { Thread.Sleep(TimeSpan.FromSeconds(3)); return ActionDecision.Allow; } };

        var (result, _) = await TurnAsync("RUN_SHELL: touch waited.txt", sink);

        result.Succeeded.ShouldBeTrue(result.Error);
        File.Exists(Path.Combine(_cli.Workspace, "waited.txt")).ShouldBeTrue();
    }
}
