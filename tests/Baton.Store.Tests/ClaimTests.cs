using System.Collections.Concurrent;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Testing;

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
        await store.AddTaskAsync(Samples.NewTask("old-low", priority: 0, createdAfter: TimeSpan.Zero), Actor.Baton, None);
        await store.AddTaskAsync(Samples.NewTask("new-high", priority: 5, createdAfter: TimeSpan.FromMinutes(2)), Actor.Baton, None);
        await store.AddTaskAsync(Samples.NewTask("old-high-b", priority: 5, createdAfter: TimeSpan.FromMinutes(1)), Actor.Baton, None);
        await store.AddTaskAsync(Samples.NewTask("old-high-a", priority: 5, createdAfter: TimeSpan.FromMinutes(1)), Actor.Baton, None);

        var order = new List<string>();
        for (var i = 0; i < 10 && await store.ClaimNextTaskAsync(Samples.Claimer, Now, None) is { } claim; i++)
        {
            order.Add(claim.Task.Id);
        }

        order.ShouldBe(["old-high-a", "old-high-b", "new-high", "old-low"]);
    }

    [Fact]
    public async Task Claim_marks_the_task_running_records_its_event_and_touches_nothing_else()
    {
        await using var scope = await StoreScope.OpenAsync();
        var task = Samples.NewTask("a") with { Attempts = 1, Labels = ["x"] };
        var added = await scope.Store.AddTaskAsync(task, Actor.Baton, None);

        var claimed = await scope.Store.ClaimNextTaskAsync(Samples.Claimer, Now, None);

        claimed.ShouldNotBeNull();
        (claimed.Task with { Labels = task.Labels, DependsOn = task.DependsOn, QualityGates = task.QualityGates })
            .ShouldBe(task with { State = TaskState.Running, UpdatedAt = Now, Reason = "claimed", Claim = new TaskClaim(Samples.Claimer, Now) });
        (await scope.Store.GetTaskAsync("a", None))!.State.ShouldBe(TaskState.Running);
        claimed.Event.Type.ShouldBe(EventType.TaskState);
        claimed.Event.TaskId.ShouldBe("a");
        claimed.Event.RunId.ShouldBeNull();
        claimed.Event.Ts.ShouldBe(Now);
        claimed.Event.Position.ShouldBeGreaterThan(added.Event!.Position);
        claimed.Event.Data.Fields()["from"]!.GetValue<string>().ShouldBe("queued");
        claimed.Event.Data.Fields()["state"]!.GetValue<string>().ShouldBe("running");
        claimed.Event.Data.Fields()["by"]!.GetValue<string>().ShouldBe("baton");
        (await scope.Store.LastPositionAsync(None)).ShouldBe(claimed.Event.Position);
    }

    [Fact]
    public async Task Claim_returns_null_when_nothing_is_ready_and_writes_no_event()
    {
        await using var scope = await StoreScope.OpenAsync();
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("done"), TaskState.Succeeded);
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("paused"), TaskState.Paused);
        var position = await scope.Store.LastPositionAsync(None);

        (await scope.Store.ClaimNextTaskAsync(Samples.Claimer, Now, None)).ShouldBeNull();
        (await scope.Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task Claim_waits_until_every_dependency_succeeded()
    {
        await using var scope = await StoreScope.OpenAsync();
        var store = scope.Store;
        await Samples.AddInStateAsync(store, Samples.NewTask("dep1"), TaskState.Succeeded);
        await Samples.AddInStateAsync(store, Samples.NewTask("dep2"), TaskState.Running);
        await store.AddTaskAsync(Samples.NewTask("child", priority: 9, dependsOn: ["dep1", "dep2"]), Actor.Baton, None);

        (await store.ClaimNextTaskAsync(Samples.Claimer, Now, None)).ShouldBeNull();

        await store.TransitionTaskAsync(new TaskChange { TaskId = "dep2", To = TaskState.Succeeded, At = Now }, None);
        (await store.ClaimNextTaskAsync(Samples.Claimer, Now, None))!.Task.Id.ShouldBe("child");
    }

    [Fact]
    public async Task Claim_never_takes_a_task_whose_dependency_does_not_exist()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("child", dependsOn: ["ghost"]), Actor.Baton, None);

        (await scope.Store.ClaimNextTaskAsync(Samples.Claimer, Now, None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_waiting_task_is_claimed_only_once_its_back_off_has_passed()
    {
        await using var scope = await StoreScope.OpenAsync();
        var retryAt = Now.AddMinutes(5);
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("retry"), TaskState.Waiting, notBefore: retryAt);

        (await scope.Store.ClaimNextTaskAsync(Samples.Claimer, retryAt.AddMilliseconds(-1), None)).ShouldBeNull();
        var claimed = await scope.Store.ClaimNextTaskAsync(Samples.Claimer, retryAt, None);
        claimed!.Task.Id.ShouldBe("retry");
        claimed.Event.Data.Fields()["from"]!.GetValue<string>().ShouldBe("waiting");
    }

    [Fact]
    public async Task A_waiting_task_without_a_back_off_is_ready_when_its_dependencies_are()
    {
        await using var scope = await StoreScope.OpenAsync();
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("dep"), TaskState.Succeeded);
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("w", dependsOn: ["dep"]), TaskState.Waiting);

        (await scope.Store.ClaimNextTaskAsync(Samples.Claimer, Now, None))!.Task.Id.ShouldBe("w");
    }

    [Fact]
    public async Task Claim_never_gives_the_same_task_twice_across_threads_and_stores()
    {
        await using var scope = await StoreScope.OpenAsync();
        var other = await scope.OpenAnotherAsync();
        const int count = 300;
        for (var i = 0; i < count; i++)
        {
            await scope.Store.AddTaskAsync(Samples.NewTask($"t{i:D3}", priority: i % 7), Actor.Baton, None);
        }

        var claimed = new ConcurrentBag<string>();
        var positions = new ConcurrentBag<long>();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? scope.Store : other;
            for (var i = 0; i <= count && await store.ClaimNextTaskAsync(Samples.Claimer, Now, None) is { } claim; i++)
            {
                claimed.Add(claim.Task.Id);
                positions.Add(claim.Event.Position);
            }
        }));
        await Task.WhenAll(workers);

        claimed.Count.ShouldBe(count);
        claimed.Distinct().Count().ShouldBe(count);
        positions.Distinct().Count().ShouldBe(count);
        (await scope.Store.ReadFeedAsync(new FeedQuery(TypePrefix: "task.state"), 2 * count, None)).Count.ShouldBe(count);
    }
}
