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

    [Theory]
    [InlineData(RunState.Succeeded, RunReason.GatesPassed, TaskState.Succeeded)]
    [InlineData(RunState.Failed, RunReason.StageFailed, TaskState.Failed)]
    public async Task A_task_whose_run_ended_before_Baton_stopped_takes_the_runs_outcome_and_is_never_run_again(RunState ended, RunReason reason, TaskState expected)
    {
        await using var h = await EngineHarness.CreateAsync(s => EngineHarness.ShellAgentConfig(s, "true", ["true"]));
        var task = await h.AddTaskAsync("its run ended; the task's own move was cut by a kill");
        var claimed = h.Services.Time.GetUtcNow() - RunRecovery.OrphanAfter - TimeSpan.FromSeconds(5);
        await h.Store.TransitionTaskAsync(new TaskChange { TaskId = task.Id, To = TaskState.Running, At = claimed }, CancellationToken.None);
        var run = await h.Store.AddRunAsync(new RunRecord
        {
            Id = "r-ended",
            TaskId = task.Id,
            Number = 1,
            Project = "app",
            Pipeline = "default",
            State = RunState.Running,
            CreatedAt = claimed,
        }, CancellationToken.None);
        if (ended == RunState.Succeeded)
        {
            await h.Store.TransitionRunAsync(new RunChange { RunId = run.Id, Epoch = run.Epoch, To = RunState.Gating }, CancellationToken.None);
        }

        await h.Store.TransitionRunAsync(new RunChange { RunId = run.Id, Epoch = run.Epoch, To = ended, Reason = reason, FinishedAt = claimed.AddSeconds(2) }, CancellationToken.None);

        await new RunRecovery(h.Services).RecoverAsync(CancellationToken.None);

        var after = (await h.Store.GetTaskAsync(task.Id, CancellationToken.None))!;
        after.State.ShouldBe(expected, "queued again, it would run work that already ended");
        (await h.Store.ListRunsForTaskAsync(task.Id, CancellationToken.None)).ShouldHaveSingleItem();
    }
}
