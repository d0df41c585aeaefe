using System.Diagnostics;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

public sealed class OperationsTests
{
    private const string Config = """
        version: 1
        agents:
          shell: { kind: command, command: "echo work > w.txt" }
        projects:
          - key: app
            repo: "."
            workspace: { mode: worktree, retention: 0s }
        pipelines:
          default:
            stages: [ { id: build, kind: agent, role: builder } ]
            gates: [ "test -f w.txt" ]
        """;

    [Fact]
    public async Task Finished_workspaces_are_removed_after_the_retention_and_the_branch_stays()
    {
        using var p = new BatonProject(Config);
        var (run, json) = await p.JsonAsync("run", "work", "--agent", "shell");
        run.ExitCode.ShouldBe(0, run.ToString());
        var workspace = (string)json!["workspace"]!;
        Directory.Exists(workspace).ShouldBeTrue();

        (await p.RunAsync("drain")).ExitCode.ShouldBe(0);

        Directory.Exists(workspace).ShouldBeFalse();
        p.Repo.Git("show", $"baton/{(string)json["task_id"]!}:w.txt").ShouldBe("work");
    }

    [Fact]
    public async Task Clone_mode_keeps_the_task_branch_in_the_source_repository()
    {
        using var p = new BatonProject(Config.Replace("mode: worktree", "mode: clone", StringComparison.Ordinal));
        var (run, json) = await p.JsonAsync("run", "work in a clone", "--agent", "shell");

        run.ExitCode.ShouldBe(0, run.ToString());
        p.Repo.Git("show", $"baton/{(string)json!["task_id"]!}:w.txt").ShouldBe("work");
        p.Repo.Git("worktree", "list").Split('\n').Length.ShouldBe(1, "clone mode makes no worktree");
    }

    [Fact]
    public async Task Detach_queues_the_task_and_a_background_worker_runs_it()
    {
        using var p = new BatonProject(Config);
        var (run, json) = await p.JsonAsync("run", "in the background", "--agent", "shell", "--detach");
        run.ExitCode.ShouldBe(0, run.ToString());
        var taskId = (string)json!["task_id"]!;

        var done = await Eventually.TrueAsync(() =>
        {
            var show = p.JsonAsync("tasks", "show", taskId).GetAwaiter().GetResult().Json;
            return (string?)show?["task"]?["state"] == "succeeded";
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));

        done.ShouldBeTrue();
        var worker = (int)json["worker_pid"]!;
        (await Eventually.TrueAsync(() => !Procs.IsAlive(worker), TimeSpan.FromSeconds(30))).ShouldBeTrue("the worker exits once the queue is drained");
    }

    [Fact]
    public async Task An_unwritable_state_dir_gets_one_clear_message_and_exit_3()
    {
        using var p = new BatonProject(Config + "\nstate_dir: blocker/state\n");
        File.WriteAllText(p.Repo.PathOf("blocker"), "a file where a directory should be");

        var result = await p.RunAsync("run", "x", "--agent", "shell");

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Stderr.ShouldContain("blocker");
        result.Stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Serve_stops_cleanly_on_sigterm()
    {
        using var p = new BatonProject(Config);
        using var serve = BatonCli.Start(p.Path, null, "serve");
        (await Eventually.TrueAsync(() => File.Exists(Path.Combine(p.StateDir, "baton.db")), TimeSpan.FromSeconds(30))).ShouldBeTrue();

        Process.Start("kill", ["-TERM", serve.Id.ToString()])!.WaitForExit();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await serve.WaitForExitAsync(cts.Token);

        serve.ExitCode.ShouldBe(130);
    }
}
