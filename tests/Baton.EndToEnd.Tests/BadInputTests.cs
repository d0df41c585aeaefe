using Baton.Testing;

namespace Baton.EndToEnd.Tests;

public sealed class BadInputTests
{
    [Theory]
    [InlineData("nosuchverb", "--help")]
    [InlineData("nosuchverb")]
    [InlineData("tasks", "nosuch", "--help")]
    public async Task An_unknown_verb_is_bad_usage_with_or_without_help(params string[] args)
    {
        using var p = new BatonProject();

        var result = await p.RunAsync(args);

        result.ExitCode.ShouldBe(2, result.ToString());
        var unknown = args.Last(a => a != "--help");
        result.Stderr.ShouldContain($"Unrecognized command or argument '{unknown}'");
        (await p.RunAsync("tasks", "--help")).ExitCode.ShouldBe(0, "help of a real verb is still help");
    }

    [Fact]
    public async Task A_bad_config_is_refused_with_every_problem_and_nothing_runs()
    {
        using var p = new BatonProject("""
            version: 1
            max_concurrent_runs: lots
            agents:
              shell: { kind: robot, command: "true" }
            pipelines:
              default:
                stages:
                  - { id: build, kind: agent, agent: ghost }
                  - { id: nest, kind: pipeline, pipeline: nowhere }
                gates: ["true"]
                colour: blue
            """);

        var result = await p.RunAsync("run", "anything");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("max_concurrent_runs");
        result.Stderr.ShouldContain("agents.shell.kind");
        result.Stderr.ShouldContain("pipelines.default.colour");
        result.Stderr.ShouldContain("nowhere");
        Directory.Exists(p.StateDir).ShouldBeFalse("a refused config must not create any state");
    }

    [Fact]
    public async Task A_pipeline_of_commands_runs_without_any_agent_and_an_agent_turn_without_one_is_refused()
    {
        using var p = new BatonProject("""
            version: 1
            agents: {}
            pipelines:
              checks:
                stages:
                  - { id: a, kind: command, command: "true" }
                  - { id: b, kind: command, command: "true" }
            """);

        var start = await p.RunAsync("start", "checks");
        var run = await p.RunAsync("run", "needs an agent");

        start.ExitCode.ShouldBe(0, start.ToString());
        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("no agent configured");
    }

    [Fact]
    public async Task Outside_a_git_repository_baton_says_so_with_exit_2()
    {
        var dir = TempDir.CreateOutsideAnyRepository("nogit");
        try
        {
            File.WriteAllText(Path.Combine(dir, "baton.yaml"), "version: 1\nagents:\n  shell: { kind: command, command: \"true\" }\n");
            var result = await BatonCli.RunAsync(dir, "run", "x");
            result.ExitCode.ShouldBe(2, result.ToString());
            result.Stderr.ShouldContain("not a git repository");
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task A_missing_default_branch_and_a_dirty_branch_are_refused_with_advice()
    {
        using var p = new BatonProject("""
            version: 1
            agents:
              shell: { kind: command, command: "true" }
            projects:
              - { key: app, repo: ".", default_branch: trunk }
            """);
        var missing = await p.RunAsync("run", "x");
        missing.ExitCode.ShouldBe(2, missing.ToString());
        missing.Stderr.ShouldContain("trunk");

        p.WriteConfig("version: 1\nagents:\n  shell: { kind: command, command: \"true\" }\n");
        File.AppendAllText(p.Repo.PathOf("README.md"), "local edit\n");
        var dirty = await p.RunAsync("run", "x");
        dirty.ExitCode.ShouldBe(2, dirty.ToString());
        dirty.Stderr.ShouldContain("--allow-dirty");

        var allowed = await p.RunAsync("run", "x", "--allow-dirty");
        allowed.ExitCode.ShouldBe(0, allowed.ToString());
    }

    [Fact]
    public async Task Unknown_ids_agents_and_usage_errors_exit_2_without_a_stack_trace()
    {
        using var p = new BatonProject("version: 1\nagents:\n  shell: { kind: command, command: \"true\" }\n");

        foreach (var args in new[] { new[] { "status", "r-nope" }, ["logs", "r-nope"], ["resume", "r-nope"], ["retry", "t-nope"], ["run", "x", "--agent", "ghost"], ["run"], ["frobnicate"] })
        {
            var result = await p.RunAsync(args);
            result.ExitCode.ShouldBe(2, $"{string.Join(' ', args)}: {result}");
            result.Stderr.ShouldNotContain("   at ");
        }
    }

    [Fact]
    public async Task A_malformed_task_file_adds_nothing()
    {
        using var p = new BatonProject("version: 1\nagents:\n  shell: { kind: command, command: \"true\" }\n");
        File.WriteAllText(p.Repo.PathOf("tasks.json"), """[ { "title": "ok" }, { "title": 5, "max_attempts": 0 } ]""");

        var result = await p.RunAsync("tasks", "sync", "tasks.json", "--apply");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("tasks[1]");
        var list = await p.JsonAsync("tasks", "list");
        list.Json!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Every_verb_has_help()
    {
        using var p = new BatonProject();
        foreach (var verb in new[] { "init", "run", "start", "tasks", "drain", "loop", "serve", "status", "logs", "resume", "stop", "retry", "doctor" })
        {
            var result = await p.RunAsync(verb, "--help");
            result.ExitCode.ShouldBe(0, verb);
            result.Stdout.ShouldContain("--format");
        }
    }
}
