using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;

namespace Baton.Store.Tests;

public sealed class RunStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RunOwner Alice = new("alice-host", 4242, 1_000_001);
    private static readonly RunOwner Bob = new("bob-host", 77, 2_000_002);

    private static async Task<StoreScope> WithTaskAsync()
    {
        var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("t1"), Actor.Baton, None);
        return scope;
    }

    [Fact]
    public async Task A_run_round_trips_with_every_field()
    {
        await using var scope = await WithTaskAsync();
        var run = Samples.NewRun("r1", "t1") with
        {
            State = RunState.Reviewing,
            Reason = RunReason.ReviewBlocked,
            Message = "two reviewers said no",
            Project = "baton",
            Branch = "baton/t1",
            Workspace = "/tmp/ws/t1",
            CurrentStage = "review",
            Owner = Alice,
            StopRequested = true,
            StartedAt = Samples.T0.AddSeconds(2),
            FinishedAt = Samples.T0.AddSeconds(3),
            HeartbeatAt = Samples.T0.AddSeconds(4),
        };

        var added = await scope.Store.AddRunAsync(run, None);

        added.ShouldBe(run with { Epoch = 1 });
        (await scope.Store.GetRunAsync("r1", None)).ShouldBe(run with { Epoch = 1 });
    }

    [Fact]
    public async Task Adding_a_run_counts_it_on_its_task_and_an_unowned_run_has_epoch_zero()
    {
        await using var scope = await WithTaskAsync();

        var first = await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);
        (await scope.Store.GetTaskAsync("t1", None))!.Attempts.ShouldBe(1);
        var second = await scope.Store.AddRunAsync(Samples.NewRun("r2", "t1", number: 2) with { Owner = Bob }, None);

        first.Epoch.ShouldBe(0);
        second.Epoch.ShouldBe(1);
        (await scope.Store.GetTaskAsync("t1", None))!.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task A_run_of_a_task_that_does_not_exist_is_refused()
    {
        await using var scope = await WithTaskAsync();

        var ex = await Should.ThrowAsync<StoreException>(() => scope.Store.AddRunAsync(Samples.NewRun("r1", "ghost"), None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
        (await scope.Store.GetRunAsync("r1", None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_duplicate_run_is_refused_and_does_not_count_as_an_attempt()
    {
        await using var scope = await WithTaskAsync();
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);

        var ex = await Should.ThrowAsync<StoreException>(() => scope.Store.AddRunAsync(Samples.NewRun("r1", "t1", number: 5), None));

        ex.Category.ShouldBe(StoreErrorCategory.Conflict);
        (await scope.Store.GetTaskAsync("t1", None))!.Attempts.ShouldBe(1);
        (await scope.Store.GetRunAsync("r1", None))!.Number.ShouldBe(1);
    }

    [Fact]
    public async Task Runs_are_listed_per_task_oldest_first_and_overall_newest_first()
    {
        await using var scope = await WithTaskAsync();
        await scope.Store.AddTaskAsync(Samples.NewTask("t2"), Actor.Baton, None);
        await scope.Store.AddRunAsync(Samples.NewRun("r2", "t1", number: 2), None);
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1", number: 1), None);
        await scope.Store.AddRunAsync(Samples.NewRun("x3", "t2", number: 3), None);

        (await scope.Store.ListRunsForTaskAsync("t1", None)).Select(r => r.Id).ShouldBe(["r1", "r2"]);
        (await scope.Store.ListRunsAsync(2, None)).Select(r => r.Id).ShouldBe(["x3", "r2"]);
    }

    [Fact]
    public async Task Unfinished_runs_include_interrupted_ones_and_exclude_terminal_ones()
    {
        await using var scope = await WithTaskAsync();
        foreach (var state in Enum.GetValues<RunState>())
        {
            await scope.Store.AddRunAsync(Samples.NewRun($"r-{state}", "t1") with { State = state }, None);
        }

        var unfinished = await scope.Store.ListUnfinishedRunsAsync(None);

        unfinished.Select(r => r.State).ShouldBe(
            Enum.GetValues<RunState>().Where(s => !s.IsTerminal()), ignoreOrder: true);
        unfinished.ShouldContain(r => r.State == RunState.Interrupted);
    }

    [Fact]
    public async Task A_transition_never_clears_a_stop_request_made_by_another_process()
    {
        await using var scope = await WithTaskAsync();
        var run = await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1") with { Owner = Alice }, None);
        var cli = await scope.OpenAnotherAsync();

        await cli.SetStopRequestedAsync("r1", None);
        var moved = await scope.Store.TransitionRunAsync(new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Running }, None);

        moved.State.ShouldBe(RunState.Running);
        moved.StopRequested.ShouldBeTrue();
        var stored = (await scope.Store.GetRunAsync("r1", None))!;
        stored.ShouldBe(moved);
    }

    [Fact]
    public async Task The_heartbeat_only_moves_forward_and_transitions_never_touch_it()
    {
        await using var scope = await WithTaskAsync();
        var run = await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1") with { Owner = Alice }, None);

        (await scope.Store.HeartbeatAsync("r1", run.Epoch, Samples.T0.AddMinutes(2), None)).ShouldBe(new RunBeat(true, false));
        (await scope.Store.HeartbeatAsync("r1", run.Epoch, Samples.T0.AddMinutes(1), None)).ShouldBe(new RunBeat(true, false));
        await scope.Store.TransitionRunAsync(
            new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Running, StartedAt = Samples.T0 }, None);

        (await scope.Store.GetRunAsync("r1", None))!.HeartbeatAt.ShouldBe(Samples.T0.AddMinutes(2));
    }

    [Fact]
    public async Task A_heartbeat_reports_a_stop_request()
    {
        await using var scope = await WithTaskAsync();
        var run = await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1") with { Owner = Alice }, None);
        var cli = await scope.OpenAnotherAsync();

        await cli.SetStopRequestedAsync("r1", None);

        (await scope.Store.HeartbeatAsync("r1", run.Epoch, Samples.T0, None)).ShouldBe(new RunBeat(true, true));
    }

    [Fact]
    public async Task Stop_heartbeat_and_transition_of_an_unknown_run_throw()
    {
        await using var scope = await WithTaskAsync();

        await Should.ThrowAsync<KeyNotFoundException>(() => scope.Store.SetStopRequestedAsync("ghost", None));
        await Should.ThrowAsync<KeyNotFoundException>(() => scope.Store.HeartbeatAsync("ghost", 1, Samples.T0, None));
        await Should.ThrowAsync<KeyNotFoundException>(() => scope.Store.TransitionRunAsync(
            new RunChange { RunId = "ghost", Epoch = 1, To = RunState.Running }, None));
    }

    [Fact]
    public async Task Ownership_of_an_unowned_run_goes_to_the_first_taker_only()
    {
        await using var scope = await WithTaskAsync();
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);
        var other = await scope.OpenAnotherAsync();

        var results = await Task.WhenAll(
            Task.Run(() => scope.Store.TryTakeOwnershipAsync("r1", null, Alice, Samples.T0, None)),
            Task.Run(() => other.TryTakeOwnershipAsync("r1", null, Bob, Samples.T0, None)));

        results.Count(r => r is not null).ShouldBe(1);
        results.Single(r => r is not null).ShouldBe(1);
        var stored = (await scope.Store.GetRunAsync("r1", None))!;
        stored.Owner.ShouldBe(results[0] is not null ? Alice : Bob);
        stored.Epoch.ShouldBe(1);
    }

    [Fact]
    public async Task Ownership_changes_hands_only_from_the_expected_owner_and_bumps_the_epoch()
    {
        await using var scope = await WithTaskAsync();
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1") with { Owner = Alice }, None);

        (await scope.Store.TryTakeOwnershipAsync("r1", null, Bob, Samples.T0, None)).ShouldBeNull();
        (await scope.Store.TryTakeOwnershipAsync("r1", Alice with { StartTicks = 1 }, Bob, Samples.T0, None)).ShouldBeNull();
        var kept = (await scope.Store.GetRunAsync("r1", None))!;
        kept.Owner.ShouldBe(Alice);
        kept.Epoch.ShouldBe(1);

        (await scope.Store.TryTakeOwnershipAsync("r1", Alice, Bob, Samples.T0, None)).ShouldBe(2);
        var taken = (await scope.Store.GetRunAsync("r1", None))!;
        taken.Owner.ShouldBe(Bob);
        taken.Epoch.ShouldBe(2);
        (await scope.Store.TryTakeOwnershipAsync("r1", Alice, Alice, Samples.T0, None)).ShouldBeNull();
        (await scope.Store.TryTakeOwnershipAsync("ghost", null, Alice, Samples.T0, None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_released_run_can_be_taken_again_and_its_old_owner_stays_fenced()
    {
        await using var scope = await WithTaskAsync();
        var run = await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1") with { Owner = Alice }, None);

        var released = await scope.Store.TransitionRunAsync(
            new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Interrupted, Reason = RunReason.Interrupted, ReleaseOwner = true }, None);
        released.Owner.ShouldBeNull();
        released.Epoch.ShouldBe(1);

        (await scope.Store.TryTakeOwnershipAsync("r1", null, Bob, Samples.T0, None)).ShouldBe(2);
        var ex = await Should.ThrowAsync<StoreException>(() => scope.Store.TransitionRunAsync(
            new RunChange { RunId = "r1", Epoch = run.Epoch, To = RunState.Stopped }, None));
        ex.Category.ShouldBe(StoreErrorCategory.Fenced);
        (await scope.Store.GetRunAsync("r1", None))!.State.ShouldBe(RunState.Interrupted);
    }

    [Fact]
    public async Task Stages_upsert_by_run_stage_and_attempt_and_list_in_first_stored_order()
    {
        await using var scope = await WithTaskAsync();
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);
        var build1 = new StageRecord { RunId = "r1", StageId = "build", Kind = "agent", State = StageState.Running, StartedAt = Samples.T0 };
        var lint = new StageRecord { RunId = "r1", StageId = "checks.lint", Kind = "command" };
        var build2 = build1 with { Attempt = 2 };

        await scope.Store.UpsertStageAsync(build1, None);
        await scope.Store.UpsertStageAsync(lint, None);
        await scope.Store.UpsertStageAsync(build2, None);
        var done = build1 with { State = StageState.Failed, Tries = 2, ExitCode = 3, Error = "boom", AllowedFailure = true, FinishedAt = Samples.T0.AddSeconds(9) };
        await scope.Store.UpsertStageAsync(done, None);

        (await scope.Store.ListStagesAsync("r1", None)).ShouldBe([done, lint, build2]);
        (await scope.Store.ListStagesAsync("other", None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Gate_results_are_rows_kept_per_run_in_the_order_they_were_added()
    {
        await using var scope = await WithTaskAsync();
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);
        await scope.Store.AddRunAsync(Samples.NewRun("r2", "t1", number: 2), None);
        var lint1 = new GateResult("make lint", 1, false, 2, false, 1.25, "lint: 3 problems ✗");
        var test1 = new GateResult("make test", 1, false, null, true, 600, "");
        var lint2 = new GateResult("make lint", 2, true, 0, false, 0.5, "ok");

        await scope.Store.AddGateResultAsync("r1", lint1, None);
        await scope.Store.AddGateResultAsync("r2", lint2, None);
        await scope.Store.AddGateResultAsync("r1", test1, None);
        await scope.Store.AddGateResultAsync("r1", lint2, None);

        (await scope.Store.ListGateResultsAsync("r1", None)).ShouldBe([lint1, test1, lint2]);
        (await scope.Store.ListGateResultsAsync("r2", None)).ShouldBe([lint2]);
        (await scope.Store.ListGateResultsAsync("ghost", None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Process_groups_are_added_listed_and_removed()
    {
        await using var scope = await WithTaskAsync();
        await scope.Store.AddRunAsync(Samples.NewRun("r1", "t1"), None);
        var a = new ProcessGroupRecord(1001, 555, "build");
        var b = new ProcessGroupRecord(1002, 556, "checks.lint");

        await scope.Store.AddProcessGroupAsync("r1", a, None);
        await scope.Store.AddProcessGroupAsync("r1", b, None);
        (await scope.Store.ListProcessGroupsAsync("r1", None)).ShouldBe([a, b]);

        await scope.Store.RemoveProcessGroupAsync("r1", 1001, None);
        await scope.Store.RemoveProcessGroupAsync("r1", 9999, None);
        (await scope.Store.ListProcessGroupsAsync("r1", None)).ShouldBe([b]);
    }
}
