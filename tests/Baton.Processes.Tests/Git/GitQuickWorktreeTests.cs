using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Git;

/// <summary>Worktrees registered by hand (no <c>git worktree add</c>) are worktrees git itself fully accepts.</summary>
public sealed class GitQuickWorktreeTests : IDisposable
{
    private readonly GitFixture _git = new();

    [Fact]
    public async Task A_hand_registered_worktree_is_listed_clean_and_removable_by_git_itself()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("q1"), CancellationToken.None);

        var list = _git.Repo.Git("worktree", "list", "--porcelain");
        list.ShouldContain($"worktree {workspace.Path}");
        list.ShouldContain("branch refs/heads/baton/q1");
        TempGitRepo.RunGit(workspace.Path, "status", "--porcelain").ShouldBeEmpty("every file checked out, index written");
        TempGitRepo.RunGit(workspace.Path, "rev-parse", "--git-common-dir").ShouldBe(Path.Combine(_git.Repo.Path, ".git"));
        File.ReadAllText(Path.Combine(workspace.Path, "README.md")).ShouldBe(File.ReadAllText(Path.Combine(_git.Repo.Path, "README.md")));
        Directory.Exists(Path.Combine(_git.Repo.Path, ".git", "baton", "worktrees")).ShouldBeTrue();
        Directory.EnumerateFileSystemEntries(Path.Combine(_git.Repo.Path, ".git", "baton", "worktrees")).ShouldBeEmpty("nothing half-built left");

        _git.Repo.Git("worktree", "prune");
        _git.Repo.Git("worktree", "list").ShouldContain(workspace.Path, customMessage: "prune keeps a live hand-made worktree");
        _git.Repo.Git("worktree", "remove", workspace.Path);
        Directory.Exists(workspace.Path).ShouldBeFalse();
    }

    [Fact]
    public async Task A_stale_admin_dir_of_the_same_name_falls_back_to_git_worktree_add()
    {
        Directory.CreateDirectory(Path.Combine(_git.Repo.Path, ".git", "worktrees", "q2"));

        var workspace = await _git.Manager.PrepareAsync(_git.Request("q2"), CancellationToken.None);

        workspace.Branch.ShouldBe("baton/q2");
        workspace.BaseCommit.ShouldBe(_git.MainCommit);
        TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/q2");
        TempGitRepo.RunGit(workspace.Path, "status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task Twenty_workspaces_made_at_once_are_all_valid_worktrees_on_their_own_branches()
    {
        var made = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _git.Manager.PrepareAsync(_git.Request($"c{i}"), CancellationToken.None)));

        _git.Repo.Git("worktree", "prune");
        var list = _git.Repo.Git("worktree", "list", "--porcelain");
        foreach (var workspace in made)
        {
            list.ShouldContain($"worktree {workspace.Path}");
            TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe(workspace.Branch);
            TempGitRepo.RunGit(workspace.Path, "status", "--porcelain").ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_registration_cut_off_before_its_admin_dir_was_in_place_is_made_afresh()
    {
        var dir = Path.Combine(_git.Root, "q3");
        _git.Repo.Git("branch", "baton/q3", "main");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ".git"), $"gitdir: {Path.Combine(_git.Repo.Path, ".git", "worktrees", "q3")}\n");

        var workspace = await _git.Manager.PrepareAsync(_git.Request("q3"), CancellationToken.None);

        TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/q3");
        TempGitRepo.RunGit(workspace.Path, "status", "--porcelain").ShouldBeEmpty();
        File.Exists(Path.Combine(workspace.Path, "README.md")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_checkout_cut_off_half_way_is_made_afresh_not_handed_to_the_task()
    {
        var first = await _git.Manager.PrepareAsync(_git.Request("q4"), CancellationToken.None);
        var admin = TempGitRepo.RunGit(first.Path, "rev-parse", "--absolute-git-dir");
        File.Delete(Path.Combine(admin, "index"));               // as if killed before reset --hard wrote it
        File.Delete(Path.Combine(first.Path, "README.md"));       // and before it wrote every file

        var again = await _git.Manager.PrepareAsync(_git.Request("q4"), CancellationToken.None);

        again.Branch.ShouldBe("baton/q4");
        again.BaseCommit.ShouldBe(_git.MainCommit);
        File.Exists(Path.Combine(again.Path, "README.md")).ShouldBeTrue();
        TempGitRepo.RunGit(again.Path, "status", "--porcelain").ShouldBeEmpty();
    }

    public void Dispose() => _git.Dispose();
}
