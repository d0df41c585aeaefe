using Baton.ModelServer;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary><c>baton run</c> with each real agent CLI against the scripted model server: the whole story, end to end.</summary>
[Trait("Category", "AgentCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class AgentCliRunTests
{
    private static async Task<CliResult> RunAsync(BatonProject p, params string[] args) =>
        await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromMinutes(4), [.. args, "--format", "json"]);

    [Theory]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("gemini")]
    [InlineData("opencode")]
    public async Task A_run_with_the_real_cli_changes_a_file_on_the_task_branch_and_the_gate_passes(string cli)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = new BatonProject(AgentCliProject.AgentsYaml(server) + """

            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "grep -q from-the-agent out.txt" ]
            """);

        var result = await RunAsync(p, "run", "RUN_SHELL: echo from-the-agent > out.txt", "--agent", cli);

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!;
        var (taskId, runId) = ((string)json["task_id"]!, (string)json["run_id"]!);
        p.Repo.Git("show", $"baton/{taskId}:out.txt").Trim().ShouldBe("from-the-agent");

        var events = p.Events(taskId, runId);
        var types = events.Select(e => (string)e["type"]!).ToList();
        types.ShouldContain("agent.session");
        types.ShouldContain("agent.command");
        types.ShouldContain("agent.message");
        types.ShouldContain("agent.usage");
        types.ShouldContain("gate.finished");
        var manifest = p.ReadJson(taskId, runId, "manifest.json");
        var build = manifest["stages"]!.AsArray().Single(s => (string?)s!["id"] == "build")!;
        ((string?)build["agent"]).ShouldBe(cli);
        ((string?)build["session_id"]).ShouldNotBeNullOrEmpty();
        ((long?)manifest["usage"]!["input_tokens"]).ShouldNotBeNull().ShouldBeGreaterThan(0);
        server.ModelTurns.ShouldAllBe(r => r.Headers.Values.Any(v => v.Contains(AgentCliProject.Key, StringComparison.Ordinal)),
            "the key from api_key_env reached the endpoint");
        foreach (var file in Directory.EnumerateFiles(p.StateDir, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/agents/", StringComparison.Ordinal)))
        {
            File.ReadAllText(file).ShouldNotContain(AgentCliProject.Key, customMessage: file);
        }
    }

    [Theory]
    [InlineData("codex")]
    [InlineData("claude")]
    [InlineData("gemini")]
    [InlineData("opencode")]
    public async Task A_failed_gate_goes_back_to_the_same_session_until_the_gate_passes(string cli)
    {
        // The model does nothing until it is shown the failed gate; then it fixes the file.
        var script = ModelScript.From(r =>
            r.IsSideRequest ? ModelScript.Default.Decide(r)
            : r.LastIsToolResult ? new ModelReply.Text("Done. The gate should pass now.")
            : r.LastUserText.Contains("quality gates failed", StringComparison.Ordinal) ? new ModelReply.Shell("echo fixed > fix.txt")
            : new ModelReply.Text("I looked around; nothing to change."));
        await using var server = await ScriptedModelServer.StartAsync(script);
        using var p = new BatonProject(AgentCliProject.AgentsYaml(server) + """

            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "grep -q fixed fix.txt" ]
                max_attempts: 2
            """);

        var result = await RunAsync(p, "run", "make the gate pass", "--agent", cli);

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!;
        var (taskId, runId) = ((string)json["task_id"]!, (string)json["run_id"]!);
        var gates = p.Events(taskId, runId).Where(e => (string?)e["type"] == "gate.finished").Select(e => (bool?)e["data"]!["passed"]).ToList();
        gates.ShouldBe([false, true]);
        var sessions = p.Events(taskId, runId).Where(e => (string?)e["type"] == "agent.session").Select(e => ((string?)e["data"]!["session_id"], (bool?)e["data"]!["resumed"])).ToList();
        sessions.Count.ShouldBe(2);
        sessions[1].ShouldBe((sessions[0].Item1, true), "the second attempt continued the first attempt's session");
        var fixTurn = server.ModelTurns.First(r => r.Normalized!.LastUserText.Contains("quality gates failed", StringComparison.Ordinal));
        fixTurn.Normalized!.AllText.ShouldContain("grep -q fixed fix.txt");
        fixTurn.Normalized.UserMessageCount.ShouldBeGreaterThanOrEqualTo(2, "the endpoint saw the first attempt's history");
    }
}
