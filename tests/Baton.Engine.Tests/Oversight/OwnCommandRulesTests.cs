using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Fakes;
using Baton.Engine.Tests.Integration;

namespace Baton.Engine.Tests.Oversight;

/// <summary>
/// The command policy over a CLI that keeps it in its own rules (Gemini, opencode), over the real engine with a scripted
/// adapter: the turn carries the patterns to write, a command the CLI refused is recorded and the run goes on, and what
/// the CLI's rules let run is still stopped after the fact.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OwnCommandRulesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A Gemini agent whose turn reports <paramref name="reported"/>, with <c>touch forbidden</c> blocked and <c>git push</c> to confirm.</summary>
    private static ScriptedAgentAdapter Gemini(params AgentCommandData[] reported) =>
        new(AgentKind.Gemini, (_, _) => ScriptedAgentAdapter.Ok("done"), sink =>
        {
            foreach (var command in reported)
            {
                sink.Emit(command);
            }
        });

    private static Task<EngineHarness> HarnessAsync(ScriptedAgentAdapter gemini) => EngineHarness.CreateAsync(
        s => EngineHarness.ShellAgentConfig(s, "true", []) with
        {
            DefaultAgent = "gemini",
            Agents = new Dictionary<string, AgentConfig> { ["gemini"] = new() { Name = "gemini", Kind = AgentKind.Gemini } },
            Policy = new PolicyConfig { BlockedCommands = ["touch forbidden"], ConfirmCommands = ["git push"] },
        },
        adjust: s => s with { Agents = new Dictionary<AgentKind, Core.Ports.IAgentAdapter> { [AgentKind.Gemini] = gemini } });

    private static async Task<RunOutcome> RunAsync(EngineHarness h) =>
        await new RunStarter(h.Services).StartAsync(await h.AddTaskAsync("touch things"), null, None);

    private static AgentCommandData Command(string command, string status) => new() { Id = "call-1", Command = command, Status = status };

    private static async Task<List<PolicyViolationData>> PolicyEventsAsync(EngineHarness h, string runId) =>
        [.. (await h.Store.ReadFeedAsync(new FeedQuery(RunId: runId), 5000, None)).Select(e => e.Data).OfType<PolicyViolationData>()];

    [Fact]
    public async Task The_turn_carries_the_blocked_and_confirm_patterns_for_the_cli_to_refuse()
    {
        var gemini = Gemini();
        await using var h = await HarnessAsync(gemini);

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded);
        var rules = gemini.Turns.ShouldHaveSingleItem().Commands;
        rules.Blocked.ShouldBe(["touch forbidden"]);
        rules.Confirm.ShouldBe(["git push"]);
    }

    [Theory]
    [InlineData("touch forbidden.txt", "policy.blocked_commands")]
    [InlineData("git push", "policy.confirm_commands")]
    public async Task A_command_the_cli_refused_by_its_own_rules_is_recorded_and_the_run_goes_on(string command, string list)
    {
        await using var h = await HarnessAsync(Gemini(Command(command, "started"), Command(command, "declined")));

        var outcome = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded);
        var refused = (await PolicyEventsAsync(h, outcome.RunId)).ShouldHaveSingleItem();
        (refused.Command, refused.Action).ShouldBe((command, "refused"));
        refused.Reason.ShouldContain(list);
        refused.Reason.ShouldContain("refused it itself");
    }

    [Fact]
    public async Task A_blocked_command_the_clis_rules_let_run_stops_the_run_once_it_has_run()
    {
        await using var h = await HarnessAsync(Gemini(Command("touch forbidden.txt", "started"), Command("touch forbidden.txt", "completed")));

        var outcome = await RunAsync(h);

        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.PolicyViolation));
        var stopped = (await PolicyEventsAsync(h, outcome.RunId)).ShouldHaveSingleItem();
        (stopped.Command, stopped.Action).ShouldBe(("touch forbidden.txt", "stopped"));
    }

    [Fact]
    public async Task A_push_its_rules_do_not_know_about_stops_the_run_as_soon_as_it_starts()
    {
        await using var h = await HarnessAsync(Gemini(Command("git push origin HEAD:main", "started")));

        var outcome = await RunAsync(h);

        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.PolicyViolation));
        var stopped = (await PolicyEventsAsync(h, outcome.RunId)).ShouldHaveSingleItem();
        stopped.Action.ShouldBe("stopped");
        stopped.Reason.ShouldContain("agents may push only their task's branch");
    }
}
