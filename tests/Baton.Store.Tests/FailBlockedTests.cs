using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Testing;

namespace Baton.Store.Tests;

public sealed class FailBlockedTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = Samples.T0.AddHours(1);

    [Theory]
    [InlineData(TaskState.Failed, "failed")]
    [InlineData(TaskState.Cancelled, "cancelled")]
    [InlineData(TaskState.Escalated, "escalated")]
    public async Task A_task_whose_dependency_can_no_longer_succeed_fails_naming_it(TaskState depState, string wire)
    {
        await using var scope = await StoreScope.OpenAsync();
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("dep"), depState);
        await scope.Store.AddTaskAsync(Samples.NewTask("child", dependsOn: ["dep"]), Actor.Baton, None);

        var failed = await scope.Store.FailBlockedTasksAsync(Now, None);

        var child = failed.ShouldHaveSingleItem();
        child.Task.Id.ShouldBe("child");
        child.Task.State.ShouldBe(TaskState.Failed);
        child.Task.Reason.ShouldBe($"dependency dep {wire}");
        child.Task.UpdatedAt.ShouldBe(Now);
        child.Event.Type.ShouldBe(EventType.TaskState);
        child.Event.TaskId.ShouldBe("child");
        child.Event.Data.Fields()["from"]!.GetValue<string>().ShouldBe("queued");
        child.Event.Data.Fields()["state"]!.GetValue<string>().ShouldBe("failed");
        child.Event.Data.Fields()["reason"]!.GetValue<string>().ShouldBe($"dependency dep {wire}");
        (await scope.Store.GetTaskAsync("child", None))!.State.ShouldBe(TaskState.Failed);
        (await scope.Store.LastPositionAsync(None)).ShouldBe(child.Event.Position);
    }

    [Fact]
    public async Task A_missing_dependency_fails_the_task()
    {
        await using var scope = await StoreScope.OpenAsync();
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("child", dependsOn: ["ghost"]), TaskState.Waiting);

        var failed = await scope.Store.FailBlockedTasksAsync(Now, None);

        var child = failed.ShouldHaveSingleItem();
        child.Task.Reason.ShouldBe("dependency ghost missing");
        child.Event.Data.Fields()["from"]!.GetValue<string>().ShouldBe("waiting");
    }

    [Fact]
    public async Task Failure_propagates_down_a_chain_of_dependencies()
    {
        await using var scope = await StoreScope.OpenAsync();
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("a"), TaskState.Failed);
        await scope.Store.AddTaskAsync(Samples.NewTask("d", dependsOn: ["c"]), Actor.Baton, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("c", dependsOn: ["b"]), Actor.Baton, None);
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("b", dependsOn: ["a"]), TaskState.Waiting);

        var failed = await scope.Store.FailBlockedTasksAsync(Now, None);

        failed.Select(t => (t.Task.Id, t.Task.Reason)).ShouldBe([("b", "dependency a failed"), ("c", "dependency b failed"), ("d", "dependency c failed")]);
        failed.Select(t => t.Event.Position).ShouldBeInOrder(SortDirection.Ascending);
        failed.Select(t => t.Event.Position).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task Tasks_that_can_still_run_are_left_alone()
    {
        await using var scope = await StoreScope.OpenAsync();
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("ok"), TaskState.Succeeded);
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("busy"), TaskState.Running);
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("bad"), TaskState.Failed);
        await scope.Store.AddTaskAsync(Samples.NewTask("after-ok", dependsOn: ["ok"]), Actor.Baton, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("after-busy", dependsOn: ["busy"]), Actor.Baton, None);
        // Only queued and waiting tasks are failed: a running one finishes on its own terms.
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("running-after-bad", dependsOn: ["bad"]), TaskState.Running);
        var position = await scope.Store.LastPositionAsync(None);

        (await scope.Store.FailBlockedTasksAsync(Now, None)).ShouldBeEmpty();
        (await scope.Store.LastPositionAsync(None)).ShouldBe(position);
    }

    [Fact]
    public async Task The_reason_names_the_first_blocking_dependency_in_declared_order()
    {
        await using var scope = await StoreScope.OpenAsync();
        await Samples.AddInStateAsync(scope.Store, Samples.NewTask("x"), TaskState.Cancelled);
        await scope.Store.AddTaskAsync(Samples.NewTask("child", dependsOn: ["ghost", "x"]), Actor.Baton, None);

        (await scope.Store.FailBlockedTasksAsync(Now, None)).ShouldHaveSingleItem().Task.Reason.ShouldBe("dependency ghost missing");
    }
}
