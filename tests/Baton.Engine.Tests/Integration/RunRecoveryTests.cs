using System.Diagnostics;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Engine.Recovery;
using Baton.Engine.Scheduling;
using Baton.Testing;

namespace Baton.Engine.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class RunRecoveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The identity (pid and start time) of a process that has since exited, as a crashed Baton's would be.</summary>
    internal static async Task<RunOwner> DeadOwnerAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { RedirectStandardInput = true })!;
        (await Eventually.TrueAsync(() => ProcStatFile.Read(process.Id) is not null, TimeSpan.FromSeconds(10))).ShouldBeTrue();
        var startTicks = ProcStatFile.Read(process.Id)!.StartTicks;
        process.Kill();
        await process.WaitForExitAsync();
        return new RunOwner(Environment.MachineName, process.Id, startTicks);
    }

    /// <summary>A task with a run in the middle of its build stage, owned by <paramref name="owner"/>, with one recorded process group.</summary>
    private static async Task<RunRecord> RunningRunAsync(EngineHarness h, RunOwner owner, LeftoverProcessGroup group)
    {
        var now = h.Services.Time.GetUtcNow();
        var task = await h.AddTaskAsync("crashed midway");
        await h.Store.TransitionTaskAsync(new TaskChange { TaskId = task.Id, To = TaskState.Running, At = now }, None);
        var run = new RunRecord
        {
            Id = Ids.NewRunId(),
            TaskId = task.Id,
            Pipeline = "default",
            Project = "app",
            State = RunState.Running,
            CurrentStage = "build",
            Owner = owner,
            CreatedAt = now,
            StartedAt = now,
            HeartbeatAt = now,
        };
        await h.Store.AddRunAsync(run, None);
        await h.Store.UpsertStageAsync(new StageRecord { RunId = run.Id, StageId = "build", Kind = "agent", State = StageState.Running, Tries = 1, StartedAt = now }, None);
        await h.Store.AddProcessGroupAsync(run.Id, new ProcessGroupRecord(group.Pgid, group.StartTicks, "build"), None);
        return run;
    }

    private static Task<EngineHarness> HarnessAsync() =>
        EngineHarness.CreateAsync(scratch => EngineHarness.ShellAgentConfig(scratch, "true", []));

    [Fact]
    public async Task A_run_whose_owner_died_becomes_interrupted_and_its_process_group_is_killed()
    {
        await using var h = await HarnessAsync();
        using var leftover = await LeftoverProcessGroup.StartAsync();
        var dead = await DeadOwnerAsync();
        var run = await RunningRunAsync(h, dead, leftover);

        var recovered = await new RunRecovery(h.Services).RecoverAsync(None);

        recovered.Select(r => r.Id).ShouldBe([run.Id]);
        (await Eventually.TrueAsync(() => !leftover.IsAlive, TimeSpan.FromSeconds(10))).ShouldBeTrue("the leftover group was killed");
        var stored = (await h.Store.GetRunAsync(run.Id, None))!;
        stored.State.ShouldBe(RunState.Interrupted);
        stored.Reason.ShouldBe(RunReason.Interrupted);
        stored.Owner.ShouldBeNull("an interrupted run is free for `baton resume` to take");
        stored.Message!.ShouldContain($"owner process {dead.Pid}");
        (await h.Store.ListProcessGroupsAsync(run.Id, None)).ShouldBeEmpty();
        var stage = (await h.Store.ListStagesAsync(run.Id, None)).ShouldHaveSingleItem();
        (stage.State, stage.Error).ShouldBe((StageState.Pending, "interrupted"));
        (await h.Store.GetTaskAsync(run.TaskId, None))!.State.ShouldBe(TaskState.Paused);
        var last = (await h.Store.ReadEventsAsync(run.Id, 0, 100, None)).ShouldHaveSingleItem();
        (last.Type, (string?)last.Data.Fields()["state"], (string?)last.Data.Fields()["previous"]).ShouldBe((EventType.RunState, "interrupted", "running"));
    }

    [Fact]
    public async Task A_run_whose_owner_is_alive_is_left_running_with_its_processes()
    {
        await using var h = await HarnessAsync();
        using var group = await LeftoverProcessGroup.StartAsync();
        var run = await RunningRunAsync(h, h.Services.ProcessControl.CurrentOwner, group);

        var recovered = await new RunRecovery(h.Services).RecoverAsync(None);

        recovered.ShouldBeEmpty();
        group.IsAlive.ShouldBeTrue();
        (await h.Store.GetRunAsync(run.Id, None))!.State.ShouldBe(RunState.Running);
        (await h.Store.ListProcessGroupsAsync(run.Id, None)).ShouldHaveSingleItem().Pgid.ShouldBe(group.Pgid);
    }

    [Fact]
    public async Task Recovering_twice_changes_nothing_the_second_time()
    {
        await using var h = await HarnessAsync();
        using var leftover = await LeftoverProcessGroup.StartAsync();
        var run = await RunningRunAsync(h, await DeadOwnerAsync(), leftover);
        await new RunRecovery(h.Services).RecoverAsync(None);
        var events = await h.Store.LastSeqAsync(run.Id, None);

        var again = await new RunRecovery(h.Services).RecoverAsync(None);

        again.ShouldBeEmpty();
        (await h.Store.LastSeqAsync(run.Id, None)).ShouldBe(events);
        (await h.Store.GetRunAsync(run.Id, None))!.State.ShouldBe(RunState.Interrupted);
    }
}
