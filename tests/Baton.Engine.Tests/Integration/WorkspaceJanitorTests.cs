using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Tests.Integration;

/// <summary>
/// The janitor with a real store and real git worktrees: besides the recorded workspaces of finished tasks, each node
/// sweeps its own workspace directory of leftovers — a workspace whose task the store does not know, one of a task
/// another node finished (its recorded workspace is that node's) — and keeps what a task may still use.
/// </summary>
public sealed class WorkspaceJanitorTests
{
    private static BatonConfig NoRetention(string scratch)
    {
        var config = EngineHarness.ShellAgentConfig(scratch, "echo work > w.txt", []);
        return config with { Projects = [new ProjectConfig { Key = "app", Workspace = new WorkspaceConfig { Retention = TimeSpan.Zero } }] };
    }

    private static string Worktree(EngineHarness h, string name)
    {
        var path = Path.Combine(h.StateDir, "workspaces", name);
        h.Repo.Git("worktree", "add", "-q", "-b", $"baton/{name}", path, "main");
        return path;
    }

    [Fact]
    public async Task Leftover_workspaces_are_swept_and_a_task_that_may_still_run_keeps_its_own()
    {
        await using var h = await EngineHarness.CreateAsync(NoRetention);
        var ghost = Worktree(h, "t-ghost");                        // no such task in the store
        var queued = await h.AddTaskAsync("not run yet");
        var kept = Worktree(h, queued.Id);                         // a workspace a killed process made for it
        var finished = await h.AddTaskAsync("finished elsewhere");
        var leftover = Worktree(h, finished.Id);                   // this node's copy; another node finished the run
        await h.Store.TransitionTaskAsync(new Core.Ports.TaskChange { TaskId = finished.Id, To = TaskState.Running, At = DateTimeOffset.UtcNow }, CancellationToken.None);
        await h.Store.TransitionTaskAsync(new Core.Ports.TaskChange { TaskId = finished.Id, To = TaskState.Succeeded, At = DateTimeOffset.UtcNow }, CancellationToken.None);
        Directory.CreateDirectory(Path.Combine(h.StateDir, "workspaces", ".spares"));

        var removed = await new WorkspaceJanitor(h.Services).SweepAsync(CancellationToken.None);

        removed.ShouldBe([ghost, leftover], ignoreOrder: true);
        Directory.Exists(ghost).ShouldBeFalse();
        Directory.Exists(leftover).ShouldBeFalse();
        Directory.Exists(kept).ShouldBeTrue("a queued task may still run here");
        Directory.Exists(Path.Combine(h.StateDir, "workspaces", ".spares")).ShouldBeTrue();
        h.Repo.Git("worktree", "list").ShouldNotContain("t-ghost", Case.Sensitive, "git forgets the removed worktrees");
        h.Repo.Git("rev-parse", "--verify", $"baton/{finished.Id}").ShouldNotBeEmpty("branches stay");
    }

    [Fact]
    public async Task Past_retention_a_finished_runs_store_events_and_its_directory_go_and_a_newer_run_keeps_both()
    {
        await using var h = await EngineHarness.CreateAsync(scratch => EngineHarness.ShellAgentConfig(scratch, "echo work > w.txt", []) with
        {
            Retention = new RetentionConfig { Events = TimeSpan.FromMinutes(30), RunFiles = TimeSpan.FromHours(1) },
        });
        var task = await h.AddTaskAsync("old work");
        var outcome = (await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(QueueMode.Once, CancellationToken.None)).Runs.ShouldHaveSingleItem();
        var runDir = Path.Combine(h.StateDir, "runs", task.Id, outcome.RunId);
        Directory.Exists(runDir).ShouldBeTrue();

        var kept = await new WorkspaceJanitor(h.Services).SweepRunHistoryAsync(CancellationToken.None);
        (kept.Events, kept.RunDirectories.Count).ShouldBe((0, 0), "a run that just ended is kept");

        var clock = new Fakes.AdjustableClock();
        clock.Advance(TimeSpan.FromMinutes(45));
        var later = h.Services with { Time = clock };
        var sweep = await new WorkspaceJanitor(later).SweepRunHistoryAsync(CancellationToken.None);
        sweep.Events.ShouldBeGreaterThan(5, "past retention.events the store lets the run's events go");
        sweep.RunDirectories.ShouldBeEmpty("run files are kept longer");
        (await h.Store.ReadEventsAsync(outcome.RunId, 0, 100, CancellationToken.None)).ShouldBeEmpty();
        File.ReadAllLines(Path.Combine(runDir, "events.ndjson")).Length.ShouldBe(sweep.Events, "the run's file keeps every event the store let go");

        clock.Advance(TimeSpan.FromHours(1));
        (await new WorkspaceJanitor(later).SweepRunHistoryAsync(CancellationToken.None)).RunDirectories.ShouldBe([runDir]);
        Directory.Exists(Path.Combine(h.StateDir, "runs", task.Id)).ShouldBeFalse("the task's directory goes with its last run");
        (await h.Store.GetRunAsync(outcome.RunId, CancellationToken.None)).ShouldNotBeNull("the run's row stays");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Past_retention_merged_branches_go_abandoned_ones_only_when_asked_and_unlanded_work_never(bool abandonedToo)
    {
        await using var h = await EngineHarness.CreateAsync(scratch => NoRetention(scratch) with
        {
            Agents = new Dictionary<string, AgentConfig>
            {
                ["shell"] = new() { Name = "shell", Kind = AgentKind.Command, Command = "echo work > w.txt; grep -q fail \"$BATON_PROMPT_FILE\" && exit 1; true", Timeout = TimeSpan.FromSeconds(60) },
            },
            Retention = new RetentionConfig { MergedBranches = TimeSpan.FromDays(7), AbandonedBranches = abandonedToo ? TimeSpan.FromDays(1) : null },
        });
        var merged = await h.AddTaskAsync("merge me");
        var unlanded = await h.AddTaskAsync("keep me");
        var failed = await h.AddTaskAsync("fail me");
        var worker = new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) };
        (await worker.RunAsync(QueueMode.Drain, CancellationToken.None)).Runs.Count.ShouldBe(3);
        (await h.Store.GetTaskAsync(failed.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Failed);
        h.Repo.Git("merge", "-q", "--no-edit", $"baton/{merged.Id}");
        var clock = new Fakes.AdjustableClock();

        var early = await new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None);
        h.Repo.Git("branch", "--list", "baton/*").ShouldContain(merged.Id, Case.Sensitive, "a merged branch is kept for its retention");
        clock.Advance(TimeSpan.FromDays(8));
        await new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None);

        early.Count.ShouldBe(3, "the workspaces went first (workspace retention 0)");
        var left = h.Repo.Git("branch", "--list", "baton/*");
        left.ShouldNotContain(merged.Id, Case.Sensitive);
        left.ShouldContain(unlanded.Id, Case.Sensitive, "a succeeded task's unmerged branch is work waiting to land");
        if (abandonedToo)
        {
            left.ShouldNotContain(failed.Id, Case.Sensitive);
        }
        else
        {
            left.ShouldContain(failed.Id, Case.Sensitive, "abandoned branches are kept unless retention.abandoned_branches says otherwise");
        }

        h.Repo.Git("log", "--oneline", "main").ShouldContain("merge me", Case.Sensitive, "the merged work is in main");
    }
}
