using System.Collections.Concurrent;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Recovery;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class OrphanedClaimTests
{
    /// <summary>Moves <paramref name="task"/> to running, claimed by <paramref name="claimer"/> (none: a row from before claimers were recorded) <paramref name="ago"/>.</summary>
    private static async Task ClaimAsync(EngineHarness h, TaskItem task, RunOwner? claimer, TimeSpan ago) =>
        await h.Store.TransitionTaskAsync(
            new TaskChange { TaskId = task.Id, To = TaskState.Running, Claimer = claimer, At = h.Services.Time.GetUtcNow() - ago },
            CancellationToken.None);

    private static async Task<TaskState> StateAsync(EngineHarness h, TaskItem task) =>
        (await h.Store.GetTaskAsync(task.Id, CancellationToken.None))!.State;

    [Fact]
    public async Task A_claim_whose_claimer_died_before_its_run_existed_is_queued_again_at_once_and_a_live_claimers_is_not()
    {
        await using var h = await EngineHarness.CreateAsync(s => EngineHarness.ShellAgentConfig(s, "true", ["true"]));
        var orphaned = await h.AddTaskAsync("claimed a moment ago by a process that died since");
        var claiming = await h.AddTaskAsync("claimed a moment ago by this process, its run about to be written");
        await ClaimAsync(h, orphaned, await RunRecoveryTests.DeadOwnerAsync(), TimeSpan.FromSeconds(1));
        await ClaimAsync(h, claiming, h.Services.ProcessControl.CurrentOwner, TimeSpan.FromSeconds(1));

        await new RunRecovery(h.Services).RecoverAsync(CancellationToken.None);

        (await StateAsync(h, orphaned)).ShouldBe(TaskState.Queued, $"its claimer is gone: no run will come (not {RunRecovery.OrphanAfter.TotalSeconds} s later)");
        var requeued = (await h.Store.GetTaskAsync(orphaned.Id, CancellationToken.None))!;
        requeued.Claim.ShouldBeNull("a queued task has no claimer");
        requeued.Reason!.ShouldContain("is gone");
        (await StateAsync(h, claiming)).ShouldBe(TaskState.Running, "a live claimer writes its run itself");
    }

    [Fact]
    public async Task On_a_shared_store_a_claim_by_another_node_goes_back_once_older_than_a_lease_unless_that_node_still_renews_a_lease()
    {
        await using var h = await EngineHarness.CreateAsync(s => EngineHarness.ShellAgentConfig(s, "true", ["true"]));
        var lease = TimeSpan.FromSeconds(15);
        var services = h.Services with { Lease = lease };
        var gone = new RunOwner("gone-host", 101, 1_001);
        var busy = new RunOwner("busy-host", 202, 2_002);
        var ofGone = await h.AddTaskAsync("claimed by a node that stopped a lease ago");
        var ofGoneFresh = await h.AddTaskAsync("claimed by the same node within the lease");
        var ofBusy = await h.AddTaskAsync("claimed by a node that renews the lease of another run");
        await ClaimAsync(h, ofGone, gone, lease + TimeSpan.FromSeconds(1));
        await ClaimAsync(h, ofGoneFresh, gone, lease - TimeSpan.FromSeconds(5));
        await ClaimAsync(h, ofBusy, busy, lease + TimeSpan.FromSeconds(1));
        var held = await h.AddTaskAsync("the busy node's run");
        await ClaimAsync(h, held, busy, TimeSpan.FromMinutes(5));
        var now = h.Services.Time.GetUtcNow();
        await h.Store.AddRunAsync(new RunRecord
        {
            Id = Ids.NewRunId(),
            TaskId = held.Id,
            Number = 1,
            Project = "app",
            Pipeline = "default",
            State = RunState.Running,
            Owner = busy,
            CreatedAt = now - TimeSpan.FromMinutes(5),
            HeartbeatAt = now - TimeSpan.FromSeconds(2),
        }, CancellationToken.None);

        await new RunRecovery(services).RecoverAsync(CancellationToken.None);

        (await StateAsync(h, ofGone)).ShouldBe(TaskState.Queued, "its node has not beaten for a whole lease");
        (await StateAsync(h, ofGoneFresh)).ShouldBe(TaskState.Running, "a claim younger than a lease may still get its run");
        (await StateAsync(h, ofBusy)).ShouldBe(TaskState.Running, "its node is alive: only the bound sends its claim back");
        (await StateAsync(h, held)).ShouldBe(TaskState.Running);
    }

    [Fact]
    public async Task A_claim_with_no_claimer_recorded_is_queued_again_only_after_the_bound()
    {
        await using var h = await EngineHarness.CreateAsync(s => EngineHarness.ShellAgentConfig(s, "true", ["true"]));
        var stale = await h.AddTaskAsync("claimed before claimers were recorded, then the claimer died");
        var fresh = await h.AddTaskAsync("claimed a moment ago, claimer not recorded");
        await ClaimAsync(h, stale, null, RunRecovery.OrphanAfter + TimeSpan.FromSeconds(1));
        await ClaimAsync(h, fresh, null, TimeSpan.Zero);

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

    /// <summary>A task claimed just now whose run, owned by <paramref name="owner"/>, ended a moment ago; the task was not moved.</summary>
    private static async Task<TaskItem> EndedRunAsync(EngineHarness h, string title, RunOwner owner)
    {
        var task = await h.AddTaskAsync(title);
        var claimed = h.Services.Time.GetUtcNow() - TimeSpan.FromSeconds(2);
        await h.Store.TransitionTaskAsync(new TaskChange { TaskId = task.Id, To = TaskState.Running, At = claimed }, CancellationToken.None);
        var run = await h.Store.AddRunAsync(new RunRecord
        {
            Id = Ids.NewRunId(),
            TaskId = task.Id,
            Number = 1,
            Project = "app",
            Pipeline = "default",
            State = RunState.Gating,
            Owner = owner,
            CreatedAt = claimed,
            HeartbeatAt = claimed,
        }, CancellationToken.None);
        await h.Store.TransitionRunAsync(new RunChange { RunId = run.Id, Epoch = run.Epoch, To = RunState.Succeeded, Reason = RunReason.GatesPassed, FinishedAt = claimed.AddSeconds(1) }, CancellationToken.None);
        return task;
    }

    [Fact]
    public async Task A_task_whose_run_ended_takes_its_outcome_at_once_when_the_runs_owner_is_dead_and_after_a_grace_while_it_lives()
    {
        await using var h = await EngineHarness.CreateAsync(s => EngineHarness.ShellAgentConfig(s, "true", ["true"]));
        var orphaned = await EndedRunAsync(h, "its process died between the run's end and the task's", await RunRecoveryTests.DeadOwnerAsync());
        var finishing = await EndedRunAsync(h, "its process is still finishing", h.Services.ProcessControl.CurrentOwner);

        await new RunRecovery(h.Services).RecoverAsync(CancellationToken.None);

        (await h.Store.GetTaskAsync(orphaned.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Succeeded, "its owner is gone: nothing else will move it");
        (await h.Store.GetTaskAsync(finishing.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Running, "a live finisher moves its own task");

        var clock = new Fakes.AdjustableClock();
        clock.Advance(RunRecovery.FinisherGrace);
        await new RunRecovery(h.Services with { Time = clock }).RecoverAsync(CancellationToken.None);

        (await h.Store.GetTaskAsync(finishing.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Succeeded, "past the grace its finisher's move was lost");
    }

    [Fact]
    public async Task Recovery_racing_a_live_finisher_leaves_one_move_of_the_task_and_no_error()
    {
        var logs = new ConcurrentQueue<string>();
        await using var h = await EngineHarness.CreateAsync(
            s => EngineHarness.ShellAgentConfig(s, "echo work > w.txt", ["true"]),
            adjust: s => s with { Logs = new QueueLogs(logs) });
        // Past the finisher's grace but well short of OrphanAfter: recovery takes a run's outcome the moment the run is
        // terminal, and leaves the claim (task running, no run yet) alone.
        var clock = new Fakes.AdjustableClock();
        clock.Advance(RunRecovery.FinisherGrace + TimeSpan.FromSeconds(1));
        var recovery = new RunRecovery(h.Services with { Time = clock });
        var tasks = new List<TaskItem>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add(await h.AddTaskAsync($"race {i}"));
        }

        using var done = new CancellationTokenSource();
        var racing = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await recovery.RecoverAsync(CancellationToken.None);
            }
        });
        var summary = await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(20) }.RunAsync(QueueMode.Drain, CancellationToken.None);
        await done.CancelAsync();
        await racing;

        summary.Runs.ShouldAllBe(r => r.State == RunState.Succeeded);
        summary.Runs.Count.ShouldBe(tasks.Count);
        foreach (var task in tasks)
        {
            (await h.Store.GetTaskAsync(task.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Succeeded);
            var moves = (await h.Store.ReadFeedAsync(new FeedQuery(TaskId: task.Id, TypePrefix: "task.state"), 100, CancellationToken.None))
                .Select(e => e.Data).OfType<TaskStateData>().Select(d => d.State).ToList();
            moves.ShouldBe([TaskState.Running, TaskState.Succeeded], $"claimed once, moved to its outcome once ({task.Id})");
        }

        logs.ShouldNotContain(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal));
    }
}
