using Baton.Core.Application;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Tasks;
using Baton.Engine.Application;
using Baton.Engine.Execution;
using Baton.Engine.Tests.Integration;

namespace Baton.Engine.Tests.Oversight;

/// <summary>
/// Budgets over the real engine with a real agent process reporting usage: a warning near the limit, the turn stopped
/// past it (the process ended, the run <c>budget_exceeded</c>, the task failed without a retry), a task's budget spanning
/// its runs, and dollars priced from the agent's table when the CLI reports none.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BudgetTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Three usage reports of 500, 400 and 200 input tokens, then a long sleep the budget must cut short.</summary>
    private const string Spender = """
        echo '{"type":"usage","input_tokens":500,"output_tokens":0}'; sleep 0.2
        echo '{"type":"usage","input_tokens":400,"output_tokens":0}'; sleep 0.2
        echo '{"type":"usage","input_tokens":200,"output_tokens":0}'; sleep 30; echo late > work.txt
        """;

    private static Task<EngineHarness> HarnessAsync(BudgetConfig budget, AgentPrice? price = null, int maxAttempts = 3) =>
        EngineHarness.CreateAsync(s =>
        {
            var config = EngineHarness.ShellAgentConfig(s, Spender.Replace("\n", "; ", StringComparison.Ordinal), ["test -f work.txt"]);
            var shell = config.Agents["shell"] with { Price = price };
            return config with { Budget = budget, Agents = new Dictionary<string, AgentConfig> { ["shell"] = shell } };
        });

    private static async Task<RunOutcome> RunAsync(EngineHarness h, string? taskId = null)
    {
        var desk = new TaskDesk(h.Services);
        var submitted = taskId is null
            ? await desk.SubmitAsync(new TaskDraft { ExternalKey = "test:" + Guid.NewGuid().ToString("N"), Title = "spend", Prompt = "spend", MaxAttempts = 3 },
                new SubmitOptions { Placement = Placement.Here }, Actor.Cli("alice"), None)
            : await desk.RetryAsync(taskId, Placement.Here, Actor.Cli("alice"), None);
        return await new RunExecutor(h.Services).ExecuteAsync(submitted.Run!.Id, null, None);
    }

    private static async Task<List<RunEvent>> EventsAsync(EngineHarness h, string runId) =>
        [.. await h.Store.ReadFeedAsync(new FeedQuery(RunId: runId), 5000, None)];

    [Fact]
    public async Task Near_the_limit_a_warning_and_past_it_the_agent_is_stopped_and_the_task_fails_without_a_retry()
    {
        await using var h = await HarnessAsync(new BudgetConfig { Tokens = 1000 });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await RunAsync(h);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "the agent's 30 s sleep was cut short");
        (outcome.State, outcome.Reason).ShouldBe((RunState.Failed, RunReason.BudgetExceeded));
        outcome.Message!.ShouldContain("1100 of 1000 tokens");
        (await h.Store.GetTaskAsync(outcome.TaskId, None))!.State.ShouldBe(TaskState.Failed, "a spent budget is not retried");
        var events = await EventsAsync(h, outcome.RunId);
        var warning = events.Select(e => e.Data).OfType<BudgetWarningData>().ShouldHaveSingleItem();
        (warning.Tokens, warning.TokenLimit).ShouldBe((900L, 1000L));
        events.Select(e => e.Data).OfType<BudgetExceededData>().ShouldHaveSingleItem().Tokens.ShouldBe(1100);
        (await h.Store.ListProcessGroupsAsync(outcome.RunId, None)).ShouldBeEmpty();
        File.Exists(Path.Combine((await h.Store.GetRunAsync(outcome.RunId, None))!.Workspace!, "work.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_budget_is_the_tasks_across_its_runs_so_a_retry_past_it_stops_before_any_agent_starts()
    {
        await using var h = await HarnessAsync(new BudgetConfig { Tokens = 1000 });
        var first = await RunAsync(h);

        var second = await RunAsync(h, first.TaskId);

        (second.State, second.Reason).ShouldBe((RunState.Failed, RunReason.BudgetExceeded));
        var events = await EventsAsync(h, second.RunId);
        events.ShouldNotContain(e => e.Type == EventType.StageStarted, "nothing runs once the budget is spent");
        events.Select(e => e.Data).OfType<BudgetExceededData>().ShouldHaveSingleItem().Tokens.ShouldBe(1100);
    }

    [Fact]
    public async Task Dollars_come_from_the_agents_price_when_its_cli_reports_none()
    {
        // $1,000 per million input tokens: 500 tokens are $0.50, 900 are $0.90 (a warning), 1,100 are $1.10 (stop).
        await using var h = await HarnessAsync(new BudgetConfig { CostUsd = 1m }, new AgentPrice(1000m, 0m));

        var outcome = await RunAsync(h);

        outcome.Reason.ShouldBe(RunReason.BudgetExceeded);
        var events = await EventsAsync(h, outcome.RunId);
        events.Select(e => e.Data).OfType<AgentUsageData>().Select(u => u.CostUsd).ShouldBe([0.5m, 0.4m, 0.2m]);
        events.Select(e => e.Data).OfType<BudgetWarningData>().ShouldHaveSingleItem().CostUsd.ShouldBe(0.9m);
        events.Select(e => e.Data).OfType<BudgetExceededData>().ShouldHaveSingleItem().CostUsd.ShouldBe(1.1m);
    }
}
