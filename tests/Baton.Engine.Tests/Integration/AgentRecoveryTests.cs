using Baton.Core.Agents;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;
using Baton.Engine.Tests.Fakes;
using Baton.Testing;

namespace Baton.Engine.Tests.Integration;

/// <summary>Known agent failures map to recovery actions, each recorded as a <c>recovery.action</c> event.</summary>
[Trait("Category", "Integration")]
public sealed class AgentRecoveryTests
{
    private static BatonConfig TwoAgents(string scratch, IReadOnlyList<string>? fallback = null, string? apiKeyEnv = null)
    {
        var config = EngineHarness.ShellAgentConfig(scratch, "true", []);
        return config with
        {
            DefaultAgent = "main",
            Agents = new Dictionary<string, AgentConfig>
            {
                ["main"] = new() { Name = "main", Kind = AgentKind.Codex, Fallback = fallback ?? [], ApiKeyEnv = apiKeyEnv },
                ["spare"] = new() { Name = "spare", Kind = AgentKind.Claude },
            },
        };
    }

    private static Task<EngineHarness> HarnessAsync(Func<string, BatonConfig> config, params ScriptedAgentAdapter[] adapters) =>
        EngineHarness.CreateAsync(config, adjust: s => s with
        {
            Agents = adapters.ToDictionary(a => a.Kind, a => (Core.Ports.IAgentAdapter)a),
            RateLimitBackoff = TimeSpan.FromMilliseconds(5),
            Secrets = name => name == "MAIN_KEY" ? "sk-test-not-a-real-key" : null,
        });

    private static async Task<(RunOutcome Outcome, IReadOnlyList<RunEvent> Events)> RunAsync(EngineHarness h, string title = "do it")
    {
        var task = await h.AddTaskAsync(title);
        var observer = new RecordingObserver();
        var outcome = await new RunStarter(h.Services).StartAsync(task, observer, CancellationToken.None);
        return (outcome, observer.Events);
    }

    private static List<(string? Action, string? Failure)> Recoveries(IReadOnlyList<RunEvent> events) =>
        [.. events.Where(e => e.Type == EventType.RecoveryAction).Select(e => ((string?)e.Data.Fields()["action"], (string?)e.Data.Fields()["failure"]))];

