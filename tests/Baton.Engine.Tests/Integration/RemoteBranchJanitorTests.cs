using System.Collections.Concurrent;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Engine.Execution;
using Baton.Engine.Scheduling;

namespace Baton.Engine.Tests.Integration;

/// <summary>
/// Branch retention on a remote project, with a real bare repository as the remote: the janitor deletes the task
/// branches it lets go on the remote as well as in the node's clone, judges "merged" by the remote's default branch, and
/// keeps what a task may still need. Any node may sweep; two at once do no harm.
/// </summary>
public sealed class RemoteBranchJanitorTests : IDisposable
{
    private readonly TempGitRepo _origin = new();
    private readonly string _dir = TempDir.Create("remote");
    private readonly string _remote;

    public RemoteBranchJanitorTests()
    {
        _remote = Path.Combine(_dir, "remote.git");
        TempGitRepo.RunGit(_dir, "clone", "-q", "--bare", _origin.Path, _remote);
    }

    /// <summary>A task whose prompt says "fail" fails its gate, after its turn was committed and pushed.</summary>
    private Task<EngineHarness> HarnessAsync(TimeSpan? abandoned, ConcurrentQueue<string>? logs = null) =>
        EngineHarness.CreateAsync(
            scratch => EngineHarness.ShellAgentConfig(scratch, "echo work > w.txt; if grep -q fail \"$BATON_PROMPT_FILE\"; then echo x > fail.txt; fi", ["test ! -f fail.txt"]) with
            {
                Projects = [new ProjectConfig { Key = "app", Repo = "file://" + _remote, Push = true, Workspace = new WorkspaceConfig { Retention = TimeSpan.Zero } }],
                Retention = new RetentionConfig { MergedBranches = TimeSpan.FromDays(7), AbandonedBranches = abandoned },
            },
            adjust: logs is null ? null : s => s with { Logs = new QueueLogs(logs) });

    private string RemoteBranches() => TempGitRepo.RunGit(_remote, "branch", "--list", "baton/*");

    private static string CloneBranches(EngineHarness h) => TempGitRepo.RunGit(Path.Combine(h.StateDir, "remotes", "app"), "branch", "--list", "baton/*");

    /// <summary>Lands the task on the remote's main (a fast-forward), as `baton merge` on any node would.</summary>
    private void Land(string taskId) => TempGitRepo.RunGit(_remote, "update-ref", "refs/heads/main", $"refs/heads/baton/{taskId}");

    private static async Task RunAllAsync(EngineHarness h, int count) =>
        (await new QueueWorker(h.Services) { PollInterval = TimeSpan.FromMilliseconds(100) }.RunAsync(QueueMode.Drain, CancellationToken.None)).Runs.Count.ShouldBe(count);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Past_retention_a_landed_branch_leaves_the_remote_and_the_clone_abandoned_ones_only_when_asked_and_unlanded_work_never(bool abandonedToo)
    {
        await using var h = await HarnessAsync(abandonedToo ? TimeSpan.FromDays(1) : null);
        var merged = await h.AddTaskAsync("merge me");
        var unlanded = await h.AddTaskAsync("keep me");
        var failed = await h.AddTaskAsync("fail me");
        await RunAllAsync(h, 3);
        (await h.Store.GetTaskAsync(failed.Id, CancellationToken.None))!.State.ShouldBe(TaskState.Failed);
        Land(merged.Id);
        var clock = new Fakes.AdjustableClock();

        await new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None);
        RemoteBranches().ShouldContain(merged.Id, Case.Sensitive, "a landed branch is kept for its retention");
        clock.Advance(TimeSpan.FromDays(8));
        await new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None);

        foreach (var (where, branches) in new[] { ("remote", RemoteBranches()), ("clone", CloneBranches(h)) })
        {
            branches.ShouldNotContain(merged.Id, Case.Sensitive, $"landed on the remote's main, so gone from the {where}");
            branches.ShouldContain(unlanded.Id, Case.Sensitive, $"a succeeded task's unlanded branch is work waiting to land ({where})");
            if (abandonedToo)
            {
                branches.ShouldNotContain(failed.Id, Case.Sensitive, where);
            }
            else
            {
                branches.ShouldContain(failed.Id, Case.Sensitive, $"abandoned branches stay unless retention.abandoned_branches says otherwise ({where})");
            }
        }

        TempGitRepo.RunGit(_remote, "log", "--oneline", "main").ShouldContain(merged.Title, Case.Sensitive, "the landed work is in main");
    }

    [Fact]
    public async Task Two_nodes_sweeping_at_once_delete_each_branch_once_and_neither_fails()
    {
        var logs = new ConcurrentQueue<string>();
        await using var h = await HarnessAsync(TimeSpan.FromDays(1), logs);
        var merged = await h.AddTaskAsync("merge me");
        var failed = await h.AddTaskAsync("fail me");
        await RunAllAsync(h, 2);
        Land(merged.Id);
        var clock = new Fakes.AdjustableClock();
        await new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None); // the workspaces go
        var other = h.Services with { Time = clock, StateDir = Path.Combine(_dir, "node-b") };
        await other.Workspaces.EnsureCloneAsync("file://" + _remote, RunSetup.RepoPath(other, other.Config.Projects[0]), CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(8));

        await Task.WhenAll(
            new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None),
            new WorkspaceJanitor(other).SweepAsync(CancellationToken.None));

        RemoteBranches().ShouldBeEmpty();
        CloneBranches(h).ShouldBeEmpty();
        logs.ShouldNotContain(l => l.Contains("[2031]", StringComparison.Ordinal) || l.Contains("[2008]", StringComparison.Ordinal), "no janitor failure on either node");
        logs.ShouldContain(l => l.Contains("[2029]", StringComparison.Ordinal) && l.Contains(failed.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_remote_that_refuses_the_deletion_is_logged_with_its_error_and_the_next_sweep_deletes_the_branch()
    {
        var logs = new ConcurrentQueue<string>();
        await using var h = await HarnessAsync(null, logs);
        var merged = await h.AddTaskAsync("merge me");
        await RunAllAsync(h, 1);
        Land(merged.Id);
        var clock = new Fakes.AdjustableClock();
        clock.Advance(TimeSpan.FromDays(8));
        TempGitRepo.RunGit(_remote, "config", "receive.denyDeletes", "true");

        await new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None);
        RemoteBranches().ShouldContain(merged.Id, Case.Sensitive);
        CloneBranches(h).ShouldBeEmpty("the clone's own sweep goes on");
        var failure = logs.Single(l => l.Contains("[2031]", StringComparison.Ordinal));
        failure.ShouldContain("WorkspaceException");
        failure.ShouldContain("denying ref deletion", Case.Sensitive, "git's own words are kept");

        TempGitRepo.RunGit(_remote, "config", "receive.denyDeletes", "false");
        await new WorkspaceJanitor(h.Services with { Time = clock }).SweepAsync(CancellationToken.None);
        RemoteBranches().ShouldBeEmpty();
    }

    public void Dispose()
    {
        TempDir.Delete(_dir);
        _origin.Dispose();
    }
}
