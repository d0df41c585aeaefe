using Baton.Core.Workspaces;
using Baton.Git;

namespace Baton.Processes.Tests.Git;

/// <summary>
/// Task branches deleted on the remote itself, with real git: a bare repository stands in for the remote, and each node
/// works in its own clone. A deletion holds a lease on the commit judged, so nothing that moved is lost and two nodes
/// sweeping at once do no harm.
/// </summary>
public sealed class GitRemoteBranchCleanupTests : IDisposable
{
    private readonly TempGitRepo _origin = new();
    private readonly string _remote;
    private readonly string _dir = TempDir.Create("nodes");
    private readonly GitWorkspaceManager _manager = new(new ProcessRunner());

    public GitRemoteBranchCleanupTests()
    {
        _remote = Path.Combine(_dir, "remote.git");
        TempGitRepo.RunGit(_dir, "clone", "-q", "--bare", _origin.Path, _remote);
    }

    private async Task<string> CloneAsync(string node)
    {
        var clone = Path.Combine(_dir, node, "clone");
        await _manager.EnsureCloneAsync("file://" + _remote, clone, CancellationToken.None);
        return clone;
    }

    /// <summary>Pushes a task branch to the remote: one commit on main (unmerged), or main itself (merged).</summary>
    private string PushBranch(string branch, bool merged)
    {
        if (!merged)
        {
            _origin.Git("checkout", "-q", "-b", branch, "main");
            _origin.Write($"{branch.Replace('/', '-')}.txt", "work");
            _origin.CommitAll($"work of {branch}");
            _origin.Git("checkout", "-q", "main");
        }

        _origin.Git("push", "-q", _remote, $"{(merged ? "main" : branch)}:refs/heads/{branch}");
        return RemoteTip(branch)!;
    }

    private string? RemoteTip(string branch)
    {
        var line = TempGitRepo.RunGit(_remote, "for-each-ref", "--format=%(objectname)", $"refs/heads/{branch}");
        return line.Length == 0 ? null : line;
    }

    [Fact]
    public async Task The_remotes_task_branches_are_listed_with_their_commits_and_which_are_merged_into_its_default_branch()
    {
        var clone = await CloneAsync("a");
        var merged = PushBranch("baton/t-merged", merged: true);
        var open = PushBranch("baton/t-open", merged: false);
        PushBranch("feature/not-ours", merged: true);

        var listed = await _manager.ListRemoteTaskBranchesAsync(clone, "main", CancellationToken.None);

        listed.All.ShouldBe(["baton/t-merged", "baton/t-open"], ignoreOrder: true);
        listed.Merged.ShouldBe(["baton/t-merged"]);
        listed.Tips["baton/t-merged"].ShouldBe(merged);
        listed.Tips["baton/t-open"].ShouldBe(open);
    }

    [Fact]
    public async Task Deletion_takes_the_judged_branches_off_the_remote_in_one_push_and_keeps_one_that_moved_since()
    {
        var clone = await CloneAsync("a");
        PushBranch("baton/t1", merged: true);
        PushBranch("baton/t2", merged: false);
        PushBranch("baton/t3", merged: false);
        var judged = (await _manager.ListRemoteTaskBranchesAsync(clone, "main", CancellationToken.None)).Tips;

        // After judging, another node pushes new work to t2 and its sweep already deleted t3.
        _origin.Git("checkout", "-q", "baton/t2");
        _origin.Write("more.txt", "new work");
        _origin.CommitAll("new work on t2");
        _origin.Git("checkout", "-q", "main");
        _origin.Git("push", "-q", _remote, "baton/t2");
        var movedTo = RemoteTip("baton/t2");
        TempGitRepo.RunGit(_remote, "branch", "-D", "baton/t3");

        var result = await _manager.DeleteRemoteTaskBranchesAsync(clone, judged, CancellationToken.None);

        result.Deleted.ShouldBe(["baton/t1", "baton/t3"], ignoreOrder: true, "a branch already gone is not an error");
        result.Moved.ShouldBe(["baton/t2"]);
        RemoteTip("baton/t1").ShouldBeNull();
        RemoteTip("baton/t2").ShouldBe(movedTo, "new work on the remote is never deleted");
        TempGitRepo.RunGit(clone, "for-each-ref", "--format=%(refname)", "refs/remotes/origin/baton/")
            .ShouldBe("refs/remotes/origin/baton/t2", "the clone forgets what the remote no longer has");
    }

    [Fact]
    public async Task Two_nodes_deleting_the_same_branches_at_once_both_end_cleanly_with_the_branches_gone()
    {
        var a = await CloneAsync("a");
        var b = await CloneAsync("b");
        foreach (var i in Enumerable.Range(1, 5))
        {
            PushBranch($"baton/c{i}", merged: true);
        }

        var judgedA = (await _manager.ListRemoteTaskBranchesAsync(a, "main", CancellationToken.None)).Tips;
        var judgedB = (await _manager.ListRemoteTaskBranchesAsync(b, "main", CancellationToken.None)).Tips;

        var results = await Task.WhenAll(
            _manager.DeleteRemoteTaskBranchesAsync(a, judgedA, CancellationToken.None),
            _manager.DeleteRemoteTaskBranchesAsync(b, judgedB, CancellationToken.None));

        results.ShouldAllBe(r => r.Deleted.Count == 5 && r.Moved.Count == 0);
        TempGitRepo.RunGit(_remote, "branch", "--list", "baton/*").ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_batons_own_branches_are_deleted_and_a_remote_that_refuses_says_so()
    {
        var clone = await CloneAsync("a");
        var kept = PushBranch("feature/x", merged: true);
        PushBranch("baton/t9", merged: true);
        var judged = (await _manager.ListRemoteTaskBranchesAsync(clone, "main", CancellationToken.None)).Tips;

        var none = await _manager.DeleteRemoteTaskBranchesAsync(clone, new Dictionary<string, string> { ["feature/x"] = kept }, CancellationToken.None);
        TempGitRepo.RunGit(_remote, "config", "receive.denyDeletes", "true");
        var refused = await Should.ThrowAsync<WorkspaceException>(() => _manager.DeleteRemoteTaskBranchesAsync(clone, judged, CancellationToken.None));

        none.Deleted.ShouldBeEmpty();
        RemoteTip("feature/x").ShouldBe(kept);
        refused.Message.ShouldContain("baton/t9 unchanged");
        RemoteTip("baton/t9").ShouldNotBeNull();
    }

    public void Dispose()
    {
        _manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
        TempDir.Delete(_dir);
        _origin.Dispose();
    }
}
