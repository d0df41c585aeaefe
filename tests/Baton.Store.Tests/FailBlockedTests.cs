using Baton.Core.Model;

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
        await scope.Store.AddTaskAsync(Samples.NewTask("dep") with { State = depState }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("child", dependsOn: ["dep"]), None);

        var failed = await scope.Store.FailBlockedTasksAsync(Now, None);

        var child = failed.ShouldHaveSingleItem();
        child.Id.ShouldBe("child");
        child.State.ShouldBe(TaskState.Failed);
        child.Reason.ShouldBe($"dependency dep {wire}");
        child.UpdatedAt.ShouldBe(Now);
        (await scope.Store.GetTaskAsync("child", None))!.State.ShouldBe(TaskState.Failed);
    }

    [Fact]
    public async Task A_missing_dependency_fails_the_task()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("child", dependsOn: ["ghost"]) with { State = TaskState.Waiting }, None);

        var failed = await scope.Store.FailBlockedTasksAsync(Now, None);

        failed.ShouldHaveSingleItem().Reason.ShouldBe("dependency ghost missing");
    }

    [Fact]
    public async Task Failure_propagates_down_a_chain_of_dependencies()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("a") with { State = TaskState.Failed }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("d", dependsOn: ["c"]), None);
        await scope.Store.AddTaskAsync(Samples.NewTask("c", dependsOn: ["b"]), None);
        await scope.Store.AddTaskAsync(Samples.NewTask("b", dependsOn: ["a"]) with { State = TaskState.Waiting }, None);

        var failed = await scope.Store.FailBlockedTasksAsync(Now, None);

        failed.Select(t => (t.Id, t.Reason)).ShouldBe([("b", "dependency a failed"), ("c", "dependency b failed"), ("d", "dependency c failed")]);
    }

    [Fact]
    public async Task Tasks_that_can_still_run_are_left_alone()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("ok") with { State = TaskState.Succeeded }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("busy") with { State = TaskState.Running }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("bad") with { State = TaskState.Failed }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("after-ok", dependsOn: ["ok"]), None);
        await scope.Store.AddTaskAsync(Samples.NewTask("after-busy", dependsOn: ["busy"]), None);
        // Only queued and waiting tasks are failed: a running one finishes on its own terms.
        await scope.Store.AddTaskAsync(Samples.NewTask("running-after-bad", dependsOn: ["bad"]) with { State = TaskState.Running }, None);

        (await scope.Store.FailBlockedTasksAsync(Now, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_reason_names_the_first_blocking_dependency_in_declared_order()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("x") with { State = TaskState.Cancelled }, None);
        await scope.Store.AddTaskAsync(Samples.NewTask("child", dependsOn: ["ghost", "x"]), None);

        (await scope.Store.FailBlockedTasksAsync(Now, None)).ShouldHaveSingleItem().Reason.ShouldBe("dependency ghost missing");
    }
}
