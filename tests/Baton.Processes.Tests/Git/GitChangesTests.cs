using Baton.Git;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Git;

public sealed class GitChangesTests : IDisposable
{
    private readonly GitFixture _git = new();

    [Fact]
    public async Task Commit_all_commits_new_and_changed_files_and_returns_the_new_head()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("c1"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "new.txt"), "new");
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "README.md"), "changed");

        var commit = await _git.Manager.CommitAllAsync(workspace, "agent work", CancellationToken.None);

        commit.ShouldNotBeNull();
        _git.Repo.Git("rev-parse", "baton/c1").ShouldBe(commit);
        _git.Repo.Git("log", "-1", "--format=%s", "baton/c1").ShouldBe("agent work");
        TempGitRepo.RunGit(workspace.Path, "status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task Commit_all_without_changes_returns_null_and_makes_no_commit()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("c2"), CancellationToken.None);

        var commit = await _git.Manager.CommitAllAsync(workspace, "nothing", CancellationToken.None);

        commit.ShouldBeNull();
        _git.Repo.Git("rev-parse", "baton/c2").ShouldBe(_git.MainCommit);
    }

    [Fact]
    public async Task Commit_all_succeeds_in_a_repository_without_any_git_identity()
    {
        var home = TempDir.Create("home");
        try
        {
            _git.Repo.Git("config", "--unset", "user.name");
            _git.Repo.Git("config", "--unset", "user.email");
            var noIdentity = new EnvironmentOverride(
                new ProcessRunner(),
                new Dictionary<string, string> { ["HOME"] = home, ["GIT_CONFIG_NOSYSTEM"] = "1" });
            var manager = new GitWorkspaceManager(noIdentity);
            var workspace = await manager.PrepareAsync(_git.Request("c3"), CancellationToken.None);
            await File.WriteAllTextAsync(Path.Combine(workspace.Path, "file.txt"), "x");

            var commit = await manager.CommitAllAsync(workspace, "by baton", CancellationToken.None);

            commit.ShouldNotBeNull();
            _git.Repo.Git("log", "-1", "--format=%s", commit).ShouldBe("by baton");
        }
        finally
        {
            TempDir.Delete(home);
        }
    }

    [Fact]
    public async Task Changed_files_are_committed_and_uncommitted_changes_since_the_base()
    {
        var workspace = await _git.Manager.PrepareAsync(_git.Request("c4"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "committed.txt"), "1");
        await _git.Manager.CommitAllAsync(workspace, "one", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "README.md"), "modified");
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "untracked file.txt"), "2");
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, ".gitignore"), "ignored.log\n");
        await File.WriteAllTextAsync(Path.Combine(workspace.Path, "ignored.log"), "noise");
        _git.Repo.Write("on-main.txt", "main moved on");
        _git.Repo.CommitAll("main moves");

        var files = await _git.Manager.ChangedFilesAsync(workspace, CancellationToken.None);

        files.ShouldBe([".gitignore", "README.md", "committed.txt", "untracked file.txt"]);
    }

    public void Dispose() => _git.Dispose();
}
