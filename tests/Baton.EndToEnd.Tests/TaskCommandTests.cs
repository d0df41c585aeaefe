namespace Baton.EndToEnd.Tests;

/// <summary>Tasks with their own command and gates, from the command line and from a task file.</summary>
public sealed class TaskCommandTests
{
    private const string Config = """
        version: 1
        agents:
          shell: { kind: command, command: "echo agent > agent.txt" }
        pipelines:
          default:
            stages: [ { id: build, kind: agent, role: builder } ]
            gates: [ "true" ]
        """;

    [Fact]
    public async Task Tasks_add_with_a_command_and_a_gate_runs_them_instead_of_the_agent()
    {
        using var p = new BatonProject(Config);
        var (added, json) = await p.JsonAsync("tasks", "add", "own work", "--command", "echo mine > own.txt", "--gate", "grep -q mine own.txt");
        added.ExitCode.ShouldBe(0, added.ToString());
        var id = (string)json!["id"]!;
        ((string)json["command"]!).ShouldBe("echo mine > own.txt");

        var drain = await p.RunAsync("drain");

        drain.ExitCode.ShouldBe(0, drain.ToString());
        p.Repo.Git("show", $"baton/{id}:own.txt").ShouldBe("mine");
        Should.Throw<InvalidOperationException>(() => p.Repo.Git("show", $"baton/{id}:agent.txt"), "the agent did not run");
    }

    [Fact]
    public async Task A_task_file_carries_commands_and_a_blocked_one_is_refused_with_nothing_queued()
    {
        using var p = new BatonProject(Config);
        File.WriteAllText(p.Repo.PathOf("tasks.json"), """
            [ { "id": "A", "title": "fine", "command": "echo a > a.txt", "quality_gates": ["test -f a.txt"] },
              { "id": "B", "title": "harmful", "command": "rm -rf /" } ]
            """);

        var sync = await p.RunAsync("tasks", "sync", "tasks.json", "--apply");

        sync.ExitCode.ShouldBe(2, sync.ToString());
        (sync.Stdout + sync.Stderr).ShouldContain("policy.blocked_commands");
        (await p.JsonAsync("tasks", "list")).Json!.AsArray().ShouldBeEmpty("a file with a bad task queues nothing");

        File.WriteAllText(p.Repo.PathOf("tasks.json"), """[ { "id": "A", "title": "fine", "command": "echo a > a.txt", "quality_gates": ["test -f a.txt"] } ]""");
        (await p.RunAsync("tasks", "sync", "tasks.json", "--apply")).ExitCode.ShouldBe(0);
        (await p.RunAsync("drain")).ExitCode.ShouldBe(0);
        var tasks = (await p.JsonAsync("tasks", "list")).Json!.AsArray();
        ((string)tasks.Single()!["state"]!).ShouldBe("succeeded");
    }
}
