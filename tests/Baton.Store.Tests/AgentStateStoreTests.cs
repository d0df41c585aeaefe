using Baton.Core.Agents;
using Baton.Core.Model;

namespace Baton.Store.Tests;

public sealed class AgentStateStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_session_round_trips_and_is_replaced_by_the_next_one()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("t1"), Actor.Baton, None);
        var first = new AgentSession
        {
            TaskId = "t1",
            Agent = "codex",
            SessionId = "thread-1",
            Usage = new AgentUsage { InputTokens = 100, CachedInputTokens = 5, OutputTokens = 10, ReasoningTokens = 2, CostUsd = 0.0012m },
            UpdatedAt = Samples.T0,
        };

        await scope.Store.SaveSessionAsync(first, None);
        (await scope.Store.GetSessionAsync("t1", "codex", None)).ShouldBe(first);

        var second = first with { SessionId = "thread-2", Usage = AgentUsage.Zero, UpdatedAt = Samples.T0.AddSeconds(1) };
        await scope.Store.SaveSessionAsync(second, None);
        (await scope.Store.GetSessionAsync("t1", "codex", None)).ShouldBe(second);
        (await scope.Store.GetSessionAsync("t1", "claude", None)).ShouldBeNull();
    }

    [Fact]
    public async Task Sessions_belong_to_one_task_and_can_be_forgotten()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("t1"), Actor.Baton, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("t2"), Actor.Baton, None);
        await scope.Store.SaveSessionAsync(new AgentSession { TaskId = "t1", Agent = "claude", SessionId = "s1", UpdatedAt = Samples.T0 }, None);
        await scope.Store.SaveSessionAsync(new AgentSession { TaskId = "t2", Agent = "claude", SessionId = "s2", UpdatedAt = Samples.T0 }, None);

        await scope.Store.ForgetSessionAsync("t1", "claude", None);

        (await scope.Store.GetSessionAsync("t1", "claude", None)).ShouldBeNull();
        (await scope.Store.GetSessionAsync("t2", "claude", None))!.SessionId.ShouldBe("s2");
    }

    [Fact]
    public async Task A_stage_output_is_kept_per_run_and_stage()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("t1"), Actor.Baton, None);
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);

        await scope.Store.SaveStageOutputAsync("r1", "plan", "1. do it", None);
        await scope.Store.SaveStageOutputAsync("r1", "plan", "1. do it well", None);

        (await scope.Store.GetStageOutputAsync("r1", "plan", None)).ShouldBe("1. do it well");
        (await scope.Store.GetStageOutputAsync("r1", "build", None)).ShouldBeNull();
    }
}
