using Baton.Testing;

namespace Baton.EndToEnd.Tests;

public sealed class WorkspaceTests
{
    [Fact]
    public async Task The_bootstrap_script_runs_once_with_retries_before_the_stages()
    {
        using var p = new BatonProject("""
            version: 1
            agents:
              shell: { kind: command, command: "test -f .bootstrapped && echo built > out.txt" }
            projects:
              - key: app
                repo: "."
                bootstrap: { script: scripts/bootstrap.sh, timeout: 30s, retries: 2 }
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "test -f out.txt" ]
            """);
        // Fails the first time, succeeds the second: the retry is what makes the run pass.
        p.Repo.Write("scripts/bootstrap.sh", "n=$(cat \"$BATON_WORKSPACE/.tries\" 2>/dev/null || echo 0); echo $((n+1)) > \"$BATON_WORKSPACE/.tries\"; [ $n -ge 1 ] && touch .bootstrapped\n");
        p.Repo.CommitAll("bootstrap script");

        var (result, json) = await p.JsonAsync("run", "build it", "--agent", "shell");

        result.ExitCode.ShouldBe(0, result.ToString());
        var events = p.Events((string)json!["task_id"]!, (string)json["run_id"]!);
        events.Count(e => (string)e["type"]! == "stage.started" && (string?)e["stage"] == "bootstrap").ShouldBe(2);
        events.ShouldContain(e => (string)e["type"]! == "stage.retry" && (string?)e["stage"] == "bootstrap");
    }

    [Fact]
    public async Task Agents_get_an_explicit_environment_without_batons_secrets_and_a_closed_stdin()
    {
        using var p = new BatonProject("""
            version: 1
            agents:
              shell: { kind: command, command: "env > env.txt; cat > stdin.txt; echo done", env: { GREETING: hello } }
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "test -f env.txt" ]
            """);

        var result = await BatonCli.RunAsync(p.Path, new Dictionary<string, string> { ["BATON_MATRIX_TOKEN"] = "s3cr3t-token", ["OPENAI_API_KEY"] = "sk-should-not-leak" },
            TimeSpan.FromSeconds(60), "run", "show env", "--agent", "shell", "--format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var taskId = (string)System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!["task_id"]!;
        var env = p.Repo.Git("show", $"baton/{taskId}:env.txt");
        env.ShouldContain("GREETING=hello");
        env.ShouldContain("BATON_TASK_ID=" + taskId);
        env.ShouldContain("BATON_PROMPT_FILE=");
        env.ShouldNotContain("s3cr3t-token");
        env.ShouldNotContain("sk-should-not-leak");
        p.Repo.Git("show", $"baton/{taskId}:stdin.txt").ShouldBeEmpty();
        foreach (var file in Directory.EnumerateFiles(p.StateDir, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/workspaces/", StringComparison.Ordinal)))
        {
            File.ReadAllText(file).ShouldNotContain("s3cr3t-token", customMessage: file);
        }
    }
}
