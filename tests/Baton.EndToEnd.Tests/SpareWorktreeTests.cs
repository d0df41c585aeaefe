using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary><c>workspace.spares</c> with the real CLI and git: later tasks start in a spare, one stays ready, nothing lingers.</summary>
public sealed class SpareWorktreeTests
{
    private const string Config = """
        version: 1
        max_concurrent_runs: 1
        agents:
          shell:
            kind: command
            command: "echo $BATON_TASK_ID $(git rev-parse --abbrev-ref HEAD) $(git rev-parse HEAD) >> $SCRATCH/seen; sleep 0.5"
        pipelines:
          default:
            stages: [ { id: build, kind: agent, role: builder } ]
            gates: [ "true" ]
        """;

    [Fact]
    public async Task Later_tasks_start_in_a_spare_on_their_own_branch_and_one_spare_is_left_ready()
    {
        using var p = new BatonProject(Config);
        var ids = new List<string>();
        foreach (var title in new[] { "a", "b", "c" })
        {
            var (add, json) = await p.JsonAsync("tasks", "add", title);
            add.ExitCode.ShouldBe(0, add.ToString());
            ids.Add((string)json!["id"]!);
        }

        var drain = await p.RunAsync("drain");

        drain.ExitCode.ShouldBe(0, drain.ToString());
        var main = p.Repo.Git("rev-parse", "main");
        var seen = File.ReadAllLines(Path.Combine(p.Scratch, "seen")).Select(l => l.Split(' ')).ToDictionary(l => l[0]);
        ids.ShouldAllBe(id => seen[id][1] == $"baton/{id}" && seen[id][2] == main);
        var admin = Directory.GetDirectories(Path.Combine(p.Path, ".git", "worktrees")).Select(Path.GetFileName).ToList();
        admin.Count(n => n!.StartsWith('s')).ShouldBe(3, $"tasks 2 and 3 took spares and one is ready: {string.Join(", ", admin)}");
        Directory.GetDirectories(Path.Combine(p.StateDir, "workspaces", ".spares")).Count(d => Path.GetFileName(d) != ".making").ShouldBe(1);
        Directory.GetDirectories(Path.Combine(p.StateDir, "workspaces", ".spares", ".making")).ShouldBeEmpty("a finished spare is moved up");
        Procs.WithCommandLine(p.Path).ShouldBeEmpty("no git helper outlives baton drain");

        p.Repo.Write("later.txt", "main moved on");
        p.Repo.CommitAll("later");
        var run = await p.RunAsync("run", "after main moved", "--agent", "shell");
        run.ExitCode.ShouldBe(0, run.ToString());
        var last = File.ReadAllLines(Path.Combine(p.Scratch, "seen"))[^1].Split(' ');
        last[2].ShouldBe(p.Repo.Git("rev-parse", "main"), "the spare made before main moved starts the task at main's tip");
        File.Exists(Path.Combine(p.StateDir, "workspaces", last[0], "later.txt")).ShouldBeTrue();
        Directory.GetDirectories(Path.Combine(p.StateDir, "workspaces", ".spares")).Count(d => Path.GetFileName(d) != ".making")
            .ShouldBe(0, "a one-shot run takes a ready spare (free) but makes none (it would compete with the run and delay its exit)");
        Directory.GetDirectories(Path.Combine(p.StateDir, "workspaces", ".spares", ".making")).ShouldBeEmpty();
    }
}
