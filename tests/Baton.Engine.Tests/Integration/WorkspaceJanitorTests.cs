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
}
