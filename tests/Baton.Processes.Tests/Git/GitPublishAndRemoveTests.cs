using Baton.Core.Config;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Git;

public sealed class GitPublishAndRemoveTests : IDisposable
{
    private readonly GitFixture _git = new();

    [Fact]
    public async Task A_clone_workspace_is_isolated_until_published()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("p1", WorkspaceMode.Clone), CancellationToken.None);
        Directory.Exists(Path.Combine(workspace.Path, ".git")).ShouldBeTrue("a clone has its own .git directory");
        workspace.BaseCommit.ShouldBe(_git.MainCommit);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "result.txt"), "done");
        var commit = await _git.Manager.CommitAllAsync(workspace, "clone work", CancellationToken.None);
        Should.Throw<InvalidOperationException>(() => _git.Repo.Git("rev-parse", "--verify", "-q", "refs/heads/baton/p1"));

        await _git.Manager.PublishAsync(workspace, CancellationToken.None);

        _git.Repo.Git("rev-parse", "refs/heads/baton/p1").ShouldBe(commit);
    }

    [Fact]
    public async Task Removing_a_clone_deletes_it_and_keeps_the_published_branch_for_the_next_prepare()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("p2", WorkspaceMode.Clone), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "result.txt"), "done");
        var commit = await _git.Manager.CommitAllAsync(workspace, "clone work", CancellationToken.None);
        await _git.Manager.PublishAsync(workspace, CancellationToken.None);

        await _git.Manager.RemoveAsync(workspace, CancellationToken.None);
        Directory.Exists(workspace.Path).ShouldBeFalse();
        var again = await _git.Manager.PrepareAsync(_git.Request("p2", WorkspaceMode.Clone), CancellationToken.None);

        TempGitRepo.RunGit(again.Path, "rev-parse", "HEAD").ShouldBe(commit);
        again.BaseCommit.ShouldBe(workspace.BaseCommit);
    }

    [Fact]
    public async Task Removing_a_worktree_keeps_the_branch_and_its_commits()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("p3"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "result.txt"), "done");
        var commit = await _git.Manager.CommitAllAsync(workspace, "work", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "uncommitted.txt"), "dirty");

        await _git.Manager.PublishAsync(workspace, CancellationToken.None);
        await _git.Manager.RemoveAsync(workspace, CancellationToken.None);

        Directory.Exists(workspace.Path).ShouldBeFalse();
        _git.Repo.Git("worktree", "list", "--porcelain").ShouldNotContain(workspace.Path);
        _git.Repo.Git("rev-parse", "baton/p3").ShouldBe(commit);
    }

    [Fact]
    public async Task Removing_a_worktree_twice_or_after_manual_deletion_is_harmless()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("p4"), CancellationToken.None);
        Directory.Delete(workspace.Path, recursive: true);

        await _git.Manager.RemoveAsync(workspace, CancellationToken.None);
        await _git.Manager.RemoveAsync(workspace, CancellationToken.None);

        _git.Repo.Git("worktree", "list", "--porcelain").ShouldNotContain(workspace.Path);
    }

    public void Dispose() => _git.Dispose();
}
