using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;
using Baton.Testing;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: tasks (adding, transitions and their events, claims, blocked dependencies).</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- tasks

    [Fact]
    public async Task AddTask_stores_the_task_and_its_task_queued_event()
    {
        var task = NewTask("a") with { Requester = "alice", Project = "baton", Labels = ["x"] };

        var added = await Store.AddTaskAsync(task, Actor.Cli("alice"), None);

        added.Created.ShouldBeTrue();
        Same(added.Task, task);
        Same((await Store.GetTaskAsync("a", None))!, task);
        var evt = added.Event.ShouldNotBeNull();
        evt.Type.ShouldBe(EventType.TaskQueued);
        evt.TaskId.ShouldBe("a");
        evt.RunId.ShouldBeNull();
        evt.Seq.ShouldBe(0);
        evt.Position.ShouldBeGreaterThan(0);
        evt.IsTaskEvent.ShouldBeTrue();
        evt.Data.Fields()["by"]!.GetValue<string>().ShouldBe("alice (cli)");
        var feed = await Store.ReadFeedAsync(new FeedQuery(), 10, None);
        feed.ShouldHaveSingleItem().Position.ShouldBe(evt.Position);
        feed[0].Type.ShouldBe(EventType.TaskQueued);
        feed[0].RunId.ShouldBeNull();
        feed[0].Seq.ShouldBe(0);
        (await Store.LastPositionAsync(None)).ShouldBe(evt.Position);
    }

    /// <summary>A clock reading: sub-millisecond ticks, finer than a store may keep.</summary>
    private static readonly DateTimeOffset ClockReading = T0.AddTicks(1_234);

    [Fact]
    public async Task ListTasks_pages_oldest_or_newest_first_within_the_limit_and_states()
    {
        var start = ClockReading;
        foreach (var (id, minutes) in new[] { ("b", 2), ("a", 1), ("c", 3) })
        {
            await Store.AddTaskAsync(NewTask(id) with { CreatedAt = start.AddMinutes(minutes), UpdatedAt = start.AddMinutes(minutes) }, Actor.Baton, None);
        }

        (await Store.ListTasksAsync(new TaskQuery(), None)).Select(t => t.Id).ShouldBe(["a", "b", "c"]);
        (await Store.ListTasksAsync(new TaskQuery(Limit: 2, NewestFirst: true), None)).Select(t => t.Id).ShouldBe(["c", "b"]);
        (await Store.ListTasksAsync(new TaskQuery([TaskState.Running]), None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AddTask_returns_the_task_as_stored()
    {
        var task = NewTask("a") with { CreatedAt = ClockReading, UpdatedAt = ClockReading, NotBefore = ClockReading };

        var added = await Store.AddTaskAsync(task, Actor.Baton, None);

        Same(added.Task, (await Store.GetTaskAsync("a", None))!);
    }

    [Fact]
    public async Task AddRun_returns_the_run_as_stored()
    {
        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);

        var run = await Store.AddRunAsync(NewRun("r1", "a") with { CreatedAt = ClockReading, StartedAt = ClockReading, Owner = Alice }, None);

        run.ShouldBe((await Store.GetRunAsync("r1", None))!);
    }


    [Fact]
    public async Task AddTask_returns_the_stored_task_and_adds_nothing_when_the_external_key_is_known()
    {
        var first = await Store.AddTaskAsync(NewTask("a") with { ExternalKey = "TASKS.md:12" }, Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);

        var again = await Store.AddTaskAsync(NewTask("b") with { ExternalKey = "TASKS.md:12", Title = "other" }, Actor.Baton, None);

        first.Created.ShouldBeTrue();
        again.Created.ShouldBeFalse();
        again.Event.ShouldBeNull();
        again.Task.Id.ShouldBe("a");
        again.Task.Title.ShouldBe("Task a");
        (await Store.GetTaskAsync("b", None)).ShouldBeNull();
        (await Store.FindTaskByExternalKeyAsync("TASKS.md:12", None))!.Id.ShouldBe("a");
        (await Store.LastPositionAsync(None)).ShouldBe(position);
        (await Store.ListTasksAsync(new TaskQuery(), None)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task AddTask_dedupes_concurrent_adds_of_the_same_external_key()
    {
        const int adders = 8;

        var results = await Task.WhenAll(Enumerable.Range(0, adders).Select(i => Task.Run(() =>
            Store.AddTaskAsync(NewTask($"t{i}") with { ExternalKey = "matrix:$same" }, Actor.Baton, None))));

        var created = results.Where(r => r.Created).ShouldHaveSingleItem();
        results.Select(r => r.Task.Id).Distinct().ShouldBe([created.Task.Id]);
        results.Count(r => r.Event is not null).ShouldBe(1);
        (await Store.ListTasksAsync(new TaskQuery(), None)).ShouldHaveSingleItem().Id.ShouldBe(created.Task.Id);
        (await Store.ReadFeedAsync(new FeedQuery(), 100, None)).ShouldHaveSingleItem().Position.ShouldBe(created.Event!.Position);
    }

    [Fact]
    public async Task AddTask_with_an_id_already_taken_is_a_conflict_and_adds_nothing()
    {
        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);

        var ex = await Should.ThrowAsync<StoreException>(() => Store.AddTaskAsync(NewTask("a") with { Title = "again" }, Actor.Baton, None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
        (await Store.GetTaskAsync("a", None))!.Title.ShouldBe("Task a");
        (await Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task A_transition_changes_the_state_and_appends_its_task_state_event()
    {
        var queued = (await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None)).Event!;
        var at = T0.AddMinutes(1);

        var moved = await Store.TransitionTaskAsync(
            new TaskChange { TaskId = "a", To = TaskState.Running, Reason = "picked", By = Actor.Http("ci"), At = at }, None);

        moved.ShouldNotBeNull();
        moved.Task.State.ShouldBe(TaskState.Running);
        moved.Task.Reason.ShouldBe("picked");
        moved.Task.UpdatedAt.ShouldBe(at);
        Same((await Store.GetTaskAsync("a", None))!, moved.Task);
        AssertStateEvent(moved.Event, "a", TaskState.Queued, TaskState.Running, "picked", Actor.Http("ci"));
        moved.Event.Ts.ShouldBe(at);
        moved.Event.Position.ShouldBeGreaterThan(queued.Position);
        var feed = await Store.ReadFeedAsync(new FeedQuery(TaskId: "a"), 10, None);
        feed.Select(e => (e.Position, e.Type)).ShouldBe([(queued.Position, EventType.TaskQueued), (moved.Event.Position, EventType.TaskState)]);
        feed[1].Data.Fields().ToJsonString().ShouldBe(moved.Event.Data.Fields().ToJsonString());
    }

    [Fact]
    public async Task Every_state_change_shows_in_the_feed_once_in_order()
    {
        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        TaskState[] path = [TaskState.Running, TaskState.Gating, TaskState.Failed, TaskState.Queued, TaskState.Running, TaskState.Succeeded];
        var events = new List<RunEvent>();
        for (var i = 0; i < path.Length; i++)
        {
            events.Add((await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = path[i], At = T0.AddSeconds(i + 1) }, None))!.Event);
        }

        var feed = await Store.ReadFeedAsync(new FeedQuery(TaskId: "a", TypePrefix: "task.state"), 100, None);

        feed.Select(e => e.Position).ShouldBe(events.Select(e => e.Position));
        feed.Select(e => e.Data.Fields()["state"]!.GetValue<string>()).ShouldBe(["running", "gating", "failed", "queued", "running", "succeeded"]);
        feed.Select(e => e.Data.Fields()["from"]!.GetValue<string>()).ShouldBe(["queued", "running", "gating", "failed", "queued", "running"]);
        (await Store.GetTaskAsync("a", None))!.State.ShouldBe(TaskState.Succeeded);
    }

    [Fact]
    public async Task An_illegal_transition_names_both_states_and_changes_nothing()
    {
        var added = await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);

        var ex = await Should.ThrowAsync<IllegalTransitionException>(() => Store.TransitionTaskAsync(
            new TaskChange { TaskId = "a", To = TaskState.Succeeded, Reason = "cheating", At = T0.AddMinutes(1) }, None));

        ex.Message.ShouldContain("queued");
        ex.Message.ShouldContain("succeeded");
        Same((await Store.GetTaskAsync("a", None))!, added.Task);
        (await Store.LastPositionAsync(None)).ShouldBe(position);
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "a"), 10, None)).ShouldHaveSingleItem().Type.ShouldBe(EventType.TaskQueued);
    }

    [Fact]
    public async Task An_illegal_transition_out_of_a_final_state_is_refused_as_well()
    {
        await AddInStateAsync(Store, NewTask("a"), TaskState.Cancelled);
        var before = (await Store.GetTaskAsync("a", None))!;
        var position = await Store.LastPositionAsync(None);

        var ex = await Should.ThrowAsync<IllegalTransitionException>(() => Store.TransitionTaskAsync(
            new TaskChange { TaskId = "a", To = TaskState.Gating, At = T0.AddMinutes(1) }, None));

        ex.Message.ShouldContain("cancelled");
        ex.Message.ShouldContain("gating");
        Same((await Store.GetTaskAsync("a", None))!, before);
        (await Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task A_compare_and_set_against_another_state_returns_null_and_changes_nothing()
    {
        var added = await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);

        var legal = await Store.TransitionTaskAsync(new TaskChange
        {
            TaskId = "a",
            To = TaskState.Cancelled,
            Expected = [TaskState.Running, TaskState.Gating],
            At = T0.AddMinutes(1),
        }, None);
        // Not in an expected state: null, even though the table would not allow queued → succeeded either.
        var illegal = await Store.TransitionTaskAsync(new TaskChange
        {
            TaskId = "a",
            To = TaskState.Succeeded,
            Expected = [TaskState.Running],
            At = T0.AddMinutes(1),
        }, None);

        legal.ShouldBeNull();
        illegal.ShouldBeNull();
        Same((await Store.GetTaskAsync("a", None))!, added.Task);
        (await Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task A_compare_and_set_in_an_expected_state_applies()
    {
        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);

        var moved = await Store.TransitionTaskAsync(new TaskChange
        {
            TaskId = "a",
            To = TaskState.Cancelled,
            Expected = [TaskState.Queued, TaskState.Waiting],
            At = T0.AddMinutes(1),
        }, None);

        moved!.Task.State.ShouldBe(TaskState.Cancelled);
        AssertStateEvent(moved.Event, "a", TaskState.Queued, TaskState.Cancelled, null, Actor.Baton);
    }

    [Fact]
    public async Task Concurrent_compare_and_sets_from_the_same_state_let_exactly_one_through()
    {
        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Store.TransitionTaskAsync(new TaskChange
        {
            TaskId = "a",
            To = i % 2 == 0 ? TaskState.Running : TaskState.Cancelled,
            Expected = [TaskState.Queued],
            At = T0.AddMinutes(1),
        }, None))));

        var winner = results.Where(r => r is not null).ShouldHaveSingleItem()!;
        (await Store.GetTaskAsync("a", None))!.State.ShouldBe(winner.Task.State);
        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "task.state"), 100, None)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_transition_of_an_unknown_task_throws_KeyNotFound_and_writes_nothing()
    {
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.TransitionTaskAsync(
            new TaskChange { TaskId = "ghost", To = TaskState.Running, At = T0 }, None));
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.TransitionTaskAsync(
            new TaskChange { TaskId = "ghost", To = TaskState.Running, Expected = [TaskState.Queued], At = T0 }, None));

        (await Store.LastPositionAsync(None)).ShouldBe(0);
    }

    [Fact]
    public async Task A_transition_writes_only_what_it_names()
    {
        var task = NewTask("a") with { Labels = ["l"], Project = "p", Priority = 3, MaxAttempts = 1, Agent = "codex" };
        await Store.AddTaskAsync(task, Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "a"), None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Running, At = T0.AddSeconds(1) }, None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Failed, Reason = "gate failed", At = T0.AddSeconds(2) }, None);

        var retried = await Store.TransitionTaskAsync(new TaskChange
        {
            TaskId = "a",
            To = TaskState.Queued,
            Prompt = "again, with feeling",
            AllowOneMoreRun = true,
            NotBefore = T0.AddMinutes(10),
            At = T0.AddSeconds(3),
        }, None);

        var stored = (await Store.GetTaskAsync("a", None))!;
        Same(stored, retried!.Task);
        stored.State.ShouldBe(TaskState.Queued);
        stored.Reason.ShouldBeNull();
        stored.Prompt.ShouldBe("again, with feeling");
        stored.NotBefore.ShouldBe(T0.AddMinutes(10));
        stored.Attempts.ShouldBe(1);
        stored.MaxAttempts.ShouldBe(2);
        stored.UpdatedAt.ShouldBe(T0.AddSeconds(3));
        Same(stored with { State = task.State, Prompt = task.Prompt, NotBefore = null, Attempts = 0, MaxAttempts = 1, UpdatedAt = task.UpdatedAt }, task);

        var next = await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Running, At = T0.AddSeconds(4) }, None);
        next!.Task.Prompt.ShouldBe("again, with feeling");
        next.Task.NotBefore.ShouldBeNull();
        next.Task.MaxAttempts.ShouldBe(2);
    }

    [Fact]
    public async Task A_state_change_whose_event_cannot_be_stored_is_not_applied()
    {
        var added = await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        await AddInStateAsync(Store, NewTask("dep"), TaskState.Failed);
        await Store.AddTaskAsync(NewTask("child", dependsOn: ["dep"]), Actor.Baton, None);
        var child = (await Store.GetTaskAsync("child", None))!;
        var position = await Store.LastPositionAsync(None);
        await FailEventInsertsAsync(Store, EventType.TaskState);

        await ThrowsAsync(() => Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Running, At = T0.AddHours(1) }, None));
        await ThrowsAsync(() => Store.ClaimNextTaskAsync(Alice, T0.AddHours(1), None));
        await ThrowsAsync(() => Store.FailBlockedTasksAsync(T0.AddHours(1), None));

        Same((await Store.GetTaskAsync("a", None))!, added.Task);
        Same((await Store.GetTaskAsync("child", None))!, child);
        (await Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task A_task_whose_queued_event_cannot_be_stored_is_not_added()
    {
        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);
        await FailEventInsertsAsync(Store, EventType.TaskQueued);

        await ThrowsAsync(() => Store.AddTaskAsync(NewTask("b") with { ExternalKey = "k" }, Actor.Baton, None));

        (await Store.GetTaskAsync("b", None)).ShouldBeNull();
        (await Store.FindTaskByExternalKeyAsync("k", None)).ShouldBeNull();
        (await Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task Claim_moves_the_best_ready_task_to_running_with_its_event()
    {
        await Store.AddTaskAsync(NewTask("low", priority: 0), Actor.Baton, None);
        await Store.AddTaskAsync(NewTask("high-new", priority: 5, createdAfter: TimeSpan.FromMinutes(2)), Actor.Baton, None);
        await Store.AddTaskAsync(NewTask("high-old", priority: 5, createdAfter: TimeSpan.FromMinutes(1)), Actor.Baton, None);
        await AddInStateAsync(Store, NewTask("later", priority: 9), TaskState.Waiting, notBefore: T0.AddDays(1));
        await Store.AddTaskAsync(NewTask("blocked", priority: 9, dependsOn: ["low"]), Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);

        var claimed = await Store.ClaimNextTaskAsync(Alice, T0.AddHours(1), None);

        claimed.ShouldNotBeNull();
        claimed.Task.Id.ShouldBe("high-old");
        claimed.Task.State.ShouldBe(TaskState.Running);
        claimed.Task.Claim.ShouldBe(new TaskClaim(Alice, T0.AddHours(1)), "the claimer and the time of its claim are recorded");
        Same((await Store.GetTaskAsync("high-old", None))!, claimed.Task);
        AssertStateEvent(claimed.Event, "high-old", TaskState.Queued, TaskState.Running, reason: claimed.Task.Reason, Actor.Baton);
        claimed.Event.Position.ShouldBeGreaterThan(position);
        (await Store.LastPositionAsync(None)).ShouldBe(claimed.Event.Position);
    }

    [Fact]
    public async Task A_claim_is_recorded_by_the_move_to_running_that_names_its_claimer_and_cleared_by_every_other_move()
    {
        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        async Task<TaskItem> MoveAsync(TaskState to, RunOwner? claimer, int minute) =>
            (await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = to, Claimer = claimer, At = T0.AddMinutes(minute) }, None))!.Task;

        (await MoveAsync(TaskState.Running, Bob, 1)).Claim.ShouldBe(new TaskClaim(Bob, T0.AddMinutes(1)));
        (await Store.GetTaskAsync("a", None))!.Claim.ShouldBe(new TaskClaim(Bob, T0.AddMinutes(1)));
        (await Store.ListTasksAsync(new TaskQuery([TaskState.Running]), None)).ShouldHaveSingleItem().Claim.ShouldBe(new TaskClaim(Bob, T0.AddMinutes(1)));

        (await MoveAsync(TaskState.Paused, Carol, 2)).Claim.ShouldBeNull("a task that left running has no claimer");
        (await Store.GetTaskAsync("a", None))!.Claim.ShouldBeNull();
        (await MoveAsync(TaskState.Running, null, 3)).Claim.ShouldBeNull("a move that names no claimer records none");
        (await MoveAsync(TaskState.Queued, null, 4)).Claim.ShouldBeNull();
        (await Store.ClaimNextTaskAsync(Carol, T0.AddMinutes(5), None))!.Task.Claim.ShouldBe(new TaskClaim(Carol, T0.AddMinutes(5)));
        (await Store.GetTaskAsync("a", None))!.Claim.ShouldBe(new TaskClaim(Carol, T0.AddMinutes(5)));
    }

    [Fact]
    public async Task A_task_added_running_keeps_its_claim_and_one_added_queued_has_none()
    {
        var claim = new TaskClaim(Alice, T0.AddSeconds(3));
        (await Store.AddTaskAsync(NewTask("here") with { State = TaskState.Running, Claim = claim }, Actor.Baton, None)).Task.Claim.ShouldBe(claim);
        (await Store.GetTaskAsync("here", None))!.Claim.ShouldBe(claim);
        (await Store.AddTaskAsync(NewTask("queued") with { Claim = claim }, Actor.Baton, None)).Task.Claim.ShouldBeNull();
    }

    [Fact]
    public async Task Claim_returns_null_and_writes_nothing_when_no_task_is_ready()
    {
        await AddInStateAsync(Store, NewTask("done"), TaskState.Succeeded);
        await AddInStateAsync(Store, NewTask("paused"), TaskState.Paused);
        await Store.AddTaskAsync(NewTask("orphan", dependsOn: ["ghost"]), Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);

        (await Store.ClaimNextTaskAsync(Alice, T0.AddHours(1), None)).ShouldBeNull();
        (await Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task Parallel_claims_never_hand_out_the_same_task_twice()
    {
        const int count = 40;
        for (var i = 0; i < count; i++)
        {
            await Store.AddTaskAsync(NewTask($"t{i:D2}", priority: i % 3), Actor.Baton, None);
        }

        var claims = new ConcurrentBag<TaskTransition>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i <= count && await Store.ClaimNextTaskAsync(Alice, T0.AddHours(1), None) is { } claim; i++)
            {
                claims.Add(claim);
            }
        })));

        claims.Count.ShouldBe(count);
        claims.Select(c => c.Task.Id).Distinct().Count().ShouldBe(count);
        claims.Select(c => c.Event.Position).Distinct().Count().ShouldBe(count);
    }

    [Fact]
    public async Task FailBlocked_fails_every_blocked_task_down_the_chain_each_with_its_event()
    {
        await AddInStateAsync(Store, NewTask("a"), TaskState.Failed);
        await Store.AddTaskAsync(NewTask("b", dependsOn: ["a"]), Actor.Baton, None);
        await AddInStateAsync(Store, NewTask("c", dependsOn: ["b"]), TaskState.Waiting);
        await Store.AddTaskAsync(NewTask("d", dependsOn: ["ghost"]), Actor.Baton, None);
        await AddInStateAsync(Store, NewTask("e", dependsOn: ["a"]), TaskState.Running);
        var position = await Store.LastPositionAsync(None);

        var failed = await Store.FailBlockedTasksAsync(T0.AddHours(1), None);

        failed.Select(f => f.Task.Id).ShouldBe(["b", "c", "d"], ignoreOrder: true);
        foreach (var f in failed)
        {
            f.Task.State.ShouldBe(TaskState.Failed);
            f.Task.Reason.ShouldNotBeNull();
            f.Event.Position.ShouldBeGreaterThan(position);
            AssertStateEvent(f.Event, f.Task.Id, f.Task.Id == "c" ? TaskState.Waiting : TaskState.Queued, TaskState.Failed, f.Task.Reason, Actor.Baton);
            (await Store.GetTaskAsync(f.Task.Id, None))!.State.ShouldBe(TaskState.Failed);
        }

        failed.Select(f => f.Event.Position).Distinct().Count().ShouldBe(3);
        (await Store.GetTaskAsync("e", None))!.State.ShouldBe(TaskState.Running);
        (await Store.ReadFeedAsync(new FeedQuery(After: position), 100, None)).Select(e => e.Position)
            .ShouldBe(failed.Select(f => f.Event.Position).Order());
        (await Store.FailBlockedTasksAsync(T0.AddHours(2), None)).ShouldBeEmpty();
    }
}
