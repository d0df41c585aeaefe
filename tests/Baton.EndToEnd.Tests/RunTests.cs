using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

public sealed class RunTests
{
    private const string ShellAgent = """
        version: 1
        agents:
          shell: { kind: command, command: "bash $SCRATCH/agent.sh {prompt_file}" }
        """;

    private static BatonProject WithAgent(string script, string rest)
    {
        var project = new BatonProject(ShellAgent + "\n" + rest);
        File.WriteAllText(Path.Combine(project.Scratch, "agent.sh"), script);
        return project;
    }

    [Fact]
    public async Task A_run_in_a_repository_where_init_never_ran_leaves_git_status_clean()
    {
        using var p = WithAgent("echo hi > hi.txt", """
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
            """);
        p.Repo.Git("add", "baton.yaml");
        p.Repo.Git("commit", "-q", "-m", "baton config");

        var result = await p.RunAsync("run", "say hi", "--agent", "shell");

        result.ExitCode.ShouldBe(0, result.ToString());
        Directory.Exists(p.StateDir).ShouldBeTrue();
        p.Repo.Git("status", "--porcelain").ShouldBeEmpty();
        File.Exists(Path.Combine(p.Path, ".gitignore")).ShouldBeFalse("no tracked or root file is written for it");
    }

    [Fact]
    public async Task A_stage_log_keeps_what_policy_limits_stage_log_mb_allows_and_says_where_it_stops()
    {
        using var p = new BatonProject("""
            version: 1
            agents: {}
            pipelines:
              default:
                stages: [ { id: noisy, command: "head -c 3000000 /dev/zero | tr '\\0' x | fold -w 100" } ]
            policy:
              limits: { stage_log_mb: 1 }
            """);

        var (result, json) = await p.JsonAsync("start", "default");

        result.ExitCode.ShouldBe(0, result.ToString());
        var log = Path.Combine(p.StateDir, "runs", (string)json!["task_id"]!, (string)json["run_id"]!, "logs", "noisy.log");
        new FileInfo(log).Length.ShouldBeInRange(1024 * 1024 - 200, 1024 * 1024 + 400);
        File.ReadLines(log).Last().ShouldContain("capped at 1 MB");
    }

    [Fact]
    public async Task A_run_changes_a_file_on_the_task_branch_and_records_everything()
    {
        using var p = WithAgent("""
            echo '{"type":"message","text":"writing hello.txt"}'
            echo "plain text line"
            echo hello > hello.txt
            """, """
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "test -f hello.txt" ]
            """);

        var (result, json) = await p.JsonAsync("run", "write hello", "--agent", "shell");

        result.ExitCode.ShouldBe(0, result.ToString());
        var taskId = (string)json!["task_id"]!;
        var runId = (string)json["run_id"]!;
        ((string)json["state"]!).ShouldBe("succeeded");
        p.Repo.Git("show", $"baton/{taskId}:hello.txt").ShouldBe("hello");
        p.Repo.Git("status", "--porcelain", "--untracked-files=no").ShouldBeEmpty();

        var events = p.Events(taskId, runId);
        events.Select(e => (long)e["seq"]!).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        var types = events.Select(e => (string)e["type"]!).ToList();
        types.ShouldContain("run.started");
        types.ShouldContain("agent.message");
        types.ShouldContain("agent.raw");
        types.ShouldContain("gate.finished");
        types[^1].ShouldBe("run.finished");

        var manifest = p.ReadJson(taskId, runId, "manifest.json");
        ((string)manifest["run"]!["state"]!).ShouldBe("succeeded");
        manifest["stages"]!.AsArray().Select(s => (string)s!["id"]!).ShouldContain("build");
        ((bool)manifest["gates"]![0]!["passed"]!).ShouldBeTrue();
        var resultFile = p.ReadJson(taskId, runId, "result.json");
        ((string)resultFile["status"]!).ShouldBe("succeeded");
        resultFile["files_changed"]!.AsArray().Select(f => (string)f!).ShouldContain("hello.txt");
        File.ReadAllText(Path.Combine(p.RunDir(taskId, runId), "logs", "build.log")).ShouldContain("plain text line");
    }

