using Baton.Core.Workspaces;
using Baton.Git;

namespace Baton.Processes.Tests.Git;

public sealed class GitInspectTests
{
    private readonly GitWorkspaceManager _manager = new(new ProcessRunner());

    [Fact]
    public async Task A_directory_that_is_no_repository_is_refused_with_advice()
    {
        var dir = TempDir.Create("norepo");
        try
        {
            var e = await Should.ThrowAsync<WorkspaceException>(() => _manager.InspectAsync(dir, null, CancellationToken.None));

            e.Message.ShouldContain($"{dir} is not a git repository");
            e.Message.ShouldContain("git init");
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task A_missing_directory_is_refused()
    {
        var e = await Should.ThrowAsync<WorkspaceException>(() => _manager.InspectAsync("/nonexistent/baton-repo", null, CancellationToken.None));

        e.Message.ShouldContain("/nonexistent/baton-repo does not exist");
    }

    [Fact]
    public async Task A_repository_without_commits_says_so()
    {
        using var repo = new TempGitRepo(branch: null);

        var e = await Should.ThrowAsync<WorkspaceException>(() => _manager.InspectAsync(repo.Path, null, CancellationToken.None));

        e.Message.ShouldContain("has no commits yet");
    }

    [Fact]
    public async Task A_named_default_branch_that_does_not_exist_names_the_branches_that_do()
    {
        using var repo = new TempGitRepo();
        repo.Git("branch", "feature");

        var e = await Should.ThrowAsync<WorkspaceException>(() => _manager.InspectAsync(repo.Path, "develop", CancellationToken.None));

        e.Message.ShouldContain("'develop' does not exist");
        e.Message.ShouldContain("feature, main");
        e.Message.ShouldContain("default_branch");
    }

    [Theory]
    [InlineData("main")]
    [InlineData("master")]
    public async Task Detects_main_or_master_even_from_another_branch(string name)
    {
        using var repo = new TempGitRepo(name);
        repo.Git("checkout", "-q", "-b", "feature");

        var info = await _manager.InspectAsync(repo.Path, null, CancellationToken.None);

        info.DefaultBranch.ShouldBe(name);
        info.CurrentBranch.ShouldBe("feature");
    }

    [Fact]
    public async Task Detects_the_branch_origin_HEAD_points_at_first()
    {
        using var upstream = new TempGitRepo("trunk");
        var clone = TempDir.Create("clone");
        try
        {
            TempGitRepo.RunGit(clone, "clone", "-q", upstream.Path, ".");
            TempGitRepo.RunGit(clone, "branch", "main");

            var info = await _manager.InspectAsync(clone, null, CancellationToken.None);

            info.DefaultBranch.ShouldBe("trunk");
        }
        finally
        {
            TempDir.Delete(clone);
        }
    }

    [Fact]
    public async Task Falls_back_to_the_current_branch_and_refuses_a_detached_head_without_main()
    {
        using var repo = new TempGitRepo("trunk");

        (await _manager.InspectAsync(repo.Path, null, CancellationToken.None)).DefaultBranch.ShouldBe("trunk");

        repo.Git("checkout", "-q", "--detach");
        var e = await Should.ThrowAsync<WorkspaceException>(() => _manager.InspectAsync(repo.Path, null, CancellationToken.None));
        e.Message.ShouldContain("default_branch");
    }

    [Fact]
    public async Task Reports_root_head_and_tracked_changes_only()
    {
        using var repo = new TempGitRepo();
        repo.Write("sub/dir/file.txt", "x");
        repo.CommitAll("sub");

        var clean = await _manager.InspectAsync(repo.PathOf("sub/dir"), "main", CancellationToken.None);
        repo.Write("untracked.txt", "new");
        var untrackedOnly = await _manager.InspectAsync(repo.Path, "main", CancellationToken.None);
        repo.Write("README.md", "changed");
        var modified = await _manager.InspectAsync(repo.Path, "main", CancellationToken.None);

        clean.Root.ShouldBe(repo.Path);
        clean.HeadCommit.ShouldBe(repo.Git("rev-parse", "HEAD"));
        clean.CurrentBranch.ShouldBe("main");
        clean.HasTrackedChanges.ShouldBeFalse();
        untrackedOnly.HasTrackedChanges.ShouldBeFalse();
        modified.HasTrackedChanges.ShouldBeTrue();
    }
}
