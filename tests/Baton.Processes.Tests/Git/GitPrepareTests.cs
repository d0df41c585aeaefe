using Baton.Core.Config;
using Baton.Core.Workspaces;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Git;

public sealed class GitPrepareTests : IDisposable
{
    private readonly GitFixture _git = new();

    [Fact]
    public async Task A_fresh_worktree_is_on_branch_baton_task_at_the_default_branch_commit()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("t1"), CancellationToken.None);

        workspace.Path.ShouldBe(Path.Combine(_git.Root, "t1"));
        workspace.Branch.ShouldBe("baton/t1");
        workspace.BaseCommit.ShouldBe(_git.MainCommit);
        workspace.Mode.ShouldBe(WorkspaceMode.Worktree);
        File.Exists(Path.Combine(workspace.Path, "README.md")).ShouldBeTrue();
        TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/t1");
        _git.Repo.Git("rev-parse", "baton/t1").ShouldBe(_git.MainCommit);
    }

    [Fact]
    public async Task A_second_prepare_reuses_the_workspace_and_keeps_its_base_after_main_moves_on()
    {
        var first = await _git.Manager.PrepareAsync(_git.Request("t2"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "work.txt"), "in progress");
        _git.Repo.Write("later.txt", "main moved on");
        _git.Repo.CommitAll("later");

        var second = await _git.Manager.PrepareAsync(_git.Request("t2"), CancellationToken.None);

        second.ShouldBe(first);
        File.ReadAllText(Path.Combine(second.Path, "work.txt")).ShouldBe("in progress");
    }

    [Fact]
    public async Task After_removal_the_branch_is_checked_out_again_with_its_commits_and_original_base()
    {
        var first = await _git.Manager.PrepareAsync(_git.Request("t3"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "done.txt"), "work");
        var commit = await _git.Manager.CommitAllAsync(first, "task work", CancellationToken.None);
        await _git.Manager.RemoveAsync(first, CancellationToken.None);
        _git.Repo.Git("merge", "-q", "--ff-only", "baton/t3");

        var again = await _git.Manager.PrepareAsync(_git.Request("t3"), CancellationToken.None);

        again.BaseCommit.ShouldBe(first.BaseCommit, "main now contains the task branch, so merge-base would be wrong");
        TempGitRepo.RunGit(again.Path, "rev-parse", "HEAD").ShouldBe(commit);
        File.Exists(Path.Combine(again.Path, "done.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_task_branch_that_exists_only_in_packed_refs_is_checked_out_with_its_commits_not_reset_to_main()
    {
        var first = await _git.Manager.PrepareAsync(_git.Request("t9"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "kept.txt"), "work");
        var commit = await _git.Manager.CommitAllAsync(first, "task work", CancellationToken.None);
        await _git.Manager.RemoveAsync(first, CancellationToken.None);
        _git.Repo.Git("pack-refs", "--all");
        File.Exists(Path.Combine(_git.Repo.Path, ".git", "refs", "heads", "baton", "t9")).ShouldBeFalse("the branch lives in packed-refs only");

        var again = await _git.Manager.PrepareAsync(_git.Request("t9"), CancellationToken.None);

        TempGitRepo.RunGit(again.Path, "rev-parse", "HEAD").ShouldBe(commit);
        _git.Repo.Git("rev-parse", "baton/t9").ShouldBe(commit, "the branch was not moved to main");
        File.Exists(Path.Combine(again.Path, "kept.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_workspace_directory_deleted_by_hand_is_recreated()
    {
        var first = await _git.Manager.PrepareAsync(_git.Request("t4"), CancellationToken.None);
        Directory.Delete(first.Path, recursive: true);

        var again = await _git.Manager.PrepareAsync(_git.Request("t4"), CancellationToken.None);

        again.ShouldBe(first);
        File.Exists(Path.Combine(again.Path, "README.md")).ShouldBeTrue();
    }

    [Fact]
    public async Task Workspaces_inside_the_repository_state_dir_work_and_are_reused()
    {
        var request = _git.Request("t5") with { Root = _git.Repo.PathOf(".baton/workspaces") };

        var first = await _git.Manager.PrepareAsync(request, CancellationToken.None);
        var second = await _git.Manager.PrepareAsync(request, CancellationToken.None);

        second.ShouldBe(first);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("x.lock")]
    [InlineData("with space")]
    public async Task Unsafe_task_ids_are_refused(string taskId)
    {
        var e = await Should.ThrowAsync<WorkspaceException>(() => _git.Manager.PrepareAsync(_git.Request(taskId), CancellationToken.None));

        e.Message.ShouldContain("cannot name a workspace");
        Directory.EnumerateFileSystemEntries(_git.Root).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_foreign_directory_in_the_way_is_not_touched()
    {
        var dir = Path.Combine(_git.Root, "t6");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "mine.txt"), "keep");

        var e = await Should.ThrowAsync<WorkspaceException>(() => _git.Manager.PrepareAsync(_git.Request("t6"), CancellationToken.None));

        e.Message.ShouldContain("move or delete it");
        File.ReadAllText(Path.Combine(dir, "mine.txt")).ShouldBe("keep");
    }

    [Fact]
    public async Task A_missing_default_branch_is_a_workspace_error_with_gits_message()
    {
        var request = _git.Request("t7") with { DefaultBranch = "nope" };

        var e = await Should.ThrowAsync<WorkspaceException>(() => _git.Manager.PrepareAsync(request, CancellationToken.None));

        e.Message.ShouldContain("nope");
        e.Message.ShouldContain("default_branch");
    }

    public void Dispose() => _git.Dispose();
}
