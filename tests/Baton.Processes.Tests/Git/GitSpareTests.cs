using Baton.Core.Config;
using Baton.Core.Workspaces;
using Baton.Git;
using Baton.Processes.Tests.Support;

namespace Baton.Processes.Tests.Git;

/// <summary>Spare worktrees against real git: made ahead, taken by the next task, never wrong about its base.</summary>
public sealed class GitSpareTests : IAsyncLifetime
{
    private readonly GitFixture _git = new();
    private readonly GitWorkspaceManager _manager = new(new ProcessRunner());
    private static readonly CancellationToken Ct = CancellationToken.None;

    private string SparesDir => Path.Combine(_git.Root, ".spares");

    private WorkspaceRequest Request(string taskId, int spares = 1) => _git.Request(taskId) with { Spares = spares };

    /// <summary>Ready spares (not the ones still being checked out under <c>.making</c>).</summary>
    private IReadOnlyList<string> Spares() =>
        Directory.Exists(SparesDir) ? [.. Directory.GetDirectories(SparesDir).Where(d => Path.GetFileName(d) != ".making")] : [];

    private async Task MakeSpareAsync(GitWorkspaceManager manager, int spares = 1)
    {
        manager.MakeSpares(Request("unused", spares));
        (await Eventually.TrueAsync(
            () => Spares().Count == spares && Spares().All(s => File.Exists(Path.Combine(s, "README.md"))) && ListedSpares() == spares,
            TimeSpan.FromSeconds(20))).ShouldBeTrue($"{spares} spare(s) made; have {Spares().Count}");
    }