    [Fact]
    public async Task A_rate_limited_turn_is_retried_after_a_back_off()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, n) => n <= 2
            ? ScriptedAgentAdapter.Failed(AgentFailureKind.RateLimited, "429 Too Many Requests")
            : ScriptedAgentAdapter.Ok("done"));
        await using var h = await HarnessAsync(s => TwoAgents(s), codex);

        var (outcome, events) = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded);
        codex.Turns.Count.ShouldBe(3);
        Recoveries(events).ShouldBe([("retry", "rate_limited"), ("retry", "rate_limited")]);
        events.First(e => e.Type == EventType.RecoveryAction).Data.Fields()["delay_ms"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_rate_limit_that_does_not_pass_falls_back_to_the_next_agent()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Failed(AgentFailureKind.RateLimited, "overloaded"));
        var claude = new ScriptedAgentAdapter(AgentKind.Claude, (_, _) => ScriptedAgentAdapter.Ok("done by claude"));
        await using var h = await HarnessAsync(s => TwoAgents(s, fallback: ["spare"]), codex, claude);

        var (outcome, events) = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded);
        codex.Turns.Count.ShouldBe(1 + RecoveryPolicyRetries);
        claude.Turns.ShouldHaveSingleItem().Agent.Name.ShouldBe("spare");
        Recoveries(events).Last().ShouldBe(("fall_back", "rate_limited"));
        ((string?)events.Last(e => e.Type == EventType.RecoveryAction).Data.Fields()["to_agent"]).ShouldBe("spare");
    }

    private const int RecoveryPolicyRetries = Baton.Core.Config.RecoveryConfig.DefaultRetries;

    [Fact]
    public async Task A_missing_cli_falls_back_to_an_installed_agent_even_without_a_configured_fallback()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Failed(AgentFailureKind.CliMissing, "the codex CLI was not found on PATH"));
        var claude = new ScriptedAgentAdapter(AgentKind.Claude, (_, _) => ScriptedAgentAdapter.Ok("done by claude"));
        await using var h = await HarnessAsync(s => TwoAgents(s), codex, claude);

        var (outcome, events) = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded);
        Recoveries(events).ShouldBe([("fall_back", "cli_missing")]);
        claude.Turns.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Refused_credentials_with_nowhere_to_fall_back_fail_the_run_saying_which_variable_to_set()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Failed(AgentFailureKind.AuthFailed, "401 Unauthorized"));
        await using var h = await HarnessAsync(s => TwoAgents(s, apiKeyEnv: "MAIN_KEY"), codex);

        var (outcome, events) = await RunAsync(h);

        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.AgentFailed));
        outcome.Message.ShouldNotBeNull().ShouldContain("MAIN_KEY");
        Recoveries(events).ShouldBe([("give_up", "auth_failed")]);
    }

    [Fact]
    public async Task A_stale_session_is_forgotten_and_the_turn_runs_in_a_fresh_one()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (turn, n) => n switch
        {
            1 => ScriptedAgentAdapter.Ok("first", session: "thread-1"),
            2 => ScriptedAgentAdapter.Failed(AgentFailureKind.StaleSession, "no rollout found for thread-1"),
            _ => ScriptedAgentAdapter.Ok("fresh", session: "thread-2"),
        });
        await using var h = await HarnessAsync(s => TwoAgents(s), codex);
        var task = await h.AddTaskAsync("two runs");
        await new RunStarter(h.Services).StartAsync(task, null, CancellationToken.None);

        var second = await new RunStarter(h.Services).StartAsync(task, new RecordingObserver(), CancellationToken.None);

        second.State.ShouldBe(RunState.Succeeded);
        codex.Turns.Select(t => t.SessionId).ShouldBe([null, "thread-1", null]);
        (await h.Store.GetSessionAsync(task.Id, "main", CancellationToken.None))!.SessionId.ShouldBe("thread-2");
    }

    [Fact]
    public async Task An_untrusted_folder_is_relaunched_once_with_the_adapters_corrected_launch()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (turn, n) => turn.RecoveringFrom == AgentFailureKind.UntrustedDirectory
            ? ScriptedAgentAdapter.Ok("trusted now")
            : ScriptedAgentAdapter.Failed(AgentFailureKind.UntrustedDirectory, "Not inside a trusted directory"))
        { Correction = "the workspace marked trusted" };
        await using var h = await HarnessAsync(s => TwoAgents(s), codex);

        var (outcome, events) = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded);
        Recoveries(events).ShouldBe([("relaunch", "untrusted_directory")]);
        ((string?)events.Single(e => e.Type == EventType.RecoveryAction).Data.Fields()["correction"]).ShouldBe("the workspace marked trusted");
        codex.Turns.Select(t => t.RecoveringFrom).ShouldBe([AgentFailureKind.None, AgentFailureKind.UntrustedDirectory]);
    }

    [Fact]
    public async Task An_untrusted_folder_the_adapter_cannot_correct_is_not_relaunched_the_same_way_but_falls_back()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Failed(AgentFailureKind.UntrustedDirectory, "untrusted folder"));
        var claude = new ScriptedAgentAdapter(AgentKind.Claude, (_, _) => ScriptedAgentAdapter.Ok("done by claude"));
        await using var h = await HarnessAsync(s => TwoAgents(s, fallback: ["spare"]), codex, claude);

        var (outcome, events) = await RunAsync(h);

        outcome.State.ShouldBe(RunState.Succeeded);
        codex.Turns.Count.ShouldBe(1, "the same launch would fail the same way");
        Recoveries(events).ShouldBe([("fall_back", "untrusted_directory")]);
    }

    [Fact]
    public async Task Reaching_outside_the_workspace_with_nobody_to_ask_ends_the_task_escalated()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Failed(AgentFailureKind.PathOutsideWorkspace, "path /etc/shadow is outside the workspace"));
        await using var h = await HarnessAsync(s => TwoAgents(s, fallback: ["spare"]), codex);

        var (outcome, events) = await RunAsync(h);

        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.Escalated));
        outcome.Message.ShouldNotBeNull().ShouldContain("policy.approval is `never`");
        Recoveries(events).ShouldBe([("escalate", "path_outside_workspace")]);
        (await h.Store.GetTaskAsync(outcome.TaskId, CancellationToken.None))!.State.ShouldBe(TaskState.Escalated);
    }

    [Fact]
    public async Task The_api_key_reaches_the_adapter_from_the_named_variable_and_nothing_under_the_state_dir()
    {
        var codex = new ScriptedAgentAdapter(AgentKind.Codex, (_, _) => ScriptedAgentAdapter.Ok("done"));
        await using var h = await HarnessAsync(s => TwoAgents(s, apiKeyEnv: "MAIN_KEY"), codex);

        await RunAsync(h);

        var key = codex.Turns.ShouldHaveSingleItem().ApiKey.ShouldNotBeNull();
        key.Reveal().ShouldBe("sk-test-not-a-real-key");
        key.ToString().ShouldNotContain("sk-test");
        foreach (var file in Directory.EnumerateFiles(h.StateDir, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain("sk-test-not-a-real-key", customMessage: file);
        }
    }
}
