using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: runs (ownership and epochs, fenced transitions, heartbeats, stages, gate results, process groups).</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- runs

    [Fact]
    public async Task AddRun_stores_epoch_one_for_an_owned_run_and_zero_otherwise()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);

        var owned = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);
        var unowned = await Store.AddRunAsync(NewRun("r2", "t", number: 2), None);

        owned.Epoch.ShouldBe(1);
        owned.Owner.ShouldBe(Alice);
        unowned.Epoch.ShouldBe(0);
        unowned.Owner.ShouldBeNull();
        (await Store.GetRunAsync("r1", None)).ShouldBe(owned);
        (await Store.GetRunAsync("r2", None)).ShouldBe(unowned);
    }

    [Fact]
    public async Task AddRun_counts_the_run_on_its_task()
    {
        await Store.AddTaskAsync(NewTask("t") with { MaxAttempts = 3 }, Actor.Baton, None);
        await Store.AddTaskAsync(NewTask("other"), Actor.Baton, None);
        (await Store.GetTaskAsync("t", None))!.Attempts.ShouldBe(0);

        for (var n = 1; n <= 3; n++)
        {
            await Store.AddRunAsync(NewRun($"r{n}", "t", number: n), None);
            (await Store.GetTaskAsync("t", None))!.Attempts.ShouldBe(n);
        }

        (await Store.GetTaskAsync("other", None))!.Attempts.ShouldBe(0);
        (await Store.ListRunsForTaskAsync("t", None)).Select(r => r.Number).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task A_run_that_cannot_be_added_is_not_counted()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);

        await Should.ThrowAsync<StoreException>(() => Store.AddRunAsync(NewRun("r1", "t", number: 4), None));
        await Should.ThrowAsync<StoreException>(() => Store.AddRunAsync(NewRun("r9", "ghost", number: 9), None));

        (await Store.GetTaskAsync("t", None))!.Attempts.ShouldBe(1);
        (await Store.GetRunAsync("r9", None)).ShouldBeNull();
    }

    [Fact]
    public async Task Taking_ownership_bumps_the_epoch_and_only_from_the_expected_owner()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("free", "t"), None);
        await Store.AddRunAsync(NewRun("held", "t", number: 2) with { Owner = Alice }, None);

        (await Store.TryTakeOwnershipAsync("free", null, Bob, T0, None)).ShouldBe(1);
        (await Store.TryTakeOwnershipAsync("held", null, Bob, T0, None)).ShouldBeNull();
        (await Store.TryTakeOwnershipAsync("held", Carol, Bob, T0, None)).ShouldBeNull();
        (await Store.TryTakeOwnershipAsync("held", Alice with { StartTicks = 5 }, Bob, T0, None)).ShouldBeNull();
        (await Store.GetRunAsync("held", None))!.Epoch.ShouldBe(1);
        (await Store.TryTakeOwnershipAsync("held", Alice, Bob, T0, None)).ShouldBe(2);
        (await Store.TryTakeOwnershipAsync("held", Bob, Bob, T0, None)).ShouldBe(3);
        (await Store.TryTakeOwnershipAsync("ghost", null, Bob, T0, None)).ShouldBeNull();

        var held = (await Store.GetRunAsync("held", None))!;
        held.Owner.ShouldBe(Bob);
        held.Epoch.ShouldBe(3);
    }

    [Fact]
    public async Task A_take_expecting_the_dead_owner_fails_once_another_node_took_the_run_and_let_it_go()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);
        var bobs = (await Store.TryTakeOwnershipAsync("r1", Alice, Bob, T0, None))!.Value;
        await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = bobs, ReleaseOwner = true }, None);

        (await Store.TryTakeOwnershipAsync("r1", Alice, Carol, T0, None)).ShouldBeNull("Carol saw Alice's run before Bob took it over");
        (await Store.TryTakeOwnershipAsync("r1", null, Carol, T0, None)).ShouldBe(bobs + 1);
    }

    [Fact]
    public async Task Concurrent_takeovers_let_exactly_one_through()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);
        RunOwner[] owners = [Alice, Bob, Carol, Alice with { Pid = 1 }, Bob with { Pid = 2 }, Carol with { Pid = 3 }];

        var epochs = await Task.WhenAll(owners.Select(o => Task.Run(() => Store.TryTakeOwnershipAsync("r1", null, o, T0, None))));

        epochs.Where(e => e is not null).ShouldHaveSingleItem().ShouldBe(1);
        var run = (await Store.GetRunAsync("r1", None))!;
        run.Owner.ShouldBe(owners[Array.FindIndex(epochs, e => e is not null)]);
        run.Epoch.ShouldBe(1);
    }

    [Fact]
    public async Task Once_the_run_is_taken_over_the_first_epoch_is_fenced()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);
        var first = (await Store.TryTakeOwnershipAsync("r1", null, Alice, T0, None))!.Value;
        await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = first, To = RunState.Running, CurrentStage = "build" }, None);
        (await Store.HeartbeatAsync("r1", first, T0.AddMinutes(1), None)).Owned.ShouldBeTrue();

        var second = (await Store.TryTakeOwnershipAsync("r1", Alice, Bob, T0, None))!.Value;
        var before = (await Store.GetRunAsync("r1", None))!;

        second.ShouldBeGreaterThan(first);
        var ex = await Should.ThrowAsync<StoreException>(() => Store.TransitionRunAsync(
            new RunChange { RunId = "r1", Epoch = first, To = RunState.Failed, Reason = RunReason.AgentFailed, Message = "late", ReleaseOwner = true }, None));
        ex.Category.ShouldBe(StoreErrorCategory.Fenced);
        ex.IsRetryable.ShouldBeFalse();
        var beat = await Store.HeartbeatAsync("r1", first, T0.AddMinutes(5), None);
        beat.Owned.ShouldBeFalse();
        (await Store.GetRunAsync("r1", None)).ShouldBe(before);

        (await Store.HeartbeatAsync("r1", second, T0.AddMinutes(2), None)).Owned.ShouldBeTrue();
        var moved = await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = second, To = RunState.Gating }, None);
        moved.State.ShouldBe(RunState.Gating);
        moved.Owner.ShouldBe(Bob);
        moved.HeartbeatAt.ShouldBe(T0.AddMinutes(2));
    }

    [Fact]
    public async Task A_stage_row_and_its_events_are_stored_together_or_not_at_all()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);
        var done = new StageRecord { RunId = "r1", StageId = "build", Kind = "agent", Attempt = 1, State = StageState.Succeeded, Tries = 1 };
        await Store.AppendEventsAsync(RunEvents("t", "r1", 1, EventType.StageStarted), run.Epoch, None);

        // An event that cannot be stored (its seq is taken) takes the stage row down with it.
        (await Should.ThrowAsync<StoreException>(() => Store.AppendEventsAsync(RunEvents("t", "r1", 1, EventType.StageFinished), run.Epoch, done, None)))
            .Category.ShouldBe(StoreErrorCategory.Conflict);
        (await Store.ListStagesAsync("r1", None)).ShouldBeEmpty();

        var stored = await Store.AppendEventsAsync(RunEvents("t", "r1", 2, EventType.StageFinished), run.Epoch, done, None);
        stored.ShouldHaveSingleItem().Position.ShouldBeGreaterThan(0);
        (await Store.ListStagesAsync("r1", None)).ShouldHaveSingleItem().State.ShouldBe(StageState.Succeeded);

        // Once another node holds the run, neither is written.
        await Store.TryTakeOwnershipAsync("r1", Alice, Bob, T0, None);
        (await Should.ThrowAsync<StoreException>(() => Store.AppendEventsAsync(RunEvents("t", "r1", 3, EventType.StageFinished), run.Epoch, done with { StageId = "test" }, None)))
            .Category.ShouldBe(StoreErrorCategory.Fenced);
        (await Store.ListStagesAsync("r1", None)).ShouldHaveSingleItem();
        (await Store.LastSeqAsync("r1", None)).ShouldBe(2);
    }

    [Fact]
    public async Task The_old_owners_events_stages_and_gate_results_are_fenced_once_the_run_is_taken_over()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);
        var stage = new StageRecord { RunId = "r1", StageId = "build", Kind = "agent", Attempt = 1, State = StageState.Succeeded, Tries = 1 };
        var gate = new GateResult("make test", 1, true, 0, false, 0.5, "ok");
        await Store.AppendEventsAsync(RunEvents("t", "r1", 1, EventType.RunStarted), run.Epoch, None);
        var taken = await Store.TryTakeOwnershipAsync("r1", Alice, Bob, T0, None);
        var position = await Store.LastPositionAsync(None);

        foreach (var late in new Func<Task>[]
        {
            () => Store.AppendEventsAsync(RunEvents("t", "r1", 2, EventType.StageStarted), run.Epoch, None),
            () => Store.UpsertStageAsync(stage, run.Epoch, None),
            () => Store.AddGateResultAsync("r1", gate, run.Epoch, None),
        })
        {
            (await Should.ThrowAsync<StoreException>(late)).Category.ShouldBe(StoreErrorCategory.Fenced);
        }

        (await Store.LastPositionAsync(None)).ShouldBe(position, "a fenced append stores nothing");
        (await Store.ListStagesAsync("r1", None)).ShouldBeEmpty();
        (await Store.ListGateResultsAsync("r1", None)).ShouldBeEmpty();

        await Store.AppendEventsAsync(RunEvents("t", "r1", 2, EventType.StageStarted), taken!.Value, None);
        await Store.UpsertStageAsync(stage, taken.Value, None);
        await Store.AddGateResultAsync("r1", gate, taken.Value, None);
        (await Store.LastSeqAsync("r1", None)).ShouldBe(2);
        (await Store.ListStagesAsync("r1", None)).ShouldHaveSingleItem().State.ShouldBe(StageState.Succeeded);
        (await Store.ListGateResultsAsync("r1", None)).ShouldHaveSingleItem().Command.ShouldBe("make test");
    }

    [Fact]
    public async Task A_released_run_keeps_its_epoch_so_the_old_owner_stays_fenced_after_the_next_takeover()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);

        var released = await Store.TransitionRunAsync(new RunChange
        {
            RunId = "r1",
            Epoch = run.Epoch,
            To = RunState.Interrupted,
            Reason = RunReason.Interrupted,
            ReleaseOwner = true,
        }, None);
        released.Owner.ShouldBeNull();
        released.Epoch.ShouldBe(run.Epoch);

        var next = await Store.TryTakeOwnershipAsync("r1", null, Bob, T0, None);
        next.ShouldBe(run.Epoch + 1);
        (await Should.ThrowAsync<StoreException>(() => Store.TransitionRunAsync(
            new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Preparing }, None))).Category.ShouldBe(StoreErrorCategory.Fenced);
        (await Store.GetRunAsync("r1", None))!.State.ShouldBe(RunState.Interrupted);
    }

    [Fact]
    public async Task A_run_transition_is_checked_against_the_table_and_an_illegal_one_changes_nothing()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);
        await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Running }, None);
        await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Gating }, None);
        await Store.TransitionRunAsync(new RunChange
        {
            RunId = "r1",
            Epoch = run.Epoch,
            To = RunState.Succeeded,
            Reason = RunReason.GatesPassed,
            FinishedAt = T0.AddMinutes(3),
        }, None);
        var before = (await Store.GetRunAsync("r1", None))!;

        var ex = await Should.ThrowAsync<IllegalTransitionException>(() => Store.TransitionRunAsync(
            new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Running, Message = "zombie" }, None));

        ex.Message.ShouldContain("succeeded");
        ex.Message.ShouldContain("running");
        (await Store.GetRunAsync("r1", None)).ShouldBe(before);
    }

    [Fact]
    public async Task A_run_transition_without_a_state_skips_the_table_and_writes_only_what_it_names()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice, Project = "p", Branch = "b0" }, None);
        await Store.TransitionRunAsync(new RunChange
        {
            RunId = "r1",
            Epoch = run.Epoch,
            To = RunState.Running,
            Workspace = "/ws/t",
            Branch = "baton/t",
            CurrentStage = "build",
            StartedAt = T0.AddSeconds(5),
        }, None);

        var touched = await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = run.Epoch, Message = "still building" }, None);

        touched.ShouldBe((await Store.GetRunAsync("r1", None))!);
        touched.State.ShouldBe(RunState.Running);
        touched.Message.ShouldBe("still building");
        touched.Workspace.ShouldBe("/ws/t");
        touched.Branch.ShouldBe("baton/t");
        touched.CurrentStage.ShouldBe("build");
        touched.StartedAt.ShouldBe(T0.AddSeconds(5));
        touched.Project.ShouldBe("p");
        touched.Owner.ShouldBe(Alice);
        touched.Epoch.ShouldBe(run.Epoch);

        var ended = await Store.TransitionRunAsync(new RunChange
        {
            RunId = "r1",
            Epoch = run.Epoch,
            To = RunState.Failed,
            Reason = RunReason.AgentFailed,
            ClearCurrentStage = true,
            FinishedAt = T0.AddMinutes(1),
        }, None);
        ended.CurrentStage.ShouldBeNull();
        ended.Reason.ShouldBe(RunReason.AgentFailed);
        ended.Message.ShouldBe("still building");

        // A final run can still take a note that changes no state.
        var noted = await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = run.Epoch, Message = "post-mortem" }, None);
        noted.State.ShouldBe(RunState.Failed);
        noted.Message.ShouldBe("post-mortem");
    }

    [Fact]
    public async Task Run_transitions_and_heartbeats_never_clear_a_stop_request()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);

        await Store.SetStopRequestedAsync("r1", None);
        await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Running }, None);
        var beat = await Store.HeartbeatAsync("r1", run.Epoch, T0.AddMinutes(1), None);
        await Store.SetStopRequestedAsync("r1", None);

        beat.ShouldBe(new RunBeat(true, true));
        (await Store.GetRunAsync("r1", None))!.StopRequested.ShouldBeTrue();
        var fresh = await Store.AddRunAsync(NewRun("r2", "t", number: 2) with { Owner = Bob }, None);
        (await Store.HeartbeatAsync("r2", fresh.Epoch, T0, None)).ShouldBe(new RunBeat(true, false));
    }

    [Fact]
    public async Task The_heartbeat_never_moves_back_and_transitions_never_touch_it()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice, HeartbeatAt = T0 }, None);

        await Store.HeartbeatAsync("r1", run.Epoch, T0.AddMinutes(3), None);
        await Store.HeartbeatAsync("r1", run.Epoch, T0.AddMinutes(1), None);
        await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Running, StartedAt = T0 }, None);

        (await Store.GetRunAsync("r1", None))!.HeartbeatAt.ShouldBe(T0.AddMinutes(3));
        await Store.HeartbeatAsync("r1", run.Epoch, T0.AddMinutes(4), None);
        (await Store.GetRunAsync("r1", None))!.HeartbeatAt.ShouldBe(T0.AddMinutes(4));
    }

    [Fact]
    public async Task A_stage_logs_pieces_read_back_joined_in_order_and_only_the_runs_owner_adds_to_them()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        var run = await Store.AddRunAsync(NewRun("r1", "t") with { Owner = Alice }, None);
        (await Store.ReadStageLogAsync("r1", "build", None)).ShouldBeNull("nothing stored yet");

        await Store.AppendStageLogAsync("r1", "build", "line 1\n", run.Epoch, None);
        await Store.AppendStageLogAsync("r1", "plan", "planned\n", run.Epoch, None);
        await Store.AppendStageLogAsync("r1", "build", "line 2\n", run.Epoch, None);
        var taken = await Store.TryTakeOwnershipAsync("r1", Alice, Bob, T0, None);
        var late = await Should.ThrowAsync<StoreException>(() => Store.AppendStageLogAsync("r1", "build", "from the node that lost it\n", run.Epoch, None));
        await Store.AppendStageLogAsync("r1", "build", "line 3 (the new owner)\n", taken!.Value, None);

        late.Category.ShouldBe(StoreErrorCategory.Fenced);
        (await Store.ReadStageLogAsync("r1", "build", None)).ShouldBe("line 1\nline 2\nline 3 (the new owner)\n");
        (await Store.ReadStageLogAsync("r1", "plan", None)).ShouldBe("planned\n");
    }

    [Fact]
    public async Task Retention_deletes_the_events_and_stored_logs_of_runs_ended_before_the_cutoff_and_nothing_else()
    {
        await Store.AddTaskAsync(NewTask("t1"), Actor.Baton, None);
        async Task<RunRecord> EndedAsync(string id, int number, DateTimeOffset? finishedAt)
        {
            var run = await Store.AddRunAsync(NewRun(id, "t1", number) with { Owner = Alice }, None);
            await Store.AppendEventsAsync(Samples.NewEvents(id, 1, 3), run.Epoch, None);
            await Store.AppendStageLogAsync(id, "build", $"{id} output\n", run.Epoch, None);
            await Store.TransitionRunAsync(new RunChange { RunId = id, Epoch = run.Epoch, To = RunState.Running }, None);
            if (finishedAt is { } at)
            {
                await Store.TransitionRunAsync(new RunChange { RunId = id, Epoch = run.Epoch, To = RunState.Failed, Reason = RunReason.StageFailed, FinishedAt = at }, None);
            }

            return run;
        }

        await EndedAsync("r1", 1, T0.AddMinutes(1));
        await EndedAsync("r2", 2, T0.AddMinutes(10));
        await EndedAsync("r3", 3, null);   // still running

        (await Store.PruneRunEventsAsync(T0.AddMinutes(5), None)).ShouldBe(3);

        (await Store.ReadEventsAsync("r1", 0, 10, None)).ShouldBeEmpty();
        (await Store.ReadStageLogAsync("r1", "build", None)).ShouldBeNull();
        (await Store.ReadEventsAsync("r2", 0, 10, None)).Count.ShouldBe(3, "ended after the cutoff");
        (await Store.ReadEventsAsync("r3", 0, 10, None)).Count.ShouldBe(3, "not ended");
        (await Store.ReadStageLogAsync("r3", "build", None)).ShouldBe("r3 output\n");
        (await Store.GetRunAsync("r1", None)).ShouldNotBeNull("the run itself stays");
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "t1"), 100, None)).ShouldContain(e => e.Type == EventType.TaskQueued, "task events stay");
        (await Store.PruneRunEventsAsync(T0.AddMinutes(5), None)).ShouldBe(0, "nothing left to delete");
    }

    [Fact]
    public async Task Gate_results_are_rows_with_every_attempt_in_the_order_added()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);
        await Store.AddRunAsync(NewRun("r2", "t", number: 2), None);
        var lint1 = new GateResult("make lint", 1, false, 2, false, 1.5, "3 problems ✗");
        var test1 = new GateResult("make test", 1, false, null, true, 600, "");
        var lint2 = new GateResult("make lint", 2, true, 0, false, 0.25, "ok");
        var test2 = new GateResult("make test", 2, true, 0, false, 42.125, "all green");

        await Store.AddGateResultAsync("r1", lint1, None);
        await Store.AddGateResultAsync("r1", test1, None);
        await Store.AddGateResultAsync("r2", lint1, None);
        await Store.AddGateResultAsync("r1", lint2, None);
        await Store.AddGateResultAsync("r1", test2, None);
        await Store.AddGateResultAsync("r1", lint2, None);

        (await Store.ListGateResultsAsync("r1", None)).ShouldBe([lint1, test1, lint2, test2, lint2]);
        (await Store.ListGateResultsAsync("r2", None)).ShouldBe([lint1]);
        (await Store.ListGateResultsAsync("ghost", None)).ShouldBeEmpty();
    }
}
