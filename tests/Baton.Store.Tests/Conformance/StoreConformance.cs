using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Core.Text;

namespace Baton.Store.Tests.Conformance;

/// <summary>
/// The written contract of <see cref="IBatonStore"/> (tasks, runs, events and the feed, gate results, settings), for
/// every store. A store's test class subclasses this with a factory for a fresh, empty store (one per call) and a way to
/// make event inserts fail inside the store's own transaction (a trigger), so atomicity can be checked from outside.
/// </summary>
public abstract class StoreConformance : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset T0 = Samples.T0;
    protected static readonly RunOwner Alice = new("alice-host", 4242, 1_000_001);
    protected static readonly RunOwner Bob = new("bob-host", 77, 2_000_002);
    protected static readonly RunOwner Carol = new("carol-host", 99, 3_000_003);

    private readonly Func<Task<IBatonStore>> _newStore;
    private readonly List<IBatonStore> _stores = [];
    private IBatonStore? _store;

    protected StoreConformance(Func<Task<IBatonStore>> newStore)
    {
        _newStore = newStore;
    }

    /// <summary>A fresh, empty store for the test.</summary>
    protected IBatonStore Store => _store ?? throw new InvalidOperationException("The store is not open yet.");

    public async Task InitializeAsync() => _store = await NewStoreAsync();

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Another fresh, empty store (disposed with the test).</summary>
    protected async Task<IBatonStore> NewStoreAsync()
    {
        var store = await _newStore();
        _stores.Add(store);
        return store;
    }

    /// <summary>From now on, storing an event of type <paramref name="type"/> fails inside the store's write transaction.</summary>
    protected abstract Task FailEventInsertsAsync(IBatonStore store, EventType type);

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
        evt.Data["by"]!.GetValue<string>().ShouldBe("alice (cli)");
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
        feed[1].Data.ToJsonString().ShouldBe(moved.Event.Data.ToJsonString());
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
        feed.Select(e => e.Data["state"]!.GetValue<string>()).ShouldBe(["running", "gating", "failed", "queued", "running", "succeeded"]);
        feed.Select(e => e.Data["from"]!.GetValue<string>()).ShouldBe(["queued", "running", "gating", "failed", "queued", "running"]);
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
        await ThrowsAsync(() => Store.ClaimNextTaskAsync(T0.AddHours(1), None));
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

        var claimed = await Store.ClaimNextTaskAsync(T0.AddHours(1), None);

        claimed.ShouldNotBeNull();
        claimed.Task.Id.ShouldBe("high-old");
        claimed.Task.State.ShouldBe(TaskState.Running);
        Same((await Store.GetTaskAsync("high-old", None))!, claimed.Task);
        AssertStateEvent(claimed.Event, "high-old", TaskState.Queued, TaskState.Running, reason: claimed.Task.Reason, Actor.Baton);
        claimed.Event.Position.ShouldBeGreaterThan(position);
        (await Store.LastPositionAsync(None)).ShouldBe(claimed.Event.Position);
    }

    [Fact]
    public async Task Claim_returns_null_and_writes_nothing_when_no_task_is_ready()
    {
        await AddInStateAsync(Store, NewTask("done"), TaskState.Succeeded);
        await AddInStateAsync(Store, NewTask("paused"), TaskState.Paused);
        await Store.AddTaskAsync(NewTask("orphan", dependsOn: ["ghost"]), Actor.Baton, None);
        var position = await Store.LastPositionAsync(None);

        (await Store.ClaimNextTaskAsync(T0.AddHours(1), None)).ShouldBeNull();
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
            for (var i = 0; i <= count && await Store.ClaimNextTaskAsync(T0.AddHours(1), None) is { } claim; i++)
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

        (await Store.TryTakeOwnershipAsync("free", null, Bob, None)).ShouldBe(1);
        (await Store.TryTakeOwnershipAsync("held", null, Bob, None)).ShouldBeNull();
        (await Store.TryTakeOwnershipAsync("held", Carol, Bob, None)).ShouldBeNull();
        (await Store.TryTakeOwnershipAsync("held", Alice with { StartTicks = 5 }, Bob, None)).ShouldBeNull();
        (await Store.GetRunAsync("held", None))!.Epoch.ShouldBe(1);
        (await Store.TryTakeOwnershipAsync("held", Alice, Bob, None)).ShouldBe(2);
        (await Store.TryTakeOwnershipAsync("held", Bob, Bob, None)).ShouldBe(3);
        (await Store.TryTakeOwnershipAsync("ghost", null, Bob, None)).ShouldBeNull();

        var held = (await Store.GetRunAsync("held", None))!;
        held.Owner.ShouldBe(Bob);
        held.Epoch.ShouldBe(3);
    }

    [Fact]
    public async Task Concurrent_takeovers_let_exactly_one_through()
    {
        await Store.AddTaskAsync(NewTask("t"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t"), None);
        RunOwner[] owners = [Alice, Bob, Carol, Alice with { Pid = 1 }, Bob with { Pid = 2 }, Carol with { Pid = 3 }];

        var epochs = await Task.WhenAll(owners.Select(o => Task.Run(() => Store.TryTakeOwnershipAsync("r1", null, o, None))));

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
        var first = (await Store.TryTakeOwnershipAsync("r1", null, Alice, None))!.Value;
        await Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = first, To = RunState.Running, CurrentStage = "build" }, None);
        (await Store.HeartbeatAsync("r1", first, T0.AddMinutes(1), None)).Owned.ShouldBeTrue();

        var second = (await Store.TryTakeOwnershipAsync("r1", Alice, Bob, None))!.Value;
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

        var next = await Store.TryTakeOwnershipAsync("r1", null, Bob, None);
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

    // ---------------------------------------------------------------- events and the feed

    [Fact]
    public async Task An_empty_store_has_no_events()
    {
        (await Store.LastPositionAsync(None)).ShouldBe(0);
        (await Store.ReadFeedAsync(new FeedQuery(), 100, None)).ShouldBeEmpty();
        (await Store.LastSeqAsync("r1", None)).ShouldBe(0);
        (await Store.AppendEventsAsync([], None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Appended_events_come_back_in_order_with_growing_positions()
    {
        var batch = RunEvents("t", "r1", 1, EventType.RunStarted, EventType.AgentMessage, EventType.AgentCommand);
        batch[1] = batch[1] with { Data = new JsonObject { ["text"] = "ünïcödé ✓", ["nested"] = new JsonArray(1, null, "x") } };

        var stored = await Store.AppendEventsAsync(batch, None);

        stored.Count.ShouldBe(3);
        for (var i = 0; i < batch.Count; i++)
        {
            (stored[i] with { Position = 0, Data = batch[i].Data }).ShouldBe(batch[i]);
            stored[i].Data.ToJsonString().ShouldBe(batch[i].Data.ToJsonString());
        }

        StrictlyIncreasing(stored.Select(e => e.Position));
        stored[0].Position.ShouldBeGreaterThan(0);
        (await Store.LastPositionAsync(None)).ShouldBe(stored[^1].Position);
        var read = await Store.ReadEventsAsync("r1", 0, 10, None);
        read.Select(e => (e.Position, e.Seq, e.Type)).ShouldBe(stored.Select(e => (e.Position, e.Seq, e.Type)));
        read[1].Data.ToJsonString().ShouldBe(batch[1].Data.ToJsonString());
        (await Store.LastSeqAsync("r1", None)).ShouldBe(3);
        (await Store.ReadEventsAsync("r1", 1, 1, None)).ShouldHaveSingleItem().Seq.ShouldBe(2);
    }

    [Fact]
    public async Task Feed_positions_strictly_increase_across_run_and_task_events()
    {
        var positions = new List<(long Position, EventType Type)>();
        void Add(RunEvent e) => positions.Add((e.Position, e.Type));
        void AddAll(IEnumerable<RunEvent> events)
        {
            foreach (var e in events)
            {
                Add(e);
            }
        }

        Add((await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None)).Event!);
        Add((await Store.ClaimNextTaskAsync(T0.AddHours(1), None))!.Event);
        await Store.AddRunAsync(NewRun("ra", "a") with { Owner = Alice }, None);
        AddAll(await Store.AppendEventsAsync(RunEvents("a", "ra", 1, EventType.RunStarted, EventType.AgentCommand), None));
        Add((await Store.AddTaskAsync(NewTask("b", dependsOn: ["ghost"]), Actor.Baton, None)).Event!);
        AddAll(await Store.AppendEventsAsync(RunEvents("a", "ra", 3, EventType.GateFinished), None));
        Add((await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Gating, At = T0.AddHours(2) }, None))!.Event);
        AddAll((await Store.FailBlockedTasksAsync(T0.AddHours(2), None)).Select(f => f.Event));
        AddAll(await Store.AppendEventsAsync(RunEvents("a", "ra", 4, EventType.RunFinished), None));
        Add((await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Succeeded, At = T0.AddHours(3) }, None))!.Event);

        positions.Count.ShouldBe(10);
        StrictlyIncreasing(positions.Select(p => p.Position));
        var feed = await Store.ReadFeedAsync(new FeedQuery(), 100, None);
        feed.Select(e => (e.Position, e.Type)).ShouldBe(positions);
        (await Store.LastPositionAsync(None)).ShouldBe(positions[^1].Position);
    }

    [Fact]
    public async Task Task_events_cannot_be_appended_directly_and_the_batch_is_refused_whole()
    {
        var taskEvent = TaskEvents.StateChanged("t", TaskState.Queued, TaskState.Running, null, Actor.Baton, T0);
        var batch = RunEvents("t", "r1", 1, EventType.AgentMessage).Append(taskEvent).ToList();

        await Should.ThrowAsync<ArgumentException>(() => Store.AppendEventsAsync([taskEvent], None));
        await Should.ThrowAsync<ArgumentException>(() => Store.AppendEventsAsync(batch, None));

        (await Store.LastPositionAsync(None)).ShouldBe(0);
        (await Store.LastSeqAsync("r1", None)).ShouldBe(0);
    }

    [Fact]
    public async Task A_duplicate_seq_is_a_conflict_and_the_whole_batch_is_discarded()
    {
        await Store.AppendEventsAsync(RunEvents("t", "r1", 1, EventType.AgentMessage, EventType.AgentMessage), None);
        var position = await Store.LastPositionAsync(None);

        var ex = await Should.ThrowAsync<StoreException>(() =>
            Store.AppendEventsAsync(RunEvents("t", "r1", 3, EventType.AgentCommand).Concat(RunEvents("t", "r1", 2, EventType.AgentError)).ToList(), None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
        (await Store.LastSeqAsync("r1", None)).ShouldBe(2);
        (await Store.LastPositionAsync(None)).ShouldBe(position);
        (await Store.ReadEventsAsync("r1", 0, 10, None)).Select(e => e.Type).ShouldBe([EventType.AgentMessage, EventType.AgentMessage]);
        // The same seq in another run is fine.
        (await Store.AppendEventsAsync(RunEvents("t", "r2", 2, EventType.AgentError), None)).ShouldHaveSingleItem().Position.ShouldBeGreaterThan(position);
    }

    [Fact]
    public async Task ReadFeed_filters_by_task_run_and_type_prefix()
    {
        await SeedFeedAsync();
        var all = await Store.ReadFeedAsync(new FeedQuery(), 1_000, None);

        var t1 = await Store.ReadFeedAsync(new FeedQuery(TaskId: "t1"), 1_000, None);
        t1.ShouldAllBe(e => e.TaskId == "t1");
        t1.Where(e => e.IsTaskEvent).Select(e => e.Type).ShouldBe([EventType.TaskQueued, EventType.TaskState, EventType.TaskState]);
        t1.Where(e => !e.IsTaskEvent).Select(e => e.RunId).Distinct().ShouldBe(["r1", "r2"], ignoreOrder: true);
        t1.Count.ShouldBe(3 + 4 + 3);

        var r1 = await Store.ReadFeedAsync(new FeedQuery(RunId: "r1"), 1_000, None);
        r1.ShouldAllBe(e => e.RunId == "r1");
        r1.Select(e => e.Seq).ShouldBe([1L, 2, 3, 4]);

        var agent = await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "agent."), 1_000, None);
        agent.Select(e => e.Type).Distinct().ShouldBe([EventType.AgentCommand, EventType.AgentFileChange, EventType.AgentMessage], ignoreOrder: true);
        agent.Count.ShouldBe(all.Count(e => e.Type.Name().StartsWith("agent.", StringComparison.Ordinal)));

        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "run.finished"), 1_000, None)).Select(e => e.RunId).ShouldBe(["r1", "r3"]);
        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "task."), 1_000, None)).ShouldAllBe(e => e.IsTaskEvent);
        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "agent_"), 1_000, None)).ShouldBeEmpty(); // literal, not a wildcard
        (await Store.ReadFeedAsync(new FeedQuery(TypePrefix: "agent.file_"), 1_000, None)).ShouldHaveSingleItem().Type.ShouldBe(EventType.AgentFileChange);
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "t1", TypePrefix: "agent."), 1_000, None))
            .ShouldAllBe(e => e.TaskId == "t1" && e.Type.Name().StartsWith("agent.", StringComparison.Ordinal));
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "t1", RunId: "r3"), 1_000, None)).ShouldBeEmpty();
        (await Store.ReadFeedAsync(new FeedQuery(TaskId: "ghost"), 1_000, None)).ShouldBeEmpty();

        // Every filter agrees with FeedQuery.Matches over the whole feed.
        FeedQuery[] queries =
        [
            new(), new(TaskId: "t1"), new(TaskId: "t2"), new(RunId: "r2"), new(TypePrefix: "agent."), new(TypePrefix: "task.state"),
            new(TaskId: "t2", TypePrefix: "run."), new(After: all[4].Position, TaskId: "t1"), new(After: all[2].Position, RunId: "r1", TypePrefix: "agent."),
        ];
        foreach (var q in queries)
        {
            (await Store.ReadFeedAsync(q, 1_000, None)).Select(e => e.Position)
                .ShouldBe(all.Where(q.Matches).Select(e => e.Position), $"query {q}");
        }
    }

    [Fact]
    public async Task ReadFeed_pages_by_position_with_After_and_honours_the_limit()
    {
        await SeedFeedAsync();
        var all = await Store.ReadFeedAsync(new FeedQuery(), 1_000, None);
        StrictlyIncreasing(all.Select(e => e.Position));

        foreach (var query in new[] { new FeedQuery(), new FeedQuery(TaskId: "t1"), new FeedQuery(TypePrefix: "agent.") })
        {
            var paged = new List<RunEvent>();
            var after = query.After;
            for (var page = 0; page <= all.Count; page++)
            {
                var next = await Store.ReadFeedAsync(query with { After = after }, 3, None);
                next.Count.ShouldBeLessThanOrEqualTo(3);
                if (next.Count == 0)
                {
                    break;
                }

                next.ShouldAllBe(e => e.Position > after);
                paged.AddRange(next);
                after = next[^1].Position;
            }

            paged.Select(e => e.Position).ShouldBe(all.Where(query.Matches).Select(e => e.Position), $"query {query}");
        }

        (await Store.ReadFeedAsync(new FeedQuery(After: all[^1].Position), 10, None)).ShouldBeEmpty();
        (await Store.ReadFeedAsync(new FeedQuery(After: all[^1].Position + 1_000), 10, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_feed_follower_sees_every_event_once_in_order_while_tasks_are_written_in_parallel()
    {
        var race = await RaceWritersAgainstFollowerAsync([Store], Store, writers: 4, rounds: 30);

        race.Written.Count.ShouldBeGreaterThan(4 * 30 * 2);
    }

    // ---------------------------------------------------------------- settings

    [Fact]
    public async Task Settings_are_set_replaced_and_removed()
    {
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBeNull();

        await Store.SetSettingAsync("queue.paused", "true", None);
        await Store.SetSettingAsync("queue.paused_by", "alice (cli)", None);
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBe("true");

        await Store.SetSettingAsync("queue.paused", "false", None);
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBe("false");

        await Store.SetSettingAsync("queue.paused", null, None);
        (await Store.GetSettingAsync("queue.paused", None)).ShouldBeNull();
        (await Store.GetSettingAsync("queue.paused_by", None)).ShouldBe("alice (cli)");

        await Store.SetSettingAsync("never.set", null, None);
        (await Store.GetSettingAsync("never.set", None)).ShouldBeNull();
        await Store.SetSettingAsync("empty", "", None);
        (await Store.GetSettingAsync("empty", None)).ShouldBe("");
    }

    [Fact]
    public async Task Concurrent_setting_writes_leave_one_of_the_written_values()
    {
        var values = Enumerable.Range(0, 10).Select(i => $"v{i}").ToList();

        await Task.WhenAll(values.Select(v => Task.Run(() => Store.SetSettingAsync("k", v, None))));

        values.ShouldContain((await Store.GetSettingAsync("k", None))!);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>What a race of writers against a feed follower produced: every event written, and what the follower saw.</summary>
    protected sealed record FeedRace(IReadOnlyList<RunEvent> Written, IReadOnlyList<RunEvent> Seen);

    /// <summary>
    /// <paramref name="writers"/> tasks, each with a run, are written in parallel (through the given stores in turn): run
    /// events, task state changes and new tasks. Meanwhile a follower reads the feed on <paramref name="reader"/> page by
    /// page with <see cref="FeedQuery.After"/>. Asserts that it saw every event exactly once, in increasing position order,
    /// and never found one at or below a position it had passed. Every loop is bounded.
    /// </summary>
    protected static async Task<FeedRace> RaceWritersAgainstFollowerAsync(IReadOnlyList<IBatonStore> stores, IBatonStore reader, int writers, int rounds)
    {
        var written = new ConcurrentQueue<RunEvent>();
        for (var w = 0; w < writers; w++)
        {
            var store = stores[w % stores.Count];
            written.Enqueue((await store.AddTaskAsync(NewTask($"race-{w}"), Actor.Baton, None)).Event!);
            await store.AddRunAsync(NewRun($"race-run-{w}", $"race-{w}") with { Owner = Alice with { Pid = w } }, None);
        }

        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var store = stores[w % stores.Count];
            var (taskId, runId) = ($"race-{w}", $"race-run-{w}");
            var state = TaskState.Queued;
            long seq = 0;
            for (var round = 0; round < rounds; round++)
            {
                var types = Enumerable.Repeat(EventType.AgentMessage, 1 + (round % 3)).ToArray();
                foreach (var e in await store.AppendEventsAsync(RunEvents(taskId, runId, seq + 1, types), None))
                {
                    written.Enqueue(e);
                }

                seq += types.Length;
                var to = state == TaskState.Running ? TaskState.Waiting : TaskState.Running;
                var change = await store.TransitionTaskAsync(
                    new TaskChange { TaskId = taskId, To = to, Expected = [state], At = T0.AddSeconds(round) }, None);
                written.Enqueue(change.ShouldNotBeNull().Event);
                state = to;
                (await store.HeartbeatAsync(runId, 1, T0.AddSeconds(round), None)).Owned.ShouldBeTrue();
                if (round % 8 == 0)
                {
                    written.Enqueue((await store.AddTaskAsync(NewTask($"race-{w}-extra-{round}"), Actor.Baton, None)).Event!);
                }
            }
        })));

        var seen = new List<RunEvent>();
        var after = 0L;
        var caughtUp = false;
        var clock = Stopwatch.StartNew();
        for (var poll = 0; poll < 200_000 && clock.Elapsed < TimeSpan.FromSeconds(90); poll++)
        {
            // Read "done" before the page: if the writers had finished and the page is empty, nothing is left to see.
            var done = writing.IsCompleted;
            var page = await reader.ReadFeedAsync(new FeedQuery(After: after), 16, None);
            foreach (var e in page)
            {
                e.Position.ShouldBeGreaterThan(after, "the feed went back to a position the follower had passed");
                after = e.Position;
                seen.Add(e);
            }

            if (done && page.Count == 0)
            {
                caughtUp = true;
                break;
            }

            if (page.Count == 0)
            {
                await Task.Delay(1);
            }
        }

        await writing; // surfaces a writer's failure
        caughtUp.ShouldBeTrue($"the follower did not catch up within the bound ({seen.Count} of {written.Count} events seen)");

        written.Select(e => e.Position).Distinct().Count().ShouldBe(written.Count, "two writes got the same position");
        var byPosition = written.ToDictionary(e => e.Position);
        seen.Count.ShouldBe(written.Count);
        seen.Select(e => e.Position).ShouldBe(byPosition.Keys.Order());
        foreach (var e in seen)
        {
            var w = byPosition[e.Position];
            (e.TaskId, e.RunId, e.Seq, e.Type).ShouldBe((w.TaskId, w.RunId, w.Seq, w.Type));
        }

        // Nothing turned up behind the follower after it passed: the whole feed now is exactly what it saw.
        var feed = await reader.ReadFeedAsync(new FeedQuery(), written.Count + 100, None);
        feed.Select(e => e.Position).ShouldBe(seen.Select(e => e.Position));
        for (var w = 0; w < writers; w++)
        {
            var taskId = $"race-{w}";
            (await reader.ReadFeedAsync(new FeedQuery(TaskId: taskId), written.Count + 100, None)).Select(e => e.Position)
                .ShouldBe(seen.Where(e => e.TaskId == taskId).Select(e => e.Position));
            (await reader.ReadEventsAsync($"race-run-{w}", 0, written.Count, None)).Select(e => e.Seq)
                .ShouldBe(Enumerable.Range(1, seen.Count(e => e.RunId == $"race-run-{w}")).Select(i => (long)i));
        }

        return new FeedRace([.. written], seen);
    }

    /// <summary>
    /// t1 (runs r1, r2) and t2 (run r3), with task events and run events of several types interleaved.
    /// </summary>
    private async Task SeedFeedAsync()
    {
        await Store.AddTaskAsync(NewTask("t1"), Actor.Baton, None);
        await Store.AddTaskAsync(NewTask("t2"), Actor.Baton, None);
        await Store.AddRunAsync(NewRun("r1", "t1"), None);
        await Store.AddRunAsync(NewRun("r3", "t2"), None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "t1", To = TaskState.Running, At = T0.AddSeconds(1) }, None);
        await Store.AppendEventsAsync(RunEvents("t1", "r1", 1, EventType.RunStarted, EventType.AgentCommand), None);
        await Store.AppendEventsAsync(RunEvents("t2", "r3", 1, EventType.RunStarted, EventType.AgentMessage), None);
        await Store.AppendEventsAsync(RunEvents("t1", "r1", 3, EventType.AgentFileChange, EventType.RunFinished), None);
        await Store.AddRunAsync(NewRun("r2", "t1", number: 2), None);
        await Store.AppendEventsAsync(RunEvents("t1", "r2", 1, EventType.RunStarted, EventType.AgentMessage, EventType.GateFinished), None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "t1", To = TaskState.Succeeded, At = T0.AddSeconds(2) }, None);
        await Store.AppendEventsAsync(RunEvents("t2", "r3", 3, EventType.RunFinished), None);
    }

    protected static TaskItem NewTask(string id, int priority = 0, TimeSpan? createdAfter = null, params string[] dependsOn) =>
        Samples.NewTask(id, priority, createdAfter, dependsOn);

    protected static RunRecord NewRun(string id, string taskId, int number = 1) => Samples.NewRun(id, taskId, number);

    /// <summary>Run events with seqs from <paramref name="firstSeq"/>, one per type.</summary>
    protected static List<RunEvent> RunEvents(string taskId, string runId, long firstSeq, params EventType[] types) =>
        types.Select((type, i) => new RunEvent
        {
            Seq = firstSeq + i,
            Ts = T0.AddMilliseconds(firstSeq + i),
            TaskId = taskId,
            RunId = runId,
            Stage = "build",
            Type = type,
            Data = new JsonObject { ["n"] = firstSeq + i, ["run"] = runId },
        }).ToList();

    /// <summary>Adds the task and walks it to <paramref name="state"/> through legal transitions.</summary>
    protected static Task<TaskItem> AddInStateAsync(IBatonStore store, TaskItem task, TaskState state, DateTimeOffset? notBefore = null) =>
        Samples.AddInStateAsync(store, task, state, notBefore);

    /// <summary>Equal as records, comparing the list properties by content.</summary>
    protected static void Same(TaskItem actual, TaskItem expected)
    {
        actual.DependsOn.ShouldBe(expected.DependsOn);
        actual.Labels.ShouldBe(expected.Labels);
        (actual with { DependsOn = expected.DependsOn, Labels = expected.Labels }).ShouldBe(expected);
    }

    protected static void AssertStateEvent(RunEvent e, string taskId, TaskState from, TaskState to, string? reason, Actor by)
    {
        e.Type.ShouldBe(EventType.TaskState);
        e.TaskId.ShouldBe(taskId);
        e.RunId.ShouldBeNull();
        e.Seq.ShouldBe(0);
        e.Position.ShouldBeGreaterThan(0);
        e.Data["state"]!.GetValue<string>().ShouldBe(to.WireName());
        e.Data["from"]!.GetValue<string>().ShouldBe(from.WireName());
        (e.Data["reason"]?.GetValue<string>()).ShouldBe(reason);
        e.Data["by"]!.GetValue<string>().ShouldBe(by.ToString());
    }

    protected static void StrictlyIncreasing(IEnumerable<long> positions)
    {
        var last = 0L;
        foreach (var p in positions)
        {
            p.ShouldBeGreaterThan(last);
            last = p;
        }
    }

    /// <summary>Asserts the call fails (any exception: how a store reports a failed write is not the point here).</summary>
    protected static async Task ThrowsAsync(Func<Task> call)
    {
        Exception? thrown = null;
        try
        {
            await call();
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        thrown.ShouldNotBeNull("the write was expected to fail");
    }

    [Fact]
    public async Task The_change_stamp_moves_after_every_commit_and_stays_while_nothing_is_written()
    {
        var before = await Store.ChangeStampAsync(None);
        (await Store.ChangeStampAsync(None)).ShouldBe(before, "nothing was written");

        await Store.AddTaskAsync(NewTask("a"), Actor.Baton, None);
        var afterTask = await Store.ChangeStampAsync(None);
        await Store.TransitionTaskAsync(new TaskChange { TaskId = "a", To = TaskState.Cancelled, At = T0 }, None);
        var afterMove = await Store.ChangeStampAsync(None);

        afterTask.ShouldNotBe(before);
        afterMove.ShouldNotBe(afterTask);
        (await Store.ChangeStampAsync(None)).ShouldBe(afterMove);
    }
}
