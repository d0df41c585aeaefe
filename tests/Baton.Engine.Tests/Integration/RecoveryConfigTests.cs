using Baton.Core.Agents;
using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Engine.Application;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Fakes;

namespace Baton.Engine.Tests.Integration;

/// <summary>
/// <c>recovery:</c> as a project sets it: its own classifiers (transient, hard, escalate) over the turn's output and exit
/// code, the number of tries again, fallback tiers that keep to the stage's role, and an escalation that parks the run
/// for a person whose answer reaches the agent.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RecoveryConfigTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static BatonConfig Config(string scratch, RecoveryConfig recovery, ApprovalPolicy approval = ApprovalPolicy.Never)
    {
        var config = EngineHarness.ShellAgentConfig(scratch, "true", []);
        return config with
        {
            DefaultAgent = "main",
            Agents = new Dictionary<string, AgentConfig>
            {
                ["main"] = new() { Name = "main", Kind = AgentKind.Codex },
                ["planner-spare"] = new() { Name = "planner-spare", Kind = AgentKind.Gemini },
                ["builder-spare"] = new() { Name = "builder-spare", Kind = AgentKind.Claude },
            },
            Recovery = recovery,
            Policy = config.Policy with { Approval = approval },
        };
    }

    private static Task<EngineHarness> HarnessAsync(Func<string, BatonConfig> config, params ScriptedAgentAdapter[] adapters) =>
        EngineHarness.CreateAsync(config, adjust: s => s with
        {
            Agents = adapters.ToDictionary(a => a.Kind, a => (Core.Ports.IAgentAdapter)a),
            RateLimitBackoff = TimeSpan.FromMilliseconds(5),
        });

    private static async Task<(RunOutcome Outcome, IReadOnlyList<RunEvent> Events)> RunAsync(EngineHarness h)
    {
        var task = await h.AddTaskAsync("do it");
        var observer = new RecordingObserver();
        var outcome = await new RunStarter(h.Services).StartAsync(task, observer, None);
        return (outcome, observer.Events);
    }

    private static List<(string? Action, string? Failure)> Recoveries(IEnumerable<RunEvent> events) =>
        [.. events.Where(e => e.Type == EventType.RecoveryAction).Select(e => ((string?)e.Data.Fields()["action"], (string?)e.Data.Fields()["failure"]))];

    private static AgentTurnResult Failed(int exitCode, string error) => new() { ExitCode = exitCode, Failure = AgentFailureKind.Unknown, Error = error };

    [Fact]
    public async Task A_failure_the_project_calls_transient_is_tried_again_as_often_as_it_says_then_given_up()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => Failed(1, "request failed: ECONNRESET"));
        await using var h = await HarnessAsync(s => Config(s, new RecoveryConfig
        {
            Retries = 3,
            Classify = [new FailureRule { Output = "econnreset|socket hang up", As = FailureClass.Transient }],
        }), codex);

        var (outcome, events) = await RunAsync(h);

        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.AgentFailed));
        codex.Turns.Count.ShouldBe(4);
        Recoveries(events).ShouldBe([("retry", "transient"), ("retry", "transient"), ("retry", "transient"), ("give_up", "transient")]);
    }

    [Fact]
    public async Task Without_a_classifier_the_same_failure_is_not_retried()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => Failed(1, "request failed: ECONNRESET"));
        await using var h = await HarnessAsync(s => Config(s, new RecoveryConfig()), codex);

        var (_, events) = await RunAsync(h);

        codex.Turns.Count.ShouldBe(1);
        Recoveries(events).ShouldBe([("give_up", "unknown")]);
    }

    [Fact]
    public async Task A_rule_by_exit_code_overrides_the_built_in_signature_and_a_hard_failure_falls_back_at_once_within_the_role()
    {
        // "429" is a rate limit to Baton's signatures (retried); the project says exit 7 is hard: no retry, next agent.
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => new AgentTurnResult { ExitCode = 7, Failure = AgentFailureKind.RateLimited, Error = "429 quota for this project is gone" });
        var claude = new ScriptedAgentAdapter(AgentKind.Claude, (_, _) => ScriptedAgentAdapter.Ok("built by the spare"));
        var gemini = new ScriptedAgentAdapter(AgentKind.Gemini, (_, _) => ScriptedAgentAdapter.Ok("should not build"));
        await using var h = await HarnessAsync(s => Config(s, new RecoveryConfig
        {
            Classify = [new FailureRule { ExitCode = 7, As = FailureClass.Hard }],
            Tiers =
            [
                new Dictionary<AgentRole, string> { [AgentRole.Planner] = "main", [AgentRole.Builder] = "main" },
                new Dictionary<AgentRole, string> { [AgentRole.Planner] = "planner-spare", [AgentRole.Builder] = "builder-spare" },
            ],
        }), codex, claude, gemini);

        var (outcome, events) = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        codex.Turns.Count.ShouldBe(1);
        claude.Turns.ShouldHaveSingleItem().Agent.Name.ShouldBe("builder-spare");
        gemini.Turns.ShouldBeEmpty("the planner's tier agent is not the builder's");
        Recoveries(events).ShouldBe([("fall_back", "hard")]);
    }

    [Fact]
    public async Task With_tiers_a_stage_naming_no_agent_takes_the_first_tiers_and_a_missing_cli_falls_back_only_within_the_role()
    {
        var gemini = new ScriptedAgentAdapter(AgentKind.Gemini, (_, _) => ScriptedAgentAdapter.Failed(AgentFailureKind.CliMissing, "the gemini CLI was not found"));
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Ok("should not build"));
        await using var h = await HarnessAsync(s => Config(s, new RecoveryConfig
        {
            Tiers = [new Dictionary<AgentRole, string> { [AgentRole.Builder] = "planner-spare", [AgentRole.Planner] = "main" }],
        }), gemini, codex);

        var (outcome, events) = await RunAsync(h);

        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.AgentFailed));
        gemini.Turns.ShouldHaveSingleItem().Agent.Name.ShouldBe("planner-spare");
        codex.Turns.ShouldBeEmpty("`main` is only the planner's in the tiers; without tiers any installed agent would be tried");
        Recoveries(events).ShouldBe([("give_up", "cli_missing")]);
    }

    [Fact]
    public async Task An_escalation_parks_the_run_and_a_persons_answer_reaches_the_agent_when_the_stage_runs_again()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (turn, n) => n == 1
            ? Failed(2, "refusing to touch ../secrets: outside the sandbox")
            : turn.Prompt.Contains("use ./fixtures instead", StringComparison.Ordinal) ? ScriptedAgentAdapter.Ok("done with fixtures") : Failed(2, "no guidance"));
        await using var h = await HarnessAsync(s => Config(s, new RecoveryConfig
        {
            Classify = [new FailureRule { Output = "outside the sandbox", As = FailureClass.Escalate }],
        }, ApprovalPolicy.OnRequest), codex);

        var (parked, events) = await RunAsync(h);

        parked.State.ShouldBe(RunState.NeedsInput, parked.Message);
        (await h.Store.GetTaskAsync(parked.TaskId, None))!.State.ShouldBe(TaskState.NeedsInput);
        Recoveries(events).ShouldBe([("escalate", "needs_person")]);
        var question = (await h.Store.ListPendingApprovalsAsync(None)).ShouldHaveSingleItem();
        question.Kind.ShouldBe(ApprovalKind.Escalation);
        question.Question.ShouldContain("outside the sandbox");
        question.Stage.ShouldBe("build");

        await new TaskDesk(h.Services).AnswerAsync(parked.RunId, "use ./fixtures instead", Actor.Cli("bob"), None);
        var outcome = (await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(QueueMode.Once, None)).Runs.ShouldHaveSingleItem();

        outcome.State.ShouldBe(RunState.Succeeded, outcome.Message);
        codex.Turns.Count.ShouldBe(2);
        codex.Turns[1].Prompt.ShouldContain("a person was asked");
    }

    [Fact]
    public async Task A_second_escalation_of_the_same_stage_asks_again_and_a_denial_ends_the_task_escalated()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Failed(AgentFailureKind.PathOutsideWorkspace, "path /etc/shadow is outside the workspace"));
        await using var h = await HarnessAsync(s => Config(s, new RecoveryConfig(), ApprovalPolicy.OnRequest), codex);
        var desk = new TaskDesk(h.Services);
        var worker = new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) };

        var (parked, _) = await RunAsync(h);
        await desk.ApproveAsync(parked.RunId, null, Actor.Cli("bob"), None);
        var again = (await worker.RunAsync(QueueMode.Once, None)).Runs.ShouldHaveSingleItem();

        again.State.ShouldBe(RunState.NeedsInput, "the stage ran again, failed the same way, and asked again");
        codex.Turns.Count.ShouldBe(2);
        (await h.Store.ListApprovalsAsync(parked.RunId, None)).Select(a => a.Key).ShouldBe(["recovery:build@1#1", "recovery:build@1#2"]);
        await desk.DenyAsync(parked.RunId, null, "leave /etc alone", Actor.Cli("bob"), None);
        var run = (await h.Store.GetRunAsync(parked.RunId, None))!;
        (run.State, run.Reason).ShouldBe((RunState.Failed, RunReason.ApprovalDenied));
        (await h.Store.GetTaskAsync(parked.TaskId, None))!.State.ShouldBe(TaskState.Escalated);
    }
}
