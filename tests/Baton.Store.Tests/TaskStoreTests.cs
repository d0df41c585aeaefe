using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Store.Sqlite;

namespace Baton.Store.Tests;

public sealed class TaskStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

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
            State = TaskState.NeedsInput,
            Attempts = 2,
            Reason = "waiting for approval",
            ExternalKey = "matrix:$event:1",
            CreatedAt = Samples.T0,
            UpdatedAt = Samples.T0.AddMinutes(5),
            NotBefore = Samples.T0.AddHours(1),
        };

        await scope.Store.AddTaskAsync(task, None);
        var stored = await scope.Store.GetTaskAsync("t-1", None);

        stored.ShouldNotBeNull();
        stored.DependsOn.ShouldBe(["t-0", "t-00"]);
        stored.Labels.ShouldBe(["parser", "urgent"]);
        (stored with { DependsOn = task.DependsOn, Labels = task.Labels }).ShouldBe(task);
    }

    [Fact]
    public async Task Timestamps_round_trip_to_the_millisecond_as_UTC()
    {
        await using var scope = await StoreScope.OpenAsync();
        var local = new DateTimeOffset(2026, 3, 1, 23, 59, 59, 999, TimeSpan.FromHours(-5));

        await scope.Store.AddTaskAsync(Samples.NewTask("a") with { CreatedAt = local, UpdatedAt = local }, None);
        var stored = (await scope.Store.GetTaskAsync("a", None))!;

        stored.CreatedAt.ShouldBe(local);
        stored.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task Enums_are_stored_as_their_snake_case_wire_names()
    {
        await using var scope = await StoreScope.OpenAsync();

        await scope.Store.AddTaskAsync(Samples.NewTask("a") with { State = TaskState.NeedsInput, Source = TaskSource.Http }, None);

        (await MigrationTests.CountAsync(scope.DatabasePath,
            "SELECT count(*) FROM tasks WHERE state = 'needs_input' AND source = 'http'")).ShouldBe(1);
    }

    [Fact]
    public async Task Adding_a_task_with_an_existing_id_is_a_conflict()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("a"), None);

        var ex = await Should.ThrowAsync<StoreException>(() => scope.Store.AddTaskAsync(Samples.NewTask("a"), None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
    }

    [Fact]
    public async Task AddTaskIfNew_is_idempotent_on_the_external_key()
    {
        await using var scope = await StoreScope.OpenAsync();
        var first = Samples.NewTask("a") with { ExternalKey = "TASKS.md:12" };

        var (stored, created) = await scope.Store.AddTaskIfNewAsync(first, None);
        var (again, createdAgain) = await scope.Store.AddTaskIfNewAsync(Samples.NewTask("b") with { ExternalKey = "TASKS.md:12" }, None);

        created.ShouldBeTrue();
        stored.Id.ShouldBe("a");
        createdAgain.ShouldBeFalse();
        again.Id.ShouldBe("a");
        (await scope.Store.GetTaskAsync("b", None)).ShouldBeNull();
        (await scope.Store.FindTaskByExternalKeyAsync("TASKS.md:12", None))!.Id.ShouldBe("a");
    }

    [Fact]
    public async Task Tasks_without_an_external_key_are_always_new()
    {
        await using var scope = await StoreScope.OpenAsync();

        var (_, a) = await scope.Store.AddTaskIfNewAsync(Samples.NewTask("a"), None);
        var (_, b) = await scope.Store.AddTaskIfNewAsync(Samples.NewTask("b"), None);

        a.ShouldBeTrue();
        b.ShouldBeTrue();
    }

    [Fact]
    public async Task Update_replaces_the_stored_task()
    {
        await using var scope = await StoreScope.OpenAsync();
        var task = Samples.NewTask("a");
        await scope.Store.AddTaskAsync(task, None);

        await scope.Store.UpdateTaskAsync(task with { State = TaskState.Failed, Reason = "gate failed", Labels = ["x"] }, None);

        var stored = (await scope.Store.GetTaskAsync("a", None))!;
        stored.State.ShouldBe(TaskState.Failed);
        stored.Reason.ShouldBe("gate failed");
        stored.Labels.ShouldBe(["x"]);
    }

    [Fact]
    public async Task Updating_a_missing_task_throws()
    {
        await using var scope = await StoreScope.OpenAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() => scope.Store.UpdateTaskAsync(Samples.NewTask("nope"), None));
    }

    [Fact]
    public async Task List_filters_by_state_in_queue_order_up_to_the_limit()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("c", createdAfter: TimeSpan.FromSeconds(3)), None);
        await scope.Store.AddTaskAsync(Samples.NewTask("a", createdAfter: TimeSpan.FromSeconds(1)), None);
        await scope.Store.AddTaskAsync(Samples.NewTask("b", createdAfter: TimeSpan.FromSeconds(2)) with { State = TaskState.Running }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("d", createdAfter: TimeSpan.FromSeconds(4)), None);

        var all = await scope.Store.ListTasksAsync(new TaskQuery(), None);
        var queued = await scope.Store.ListTasksAsync(new TaskQuery([TaskState.Queued], Limit: 2), None);
        var none = await scope.Store.ListTasksAsync(new TaskQuery([]), None);

        all.Select(t => t.Id).ShouldBe(["a", "b", "c", "d"]);
        queued.Select(t => t.Id).ShouldBe(["a", "c"]);
        none.ShouldBeEmpty();
    }
}