    [Fact]
    public async Task A_failed_gate_sends_its_output_to_the_next_builder_attempt_until_it_passes()
    {
        using var p = WithAgent("""
            if grep -q "needs-the-word-ok" "$1"; then echo ok > state.txt; else echo bad > state.txt; fi
            """, """
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "grep -q ok state.txt || { echo needs-the-word-ok; exit 1; }" ]
                max_attempts: 3
            """);

        var (result, json) = await p.JsonAsync("run", "make state ok", "--agent", "shell");

        result.ExitCode.ShouldBe(0, result.ToString());
        var manifest = p.ReadJson((string)json!["task_id"]!, (string)json["run_id"]!, "manifest.json");
        var gates = manifest["gates"]!.AsArray();
        gates.Count.ShouldBe(2);
        ((bool)gates[0]!["passed"]!).ShouldBeFalse();
        ((bool)gates[1]!["passed"]!).ShouldBeTrue();
        ((int)manifest["attempts"]!).ShouldBe(2);
        var prompt2 = File.ReadAllText(Path.Combine(p.RunDir((string)json["task_id"]!, (string)json["run_id"]!), "prompts", "build-attempt2.md"));
        prompt2.ShouldContain("needs-the-word-ok");
    }

    [Fact]
    public async Task A_gate_that_never_passes_fails_the_run_after_max_attempts_with_exit_1()
    {
        using var p = WithAgent("echo trying > attempt.txt", """
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "false" ]
                max_attempts: 2
            """);

        var (result, json) = await p.JsonAsync("run", "impossible", "--agent", "shell");

        result.ExitCode.ShouldBe(1, result.ToString());
        ((string)json!["reason"]!).ShouldBe("gate_failed");
        var manifest = p.ReadJson((string)json["task_id"]!, (string)json["run_id"]!, "manifest.json");
        manifest["gates"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_gate_that_times_out_is_a_failed_gate()
    {
        using var p = WithAgent("true", """
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ { command: "sleep 30.0419; :", timeout: 1s } ]
                max_attempts: 1
            """);

        var (result, json) = await p.JsonAsync("run", "x", "--agent", "shell");

        result.ExitCode.ShouldBe(1, result.ToString());
        var gate = p.ReadJson((string)json!["task_id"]!, (string)json["run_id"]!, "manifest.json")["gates"]![0]!;
        ((bool)gate["passed"]!).ShouldBeFalse();
        ((bool)gate["timed_out"]!).ShouldBeTrue();
        Procs.WithCommandLine("sleep 30.0419").ShouldBeEmpty();
    }

    [Fact]
    public async Task Stage_retries_allow_failure_nested_pipelines_and_stage_selection_work()
    {
        using var p = WithAgent("true", """
            pipelines:
              checks:
                stages:
                  - { id: lint, command: "echo linting" }
              default:
                stages:
                  - { id: flaky, command: "n=$(cat .n 2>/dev/null || echo 0); echo $((n+1)) > .n; [ $n -ge 1 ]", retries: 2, retry_delay: 10ms }
                  - { id: optional, command: "exit 3", allow_failure: true }
                  - { id: checks, kind: pipeline, pipeline: checks }
                gates: []
            """);

        var (result, json) = await p.JsonAsync("start", "default");

        result.ExitCode.ShouldBe(0, result.ToString());
        var events = p.Events((string)json!["task_id"]!, (string)json["run_id"]!);
        events.Count(e => (string)e["type"]! == "stage.retry" && (string)e["stage"]! == "flaky").ShouldBe(1);
        events.ShouldContain(e => (string)e["type"]! == "stage.finished" && (string?)e["stage"] == "checks.lint");
        var optional = events.Single(e => (string)e["type"]! == "stage.finished" && (string?)e["stage"] == "optional");
        ((bool)optional["data"]!["allowed_failure"]!).ShouldBeTrue();

        var (only, onlyJson) = await p.JsonAsync("start", "default", "--stage", "checks.lint");
        only.ExitCode.ShouldBe(0, only.ToString());
        var onlyEvents = p.Events((string)onlyJson!["task_id"]!, (string)onlyJson["run_id"]!);
        onlyEvents.Where(e => (string)e["type"]! == "stage.started").Select(e => (string)e["stage"]!).ShouldBe(["checks.lint"]);
    }

    [Fact]
    public async Task A_failing_command_stage_fails_the_run_and_names_the_stage()
    {
        using var p = WithAgent("true", """
            pipelines:
              default:
                stages: [ { id: compile, command: "echo broken >&2; exit 7" } ]
                gates: [ "true" ]
            """);

        var result = await p.RunAsync("start", "default");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("compile");
        result.Stdout.ShouldContain("exited 7");
    }
}
