using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// What a run's children get from Baton's environment, as a user sets it: tool settings behind a proxy pass by default,
/// `policy.env_pass` and a project's `env_pass` pass more, nothing else does, and a secret an agent prints is redacted
/// from the stage log, the events and `baton logs`.
/// </summary>
public sealed class ChildEnvironmentTests
{
    private const string Secret = "sk-live-0123456789abcdef";

    [Fact]
    public async Task Proxy_settings_and_env_pass_reach_the_agent_and_nothing_else_of_batons_environment_does()
    {
        using var p = new BatonProject("""
            version: 1
            agents:
              shell: { kind: command, command: "env | sort > $SCRATCH/env.txt; echo done > work.txt" }
            projects:
              - { key: app, repo: ".", env_pass: [PROJECT_MIRROR] }
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "test -f work.txt" ]
            policy:
              env_pass: [MY_INDEX]
            """);
        var env = new Dictionary<string, string>
        {
            ["HTTPS_PROXY"] = "http://proxy.example:3128",
            ["PIP_INDEX_URL"] = "https://pypi.example/simple",
            ["MY_INDEX"] = "https://index.example",
            ["PROJECT_MIRROR"] = "https://mirror.example",
            ["UNLISTED_SETTING"] = "should-not-pass",
        };

        var run = await BatonCli.RunAsync(p.Path, env, TimeSpan.FromSeconds(120), "run", "look around");
        var doctor = await BatonCli.RunAsync(p.Path, env, TimeSpan.FromSeconds(120), "doctor");

        run.ExitCode.ShouldBe(0, run.ToString());
        var seen = File.ReadAllText(Path.Combine(p.Scratch, "env.txt"));
        seen.ShouldContain("HTTPS_PROXY=http://proxy.example:3128");
        seen.ShouldContain("PIP_INDEX_URL=https://pypi.example/simple");
        seen.ShouldContain("MY_INDEX=https://index.example");
        seen.ShouldContain("PROJECT_MIRROR=https://mirror.example");
        seen.ShouldNotContain("UNLISTED_SETTING");
        doctor.Stdout.ShouldContain("child env");
        doctor.Stdout.ShouldContain("MY_INDEX");
        doctor.Stdout.ShouldNotContain("should-not-pass");
    }

    [Fact]
    public async Task A_secret_the_agent_prints_is_redacted_from_the_log_the_events_and_baton_logs_and_never_passed()
    {
        using var p = new BatonProject("""
            version: 1
            agents:
              shell:
                kind: command
                api_key_env: SHELL_KEY
                command: "echo \"key is $(cat $SCRATCH/leak.txt)\"; echo \"{\\\"type\\\":\\\"message\\\",\\\"text\\\":\\\"found $(cat $SCRATCH/leak.txt) in a file\\\"}\"; env > $SCRATCH/env.txt; echo done > work.txt"
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "test -f work.txt" ]
            """);
        File.WriteAllText(Path.Combine(p.Scratch, "leak.txt"), Secret);
        var env = new Dictionary<string, string> { ["SHELL_KEY"] = Secret };

        var run = await BatonCli.RunAsync(p.Path, env, TimeSpan.FromSeconds(120), "run", "print what you find", "--format", "json");
        var runId = (string)System.Text.Json.Nodes.JsonNode.Parse(run.Stdout)!["run_id"]!;
        var logs = await BatonCli.RunAsync(p.Path, env, TimeSpan.FromSeconds(60), "logs", runId);

        run.ExitCode.ShouldBe(0, run.ToString());
        File.ReadAllText(Path.Combine(p.Scratch, "env.txt")).ShouldNotContain("SHELL_KEY");
        logs.ToString().ShouldNotContain(Secret);
        logs.ToString().ShouldContain("[redacted SHELL_KEY]");
        foreach (var file in Directory.EnumerateFiles(p.StateDir, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain(Secret, customMessage: file);
        }

        var stageLog = Directory.EnumerateFiles(Path.Combine(p.StateDir, "runs"), "build.log", SearchOption.AllDirectories).Single();
        File.ReadAllText(stageLog).ShouldContain("key is [redacted SHELL_KEY]");
    }
}
