using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Recovery;

namespace Baton.Engine.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class OrphanedClaimTests
{
    [Fact]
    public async Task A_task_claimed_by_a_process_that_died_before_its_run_existed_is_queued_again()
    {
        await using var h = await EngineHarness.CreateAsync(s => EngineHarness.ShellAgentConfig(s, "true", ["true"]));
        var stale = await h.AddTaskAsync("claimed, then the claimer died");
        var fresh = await h.AddTaskAsync("claimed a moment ago");
        var now = h.Services.Time.GetUtcNow();
        await h.Store.TransitionTaskAsync(new TaskChange { TaskId = stale.Id, To = TaskState.Running, At = now - RunRecovery.OrphanAfter - TimeSpan.FromSeconds(1) }, CancellationToken.None);
        await h.Store.TransitionTaskAsync(new TaskChange { TaskId = fresh.Id, To = TaskState.Running, At = now }, CancellationToken.None);

        await new RunRecovery(h.Services).RecoverAsync(CancellationToken.None);

        (await h.Store.GetTaskAsync(stale.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Queued);
        (await h.Store.GetTaskAsync(fresh.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Running, "a claim in progress is left alone");
    }
}
