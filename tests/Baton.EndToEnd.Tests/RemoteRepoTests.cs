using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// A project whose <c>repo:</c> is a clone URL, on one node with the embedded store: a bare repository stands in for the
/// remote. The node works in its own clone; it pushes the task branch only when the project says <c>push: true</c>.
/// </summary>
public sealed class RemoteRepoTests
{
    private static BatonProject Remote(string projectExtra, out string remote)
    {
        var p = new BatonProject();
        remote = Path.Combine(p.Scratch, "remote.git");
        TempGitRepo.RunGit(p.Scratch, "clone", "-q", "--bare", p.Path, remote);
        p.WriteConfig($$"""
            version: 1
            agents:
              shell: { kind: command, command: "echo built >> work.txt" }
            projects:
              - { key: app, repo: "file://{{remote}}"{{projectExtra}} }
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "grep -q built work.txt" ]
            """);
        return p;
    }

    private static List<JsonObject> Events(BatonProject p, string taskId) =>
        [.. BatonCli.RunAsync(p.Path, "events", "--task", taskId, "--format", "json").GetAwaiter().GetResult().Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public async Task A_remote_project_runs_in_the_nodes_own_clone_and_with_push_true_its_branch_reaches_the_remote()
    {
        using var p = Remote(", push: true", out var remote);

        var (result, json) = await p.JsonAsync("run", "build it");

        result.ExitCode.ShouldBe(0, result.ToString());
        var taskId = (string)json!["task_id"]!;
        var clone = Path.Combine(p.StateDir, "remotes", "app");
        TempGitRepo.RunGit(clone, "remote", "get-url", "origin").ShouldBe("file://" + remote);
        TempGitRepo.RunGit(clone, "worktree", "list").ShouldContain($"[baton/{taskId}]");
        var pushed = Events(p, taskId).Single(e => (string)e["type"]! == "workspace.pushed");
        TempGitRepo.RunGit(remote, "rev-parse", $"baton/{taskId}").ShouldBe((string)pushed["data"]!["commit"]!);
        TempGitRepo.RunGit(remote, "show", $"baton/{taskId}:work.txt").ShouldBe("built");
        TempGitRepo.RunGit(remote, "branch", "--list").Split('\n').Select(b => b.Trim(' ', '*'))
            .ShouldBe(["baton/" + taskId, "main"], ignoreOrder: true, "only the task branch was pushed");
        p.Repo.Git("branch", "--list", "baton/*").ShouldBeEmpty("the directory holding baton.yaml is not the project's repository");

        var diff = await p.RunAsync("diff", taskId);
        var merge = await p.RunAsync("merge", taskId);

        diff.ExitCode.ShouldBe(0, diff.ToString());
        diff.Stdout.ShouldContain("work.txt");
        merge.ExitCode.ShouldBe(0, merge.ToString());
        TempGitRepo.RunGit(remote, "show", "main:work.txt").ShouldBe("built", "the task landed on the remote's main");
        TempGitRepo.RunGit(remote, "rev-parse", "main").ShouldBe(TempGitRepo.RunGit(remote, "rev-parse", $"baton/{taskId}"), "a fast-forward");
        (await p.RunAsync("merge", taskId)).Stderr.ShouldContain("nothing to merge");
    }

    [Fact]
    public async Task A_remote_task_lands_with_a_merge_commit_when_main_moved_on_and_one_that_conflicts_is_refused_with_nothing_changed()
    {
        using var p = Remote(", push: true", out var remote);
        var (clean, cleanJson) = await p.JsonAsync("run", "build it");
        var (clash, clashJson) = await p.JsonAsync("run", "build it again");
        clean.ExitCode.ShouldBe(0, clean.ToString());
        clash.ExitCode.ShouldBe(0, clash.ToString());
        // main moves on at the remote: a file of its own (merges cleanly), and work.txt (conflicts with both tasks').
        p.Repo.Write("later.txt", "later");
        p.Repo.CommitAll("later on main");
        p.Repo.Git("push", "-q", remote, "main");

        var merged = await p.RunAsync("merge", (string)cleanJson!["task_id"]!);
        // Someone changes work.txt on the remote's main: the second task's work.txt now conflicts with it.
        var edit = Path.Combine(p.Scratch, "edit");
        TempGitRepo.RunGit(p.Scratch, "clone", "-q", remote, edit);
        File.WriteAllText(Path.Combine(edit, "work.txt"), "changed on main\n");
        TempGitRepo.RunGit(edit, "commit", "-q", "-am", "change work.txt on main");
        TempGitRepo.RunGit(edit, "push", "-q", "origin", "main");
        var before = TempGitRepo.RunGit(remote, "rev-parse", "main");
        var refused = await p.RunAsync("merge", (string)clashJson!["task_id"]!);

        merged.ExitCode.ShouldBe(0, merged.ToString());
        TempGitRepo.RunGit(remote, "show", "main:later.txt").ShouldBe("later");
        TempGitRepo.RunGit(remote, "rev-list", "--parents", "-n", "1", "main~1").Split(' ').Length.ShouldBe(3, "a merge commit: main had moved on");
        refused.ExitCode.ShouldNotBe(0, refused.ToString());
        refused.Stderr.ShouldContain("conflicts with main in work.txt");
        TempGitRepo.RunGit(remote, "rev-parse", "main").ShouldBe(before, "nothing was merged on a conflict");
    }

    [Fact]
    public async Task On_one_node_without_push_the_branch_stays_in_the_nodes_clone_and_the_next_task_starts_from_the_remotes_main()
    {
        using var p = Remote("", out var remote);
        var first = await p.JsonAsync("run", "first");
        first.Result.ExitCode.ShouldBe(0, first.Result.ToString());
        TempGitRepo.RunGit(remote, "branch", "--list", "baton/*").ShouldBeEmpty("a single node with the embedded store pushes only when asked");

        // main moves on at the remote; the next task starts from it, not from the clone made for the first.
        p.Repo.Write("later.txt", "later");
        p.Repo.CommitAll("later on main");
        p.Repo.Git("push", "-q", remote, "main");
        var (second, json) = await p.JsonAsync("run", "second");

        second.ExitCode.ShouldBe(0, second.ToString());
        var ready = Events(p, (string)json!["task_id"]!).Single(e => (string)e["type"]! == "workspace.ready");
        ((string)ready["data"]!["base_commit"]!).ShouldBe(p.Repo.Git("rev-parse", "main"));
        File.Exists(Path.Combine((string)ready["data"]!["path"]!, "later.txt")).ShouldBeTrue();

        var doctor = await p.RunAsync("doctor");
        doctor.Stdout.ShouldContain("project app");
    }

    [Fact]
    public async Task A_remote_that_cannot_be_cloned_fails_the_run_with_what_to_check_and_leaves_no_half_clone()
    {
        using var p = Remote("", out var remote);
        Directory.Delete(remote, recursive: true);

        var (result, json) = await p.JsonAsync("run", "build it");

        result.ExitCode.ShouldNotBe(0);
        json!["message"]!.ToString().ShouldContain("Check that `repo`");
        var remotes = Path.Combine(p.StateDir, "remotes");
        (Directory.Exists(remotes) ? Directory.GetFileSystemEntries(remotes) : []).ShouldBeEmpty("no half-made clone is left to be used later");
    }

    [Theory]
    [InlineData("https://bob:hunter2@git.example.com/org/app.git", "", "secrets never go in baton.yaml")]
    [InlineData("file:///srv/app.git", ", workspace: { mode: clone }", "use `mode: worktree`")]
    public async Task A_remote_repo_that_cannot_work_is_refused_before_anything_starts(string url, string extra, string says)
    {
        using var p = new BatonProject($$"""
            version: 1
            agents:
              shell: { kind: command, command: "true" }
            projects:
              - { key: app, repo: "{{url}}"{{extra}} }
            """);

        var result = await p.RunAsync("tasks", "add", "anything");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain(says);
        result.Stderr.ShouldNotContain("hunter2");
    }
}
