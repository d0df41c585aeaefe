using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Testing;

namespace Baton.Store.Tests;

public sealed class TaskStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_new_task_must_start_queued_waiting_or_running_and_nothing_is_stored_otherwise()
    {
        await using var scope = await StoreScope.OpenAsync();

        var ex = await Should.ThrowAsync<ArgumentException>(() => scope.Store.AddTaskAsync(Samples.NewTask("t-x") with { State = TaskState.Succeeded }, Actor.Baton, CancellationToken.None));

        ex.Message.ShouldContain("succeeded");
        (await scope.Store.GetTaskAsync("t-x", CancellationToken.None)).ShouldBeNull();
        (await scope.Store.LastPositionAsync(CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task A_task_round_trips_with_every_field()
    {
        await using var scope = await StoreScope.OpenAsync();
        var task = new TaskItem
        {
            Id = "t-1",
            Title = "Fix the parser",
            Prompt = "Make the parser accept trailing commas. ünïcödé ✓",
            Project = "baton",
            Pipeline = "full",
            Agent = "codex",
            Stage = "build",
            Source = TaskSource.Matrix,
            Requester = "@alice:example.org",
            DependsOn = ["t-0", "t-00"],
            MaxAttempts = 3,
            Priority = 7,
            Labels = ["parser", "urgent"],
            State = TaskState.Waiting,
            Attempts = 2,
            Reason = "waiting for approval",
            ExternalKey = "matrix:$event:1",
            CreatedAt = Samples.T0,
            UpdatedAt = Samples.T0.AddMinutes(5),
            NotBefore = Samples.T0.AddHours(1),
            Command = "make fix",
            QualityGates = ["make lint", "make test"],
        };

        var added = await scope.Store.AddTaskAsync(task, Actor.Matrix("@alice:example.org"), None);
        var stored = await scope.Store.GetTaskAsync("t-1", None);

        added.Created.ShouldBeTrue();
        stored.ShouldNotBeNull();
        stored.DependsOn.ShouldBe(["t-0", "t-00"]);
        stored.Labels.ShouldBe(["parser", "urgent"]);
        stored.QualityGates.ShouldBe(["make lint", "make test"]);
        (stored with { DependsOn = task.DependsOn, Labels = task.Labels, QualityGates = task.QualityGates }).ShouldBe(task);
        (added.Task with { DependsOn = task.DependsOn, Labels = task.Labels, QualityGates = task.QualityGates }).ShouldBe(task);
    }

    [Fact]
    public async Task Adding_a_task_appends_its_task_queued_event_in_the_same_write()
    {
        await using var scope = await StoreScope.OpenAsync();
        var task = Samples.NewTask("a") with { Requester = "alice", Project = "baton" };

        var added = await scope.Store.AddTaskAsync(task, Actor.Cli("alice"), None);

        var evt = added.Event.ShouldNotBeNull();
        evt.Type.ShouldBe(EventType.TaskQueued);
        evt.TaskId.ShouldBe("a");
        evt.RunId.ShouldBeNull();
        evt.Seq.ShouldBe(0);
        evt.Position.ShouldBeGreaterThan(0);
        evt.Ts.ShouldBe(task.CreatedAt);
        evt.Data.Fields()["by"]!.GetValue<string>().ShouldBe("alice (cli)");
        evt.Data.Fields()["state"]!.GetValue<string>().ShouldBe("queued");
        var feed = await scope.Store.ReadFeedAsync(new FeedQuery(), 10, None);
        var stored = feed.ShouldHaveSingleItem();
        stored.Position.ShouldBe(evt.Position);
        (stored with { Data = evt.Data }).ShouldBe(evt);
        stored.Data.Fields().ToJsonString().ShouldBe(evt.Data.Fields().ToJsonString());
        (await MigrationTests.CountAsync(scope.DatabasePath,
            "SELECT count(*) FROM events WHERE run_id IS NULL AND seq IS NULL AND type = 'task.queued'")).ShouldBe(1);
    }

    [Fact]
    public async Task Timestamps_round_trip_to_the_millisecond_as_UTC()
    {
        await using var scope = await StoreScope.OpenAsync();
        var local = new DateTimeOffset(2026, 3, 1, 23, 59, 59, 999, TimeSpan.FromHours(-5));

        await scope.Store.AddTaskAsync(Samples.NewTask("a") with { CreatedAt = local, UpdatedAt = local }, Actor.Baton, None);
        var stored = (await scope.Store.GetTaskAsync("a", None))!;

        stored.CreatedAt.ShouldBe(local);
        stored.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task Enums_are_stored_as_their_snake_case_wire_names()
    {
        await using var scope = await StoreScope.OpenAsync();

        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("a") with { Source = TaskSource.Http }, TaskState.NeedsInput);

        (await MigrationTests.CountAsync(scope.DatabasePath,
            "SELECT count(*) FROM tasks WHERE state = 'needs_input' AND source = 'http'")).ShouldBe(1);
    }

    [Fact]
    public async Task Adding_a_task_with_an_existing_id_is_a_conflict_and_adds_no_event()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("a"), Actor.Baton, None);
        var before = await scope.Store.LastPositionAsync(None);

        var ex = await Should.ThrowAsync<StoreException>(() => scope.Store.AddTaskAsync(Samples.NewTask("a"), Actor.Baton, None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
        (await scope.Store.LastPositionAsync(None)).ShouldBe(before);
    }

    [Fact]
    public async Task AddTask_is_idempotent_on_the_external_key()
    {
        await using var scope = await StoreScope.OpenAsync();
        var first = Samples.NewTask("a") with { ExternalKey = "TASKS.md:12" };

        var added = await scope.Store.AddTaskAsync(first, Actor.Baton, None);
        var position = await scope.Store.LastPositionAsync(None);
        var again = await scope.Store.AddTaskAsync(Samples.NewTask("b") with { ExternalKey = "TASKS.md:12" }, Actor.Baton, None);

        added.Created.ShouldBeTrue();
        added.Task.Id.ShouldBe("a");
        added.Event.ShouldNotBeNull();
        again.Created.ShouldBeFalse();
        again.Task.Id.ShouldBe("a");
        again.Event.ShouldBeNull();
        (await scope.Store.GetTaskAsync("b", None)).ShouldBeNull();
        (await scope.Store.FindTaskByExternalKeyAsync("TASKS.md:12", None))!.Id.ShouldBe("a");
        (await scope.Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task Tasks_without_an_external_key_are_always_new()
    {
        await using var scope = await StoreScope.OpenAsync();

        var a = await scope.Store.AddTaskAsync(Samples.NewTask("a"), Actor.Baton, None);
        var b = await scope.Store.AddTaskAsync(Samples.NewTask("b"), Actor.Baton, None);

        a.Created.ShouldBeTrue();
        b.Created.ShouldBeTrue();
        b.Event!.Position.ShouldBeGreaterThan(a.Event!.Position);
    }

    [Fact]
    public async Task A_transition_writes_only_the_columns_it_names()
    {
        await using var scope = await StoreScope.OpenAsync();
        var task = Samples.NewTask("a") with { Labels = ["x"], Project = "p", MaxAttempts = 1, Attempts = 1 };
        await scope.Store.AddTaskAsync(task, Actor.Baton, None);
        var at = Samples.T0.AddMinutes(1);

        var failed = await scope.Store.TransitionTaskAsync(
            new TaskChange { TaskId = "a", To = TaskState.Failed, Reason = "gate failed", At = at, By = Actor.Cli("bob") }, None);

        failed.ShouldNotBeNull();
        var stored = (await scope.Store.GetTaskAsync("a", None))!;
        (failed.Task with { DependsOn = stored.DependsOn, Labels = stored.Labels }).ShouldBe(stored);
        failed.Task.State.ShouldBe(TaskState.Failed);
        failed.Task.Reason.ShouldBe("gate failed");
        failed.Task.UpdatedAt.ShouldBe(at);
        (failed.Task with { State = task.State, Reason = null, UpdatedAt = task.UpdatedAt, Labels = task.Labels, DependsOn = task.DependsOn, QualityGates = task.QualityGates })
            .ShouldBe(task);
        failed.Event.Type.ShouldBe(EventType.TaskState);
        failed.Event.Ts.ShouldBe(at);
        failed.Event.Data.Fields()["state"]!.GetValue<string>().ShouldBe("failed");
        failed.Event.Data.Fields()["from"]!.GetValue<string>().ShouldBe("queued");
        failed.Event.Data.Fields()["reason"]!.GetValue<string>().ShouldBe("gate failed");
        failed.Event.Data.Fields()["by"]!.GetValue<string>().ShouldBe("bob (cli)");

        var retry = await scope.Store.TransitionTaskAsync(new TaskChange
        {
            TaskId = "a",
            To = TaskState.Queued,
            Prompt = "try again, harder",
            AllowOneMoreRun = true,
            NotBefore = at.AddMinutes(5),
            At = at.AddSeconds(1),
        }, None);

        retry!.Task.State.ShouldBe(TaskState.Queued);
        retry.Task.Reason.ShouldBeNull();
        retry.Task.Prompt.ShouldBe("try again, harder");
        retry.Task.MaxAttempts.ShouldBe(2);
        retry.Task.Attempts.ShouldBe(1);
        retry.Task.NotBefore.ShouldBe(at.AddMinutes(5));
        retry.Task.Labels.ShouldBe(["x"]);
        retry.Task.Project.ShouldBe("p");
        retry.Event.Position.ShouldBeGreaterThan(failed.Event.Position);

        var next = await scope.Store.TransitionTaskAsync(
            new TaskChange { TaskId = "a", To = TaskState.Running, At = at.AddSeconds(2) }, None);
        next!.Task.Prompt.ShouldBe("try again, harder");
        next.Task.NotBefore.ShouldBeNull();
    }

    [Fact]
    public async Task Transitioning_a_missing_task_throws()
    {
        await using var scope = await StoreScope.OpenAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() => scope.Store.TransitionTaskAsync(
            new TaskChange { TaskId = "nope", To = TaskState.Running, At = Samples.T0 }, None));
        (await scope.Store.LastPositionAsync(None)).ShouldBe(0);
    }

    [Fact]
    public async Task List_filters_by_state_in_queue_order_up_to_the_limit()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("c", createdAfter: TimeSpan.FromSeconds(3)), Actor.Baton, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("a", createdAfter: TimeSpan.FromSeconds(1)), Actor.Baton, None);
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("b", createdAfter: TimeSpan.FromSeconds(2)), TaskState.Running);
        await scope.Store.AddTaskAsync(Samples.NewTask("d", createdAfter: TimeSpan.FromSeconds(4)), Actor.Baton, None);

        var all = await scope.Store.ListTasksAsync(new TaskQuery(), None);
        var queued = await scope.Store.ListTasksAsync(new TaskQuery([TaskState.Queued], Limit: 2), None);
        var none = await scope.Store.ListTasksAsync(new TaskQuery([]), None);

        all.Select(t => t.Id).ShouldBe(["a", "b", "c", "d"]);
        queued.Select(t => t.Id).ShouldBe(["a", "c"]);
        none.ShouldBeEmpty();
    }
}
