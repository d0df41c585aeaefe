using Baton.Core.Config;
using Baton.Core.Workspaces;
using Baton.Git;

namespace Baton.Processes.Tests.Git;

/// <summary>
/// Branches that travel, with real git: a bare repository stands in for the project's remote, and two nodes each work in
/// their own clone of it, as two machines would.
/// </summary>
public sealed class GitRemoteTests : IDisposable
{
    private readonly TempGitRepo _origin = new();
    private readonly string _remote;
    private readonly string _dir = TempDir.Create("nodes");
    private readonly GitWorkspaceManager _manager = new(new ProcessRunner());

    public GitRemoteTests()
    {
        _remote = Path.Combine(_dir, "remote.git");
        TempGitRepo.RunGit(_dir, "clone", "-q", "--bare", _origin.Path, _remote);
    }

    private string Url => "file://" + _remote;

    private async Task<Workspace> PrepareAsync(string node, string task)
    {
        var clone = Path.Combine(_dir, node, "clone");
        await _manager.EnsureCloneAsync(Url, clone, CancellationToken.None);
        var request = new WorkspaceRequest(clone, "main", task, Path.Combine(_dir, node, "ws"), WorkspaceMode.Worktree) { Remote = true };
        return await _manager.PrepareAsync(request, CancellationToken.None);
    }

    private async Task<string> CommitAsync(Workspace workspace, string file, string text)
    {
        await File.AppendAllTextAsync(Path.Combine(workspace.Path, file), text + "\n");
        return (await _manager.CommitAllAsync(workspace, $"turn: {text}", CancellationToken.None))!;
    }

    private string RemoteHead(string branch) => TempGitRepo.RunGit(_remote, "rev-parse", branch);

    [Fact]
    public async Task A_branch_pushed_by_one_node_is_taken_up_by_another_and_a_node_that_lost_it_cannot_overwrite_it()
    {
        var a = await PrepareAsync("a", "t1");
        a.ResumedFrom.ShouldBeNull("nothing was pushed yet");
        var first = await CommitAsync(a, "work.txt", "plan");
        (await _manager.PushAsync(a, overwrite: false, CancellationToken.None)).ShouldBe(new PushResult(first, null));
        RemoteHead("baton/t1").ShouldBe(first);
        (await _manager.PushAsync(a, overwrite: false, CancellationToken.None)).ShouldBeNull("the remote already has it");

        // Node b takes the run over: its workspace starts from what a pushed, on a base that is main's commit.
        var b = await PrepareAsync("b", "t1");
        b.ResumedFrom.ShouldBe(first);
        b.BaseCommit.ShouldBe(_origin.Git("rev-parse", "main"));
        (await File.ReadAllTextAsync(Path.Combine(b.Path, "work.txt"))).ShouldBe("plan\n");
        var second = await CommitAsync(b, "work.txt", "build");
        (await _manager.PushAsync(b, overwrite: false, CancellationToken.None))!.Commit.ShouldBe(second);

        // Node a, which lost the run, commits on its stale copy: its push is refused and the remote keeps b's work.
        await CommitAsync(a, "work.txt", "late");
        await Should.ThrowAsync<BranchMovedException>(() => _manager.PushAsync(a, overwrite: false, CancellationToken.None));
        RemoteHead("baton/t1").ShouldBe(second);
    }

    [Fact]
    public async Task The_owner_replaces_what_a_node_that_lost_the_run_pushed_and_says_which_commit_it_replaced()
    {
        var a = await PrepareAsync("a", "t2");
        var b = await PrepareAsync("b", "t2");
        var stale = await CommitAsync(a, "a.txt", "from the node that lost the run");
        await _manager.PushAsync(a, overwrite: false, CancellationToken.None);

        var mine = await CommitAsync(b, "b.txt", "from the owner");
        await Should.ThrowAsync<BranchMovedException>(() => _manager.PushAsync(b, overwrite: false, CancellationToken.None));
        (await _manager.PushAsync(b, overwrite: true, CancellationToken.None)).ShouldBe(new PushResult(mine, stale));
        RemoteHead("baton/t2").ShouldBe(mine);
    }

    [Fact]
    public async Task A_node_taking_a_run_back_aligns_its_old_workspace_with_the_remote_and_counts_what_it_drops()
    {
        var a = await PrepareAsync("a", "t3");
        await CommitAsync(a, "work.txt", "pushed by a");
        await _manager.PushAsync(a, overwrite: false, CancellationToken.None);
        await CommitAsync(a, "work.txt", "never pushed");   // a is cut off before this push

        var b = await PrepareAsync("b", "t3");
        var moved = await CommitAsync(b, "work.txt", "pushed by b");
        await _manager.PushAsync(b, overwrite: false, CancellationToken.None);

        // The run comes back to a, whose workspace still holds its unpushed commit on an older base.
        var again = await PrepareAsync("a", "t3");
        again.Path.ShouldBe(a.Path);
        again.ResumedFrom.ShouldBe(moved);
        again.DiscardedCommits.ShouldBe(1);
        TempGitRepo.RunGit(again.Path, "rev-parse", "HEAD").ShouldBe(moved);
        (await File.ReadAllTextAsync(Path.Combine(again.Path, "work.txt"))).ShouldBe("pushed by a\npushed by b\n");
    }

    [Fact]
    public async Task New_tasks_start_from_the_remote_default_branch_as_it_is_now_not_from_the_clone_made_earlier()
    {
        await PrepareAsync("a", "t4");
        _origin.Write("later.txt", "main moved on");
        _origin.CommitAll("later on main");
        TempGitRepo.RunGit(_origin.Path, "push", "-q", _remote, "main");

        var next = await PrepareAsync("a", "t5");

        next.BaseCommit.ShouldBe(_origin.Git("rev-parse", "main"));
        File.Exists(Path.Combine(next.Path, "later.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_clone_that_cannot_be_made_says_what_to_check_and_leaves_nothing_behind()
    {
        var clone = Path.Combine(_dir, "c", "clone");

        var error = await Should.ThrowAsync<WorkspaceException>(
            () => _manager.EnsureCloneAsync("file://" + Path.Combine(_dir, "no-such.git"), clone, CancellationToken.None));

        error.Message.ShouldContain("Check that `repo`");
        Directory.Exists(clone).ShouldBeFalse();
        Directory.GetFileSystemEntries(Path.Combine(_dir, "c")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_batons_own_branches_are_pushed()
    {
        var a = await PrepareAsync("a", "t6");

        var error = await Should.ThrowAsync<WorkspaceException>(
            () => _manager.PushAsync(a with { Branch = "main" }, overwrite: true, CancellationToken.None));

        error.Message.ShouldContain("only its own `baton/*` branches");
        RemoteHead("main").ShouldBe(_origin.Git("rev-parse", "main"));
    }

    public void Dispose()
    {
        _manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
        TempDir.Delete(_dir);
        _origin.Dispose();
    }
}
