using System.Collections.Concurrent;
using Baton.Core.Model;

namespace Baton.Store.Tests;

public sealed class ClaimTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = Samples.T0.AddHours(1);

    [Fact]
    public async Task Claim_takes_the_highest_priority_then_the_oldest_then_the_lowest_id()
    {
        await using var scope = await StoreScope.OpenAsync();
        var store = scope.Store;
        await store.AddTaskAsync(Samples.NewTask("old-low", priority: 0, createdAfter: TimeSpan.Zero), None);
        await store.AddTaskAsync(Samples.NewTask("new-high", priority: 5, createdAfter: TimeSpan.FromMinutes(2)), None);
        await store.AddTaskAsync(Samples.NewTask("old-high-b", priority: 5, createdAfter: TimeSpan.FromMinutes(1)), None);
        await store.AddTaskAsync(Samples.NewTask("old-high-a", priority: 5, createdAfter: TimeSpan.FromMinutes(1)), None);

        var order = new List<string>();
        while (await store.ClaimNextTaskAsync(Now, None) is { } task)
        {
            order.Add(task.Id);
        }

        order.ShouldBe(["old-high-a", "old-high-b", "new-high", "old-low"]);
    }

    [Fact]
    public async Task Claim_marks_the_task_running_and_touches_nothing_else()
    {
        await using var scope = await StoreScope.OpenAsync();
        var task = Samples.NewTask("a") with { Attempts = 1, Labels = ["x"] };
        await scope.Store.AddTaskAsync(task, None);

        var claimed = await scope.Store.ClaimNextTaskAsync(Now, None);

        claimed.ShouldNotBeNull();
        (claimed with { Labels = task.Labels, DependsOn = task.DependsOn })
            .ShouldBe(task with { State = TaskState.Running, UpdatedAt = Now });
        (await scope.Store.GetTaskAsync("a", None))!.State.ShouldBe(TaskState.Running);
    }

    [Fact]
    public async Task Claim_returns_null_when_nothing_is_ready()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("done") with { State = TaskState.Succeeded }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("paused") with { State = TaskState.Paused }, None);

        (await scope.Store.ClaimNextTaskAsync(Now, None)).ShouldBeNull();
    }

    [Fact]
    public async Task Claim_waits_until_every_dependency_succeeded()
    {
        await using var scope = await StoreScope.OpenAsync();
        var store = scope.Store;
        await store.AddTaskAsync(Samples.NewTask("dep1") with { State = TaskState.Succeeded }, None);
        await store.AddTaskAsync(Samples.NewTask("dep2") with { State = TaskState.Running }, None);
        await store.AddTaskAsync(Samples.NewTask("child", priority: 9, dependsOn: ["dep1", "dep2"]), None);

        (await store.ClaimNextTaskAsync(Now, None)).ShouldBeNull();

        await store.UpdateTaskAsync((await store.GetTaskAsync("dep2", None))! with { State = TaskState.Succeeded }, None);
        (await store.ClaimNextTaskAsync(Now, None))!.Id.ShouldBe("child");
    }

    [Fact]
    public async Task Claim_never_takes_a_task_whose_dependency_does_not_exist()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("child", dependsOn: ["ghost"]), None);

        (await scope.Store.ClaimNextTaskAsync(Now, None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_waiting_task_is_claimed_only_once_its_back_off_has_passed()
    {
        await using var scope = await StoreScope.OpenAsync();
        var retryAt = Now.AddMinutes(5);
        await scope.Store.AddTaskAsync(Samples.NewTask("retry") with { State = TaskState.Waiting, NotBefore = retryAt }, None);

        (await scope.Store.ClaimNextTaskAsync(retryAt.AddMilliseconds(-1), None)).ShouldBeNull();
        (await scope.Store.ClaimNextTaskAsync(retryAt, None))!.Id.ShouldBe("retry");
    }

    [Fact]
    public async Task A_waiting_task_without_a_back_off_is_ready_when_its_dependencies_are()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("dep") with { State = TaskState.Succeeded }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("w", dependsOn: ["dep"]) with { State = TaskState.Waiting }, None);

        (await scope.Store.ClaimNextTaskAsync(Now, None))!.Id.ShouldBe("w");
    }

    [Fact]
    public async Task Claim_never_gives_the_same_task_twice_across_threads_and_stores()
    {
        await using var scope = await StoreScope.OpenAsync();
        var other = await scope.OpenAnotherAsync();
        const int count = 300;
        for (var i = 0; i < count; i++)
        {
            await scope.Store.AddTaskAsync(Samples.NewTask($"t{i:D3}", priority: i % 7), None);
        }

        var claimed = new ConcurrentBag<string>();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? scope.Store : other;
            while (await store.ClaimNextTaskAsync(Now, None) is { } task)
            {
                claimed.Add(task.Id);
            }
        }));
        await Task.WhenAll(workers);

        claimed.Count.ShouldBe(count);
        claimed.Distinct().Count().ShouldBe(count);
    }
}