    private int ListedSpares() => _git.Repo.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal) && l.Contains("/.spares/", StringComparison.Ordinal));

    [Fact]
    public async Task The_next_task_takes_the_spare_and_gets_its_own_branch_at_the_default_branch()
    {
        await MakeSpareAsync(_manager);
        var spare = Spares().Single();

        var workspace = await _manager.PrepareAsync(Request("t1"), Ct);

        workspace.Path.ShouldBe(Path.Combine(_git.Root, "t1"));
        workspace.Branch.ShouldBe("baton/t1");
        workspace.BaseCommit.ShouldBe(_git.MainCommit);
        Directory.Exists(spare).ShouldBeFalse("the spare was moved into place, not copied");
        TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/t1");
        TempGitRepo.RunGit(workspace.Path, "status", "--porcelain").ShouldBeEmpty();
        _git.Repo.Git("worktree", "list").ShouldContain(workspace.Path);
        ListedSpares().ShouldBe(0);
        _git.Repo.Git("worktree", "prune");
        _git.Repo.Git("worktree", "list", "--porcelain").ShouldContain($"worktree {workspace.Path}\n", Case.Sensitive, "git knows the moved worktree; prune keeps it");
        await _manager.RemoveAsync(workspace, Ct);
        _git.Repo.Git("worktree", "list").ShouldNotContain(workspace.Path);
    }

    [Fact]
    public async Task A_spare_git_cannot_use_after_the_move_is_cleared_and_the_task_gets_a_working_worktree()
    {
        await MakeSpareAsync(_manager);
        var spare = Spares().Single();
        var admin = File.ReadAllText(Path.Combine(spare, ".git")).Trim()["gitdir: ".Length..];
        await File.WriteAllTextAsync(Path.Combine(spare, ".git"), "gitdir: " + Path.GetRelativePath(spare, admin) + "\n");

        var workspace = await _manager.PrepareAsync(Request("t8"), Ct);

        TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/t8");
        _git.Repo.Git("worktree", "list", "--porcelain").ShouldContain($"worktree {workspace.Path}\n");
    }

    [Fact]
    public async Task A_spare_made_before_the_default_branch_moved_starts_the_task_at_the_new_commit()
    {
        await MakeSpareAsync(_manager);
        _git.Repo.Write("later.txt", "main moved on");
        _git.Repo.CommitAll("later");

        var workspace = await _manager.PrepareAsync(Request("t2"), Ct);

        workspace.BaseCommit.ShouldBe(_git.MainCommit);
        TempGitRepo.RunGit(workspace.Path, "rev-parse", "HEAD").ShouldBe(_git.MainCommit);
        File.ReadAllText(Path.Combine(workspace.Path, "later.txt")).ShouldBe("main moved on");
    }

    [Fact]
    public async Task A_branch_that_outlived_its_worktree_is_checked_out_in_the_spare_with_its_commits()
    {
        var first = await _manager.PrepareAsync(Request("t3", spares: 0), Ct);
        await File.WriteAllTextAsync(Path.Combine(first.Path, "done.txt"), "work");
        var commit = await _manager.CommitAllAsync(first, "task work", Ct);
        await _manager.RemoveAsync(first, Ct);
        await MakeSpareAsync(_manager);

        var again = await _manager.PrepareAsync(Request("t3"), Ct);

        TempGitRepo.RunGit(again.Path, "rev-parse", "HEAD").ShouldBe(commit);
        again.BaseCommit.ShouldBe(first.BaseCommit);
        Spares().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_spare_moved_into_place_by_a_process_that_died_before_branching_is_finished_on_resume()
    {
        var dir = Path.Combine(_git.Root, "t4");
        _git.Repo.Git("worktree", "add", "-q", "--detach", dir, "main");

        var workspace = await _manager.PrepareAsync(Request("t4"), Ct);

        workspace.Path.ShouldBe(dir);
        TempGitRepo.RunGit(dir, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/t4");
        workspace.BaseCommit.ShouldBe(_git.MainCommit);
    }

    [Fact]
    public async Task Spares_left_by_an_earlier_process_are_taken_up_and_disposing_waits_for_the_ones_being_made()
    {
        var earlier = new GitWorkspaceManager(new ProcessRunner());
        earlier.MakeSpares(Request("unused", 2));
        await earlier.DisposeAsync();
        Spares().Count.ShouldBe(2, "dispose waited for both");
        ListedSpares().ShouldBe(2);

        var a = await _manager.PrepareAsync(Request("t5"), Ct);
        var b = await _manager.PrepareAsync(Request("t6"), Ct);

        Spares().ShouldBeEmpty("both were taken, none made anew by a checkout");
        new[] { a.Branch, b.Branch }.ShouldBe(["baton/t5", "baton/t6"]);
    }

    [Fact]
    public async Task A_broken_spare_is_dropped_and_the_task_gets_a_fresh_worktree()
    {
        Directory.CreateDirectory(Path.Combine(SparesDir, "s-broken"));
        await File.WriteAllTextAsync(Path.Combine(SparesDir, "s-broken", "junk.txt"), "not a worktree");

        var workspace = await _manager.PrepareAsync(Request("t7"), Ct);

        workspace.Branch.ShouldBe("baton/t7");
        TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/t7");
        (await Eventually.TrueAsync(() => !Directory.Exists(Path.Combine(SparesDir, "s-broken")), TimeSpan.FromSeconds(10))).ShouldBeTrue();
    }

    [Fact]
    public async Task A_spare_still_being_made_is_never_taken_and_a_long_abandoned_one_is_removed()
    {
        var making = Path.Combine(SparesDir, ".making");
        var fresh = Path.Combine(making, "s-in-progress");
        var stale = Path.Combine(making, "s-abandoned");
        Directory.CreateDirectory(fresh);
        Directory.CreateDirectory(stale);
        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));

        var workspace = await _manager.PrepareAsync(Request("t9", spares: 1), Ct);

        TempGitRepo.RunGit(workspace.Path, "symbolic-ref", "--short", "HEAD").ShouldBe("baton/t9");
        Directory.Exists(fresh).ShouldBeTrue("another process may still be checking it out");
        (await Eventually.TrueAsync(() => !Directory.Exists(stale), TimeSpan.FromSeconds(10))).ShouldBeTrue("abandoned an hour ago");
    }

    [Fact]
    public async Task Clone_mode_and_zero_spares_make_none()
    {
        _manager.MakeSpares(Request("x", spares: 0));
        _manager.MakeSpares(_git.Request("y", WorkspaceMode.Clone) with { Spares = 2 });
        await _manager.DisposeAsync();

        Spares().ShouldBeEmpty();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _git.Dispose();
    }
}
