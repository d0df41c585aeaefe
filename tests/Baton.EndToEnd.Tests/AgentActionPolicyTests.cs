using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.ModelServer;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// The command policy over what real agent CLIs ask to do, as a user meets it: a blocked command refused before it
/// runs, a command to confirm waiting for a person's yes or no (given with `baton approve`/`baton deny`, or nobody in
/// time), a CLI that cannot ask refusing what its own rules (written by Baton) forbid, and stopped when it runs what
/// they let through.
/// </summary>
[Trait("Category", "AgentCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class AgentActionPolicyTests
{
    private static BatonProject Project(ScriptedModelServer server, string policy) => new(AgentCliProject.AgentsYaml(server) + $"""

        pipelines:
          default:
            stages:
              - {"{"} id: build, kind: agent, role: builder {"}"}
            gates: []
        policy:
        {policy}
        """);

    private static List<JsonObject> Of(IReadOnlyList<JsonObject> events, string type) => [.. events.Where(e => (string?)e["type"] == type)];

    /// <summary>A foreground <c>baton run --format json</c> of one agent; its exit code checked, its run's ids and events returned.</summary>
    private static async Task<(JsonNode Run, string TaskId, string RunId, IReadOnlyList<JsonObject> Events)> RunAsync(BatonProject p, string prompt, string agent, int exitCode = 0)
    {
        var result = await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromMinutes(3), "run", prompt, "--agent", agent, "--format", "json");
        result.ExitCode.ShouldBe(exitCode, result.ToString());
        var run = JsonNode.Parse(result.Stdout)!;
        var (taskId, runId) = ((string)run["task_id"]!, (string)run["run_id"]!);
        return (run, taskId, runId, p.Events(taskId, runId));
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    public async Task A_blocked_command_is_refused_before_it_runs_and_the_file_it_would_create_never_appears(string agent)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = Project(server, "  blocked_commands: [\"touch forbidden\"]");

        var (run, taskId, runId, events) = await RunAsync(p, "RUN_SHELL: touch forbidden.txt", agent);

        File.Exists(Path.Combine(p.StateDir, "workspaces", taskId, "forbidden.txt")).ShouldBeFalse("the command never ran");
        var refused = Of(events, "policy.violation").ShouldHaveSingleItem()["data"]!;
        ((string?)refused["command"]).ShouldNotBeNull().ShouldContain("touch forbidden.txt");
        ((string?)refused["action"]).ShouldBe("refused");
        if (agent == "claude")
        {
            // Claude hands the reason to the model; Codex's protocol has only "decline" (the model reads "rejected by user").
            server.ModelTurns.ShouldContain(r => r.Normalized!.AllText.Contains("matches blocked pattern `touch forbidden`", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("approve", true, "claude")]
    [InlineData("deny", false, "claude")]
    [InlineData("approve", true, "codex")]
    public async Task A_command_to_confirm_waits_for_a_persons_answer_from_the_cli(string verb, bool runs, string agent)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = Project(server, "  confirm_commands: [\"touch confirmed\"]\n  confirm_timeout: 5m");
        using var baton = BatonCli.Start(p.Path, AgentCliProject.Environment(), "run", "RUN_SHELL: touch confirmed.txt", "--agent", agent);
        var (taskId, runId, question) = await WaitForCommandQuestionAsync(p, baton);

        var status = await p.RunAsync("status");
        status.Stdout.ShouldContain("1 waiting for a person");
        status.Stdout.ShouldContain("touch confirmed.txt");
        File.Exists(Path.Combine(p.StateDir, "workspaces", taskId, "confirmed.txt")).ShouldBeFalse("nothing runs before the answer");
        var answer = verb == "approve" ? await p.RunAsync("approve", runId) : await p.RunAsync("deny", runId, "--reason", "not on a Friday");
        answer.ExitCode.ShouldBe(0, answer.ToString());

        (await WaitAsync(baton)).ShouldBe(0);
        File.Exists(Path.Combine(p.StateDir, "workspaces", taskId, "confirmed.txt")).ShouldBe(runs);
        var events = p.Events(taskId, runId);
        var confirm = Of(events, "policy.confirm").ShouldHaveSingleItem()["data"]!;
        ((string?)confirm["command"]).ShouldNotBeNull().ShouldContain("touch confirmed.txt");
        ((string?)confirm["approval_id"]).ShouldBe(question);
        var answered = Of(events, "approval.answered").ShouldHaveSingleItem()["data"]!;
        ((string?)answered["answer"]).ShouldBe(runs ? "approved" : "denied");
        ((string?)answered["by"]).ShouldEndWith("(cli)");
        if (!runs)
        {
            server.ModelTurns.ShouldContain(r => r.Normalized!.AllText.Contains("not on a Friday", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_push_beyond_the_tasks_own_branch_is_refused_before_it_runs()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = Project(server, "  approval: never");

        var (run, taskId, runId, events) = await RunAsync(p, "RUN_SHELL: git push origin HEAD:main", "claude");

        var refused = Of(events, "policy.violation").ShouldHaveSingleItem()["data"]!;
        ((string?)refused["action"]).ShouldBe("refused");
        ((string?)refused["reason"]).ShouldNotBeNull().ShouldContain("agents may push only their task's branch");
    }

    [Fact]
    public async Task A_command_nobody_confirms_in_time_is_declined_and_the_run_goes_on()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = Project(server, "  confirm_commands: [\"touch confirmed\"]\n  confirm_timeout: 2s");

        var (run, taskId, runId, events) = await RunAsync(p, "RUN_SHELL: touch confirmed.txt", "claude");

        File.Exists(Path.Combine(p.StateDir, "workspaces", taskId, "confirmed.txt")).ShouldBeFalse();
        var answered = Of(events, "approval.answered").ShouldHaveSingleItem()["data"]!;
        ((string?)answered["by"]).ShouldBe("baton");
        ((string?)answered["note"]).ShouldNotBeNull().ShouldContain("confirm_timeout");
        (await p.RunAsync("status")).Stdout.ShouldNotContain("waiting for a person");
    }

    [Theory]
    [InlineData("gemini", "blocked_commands", "Refused by Baton: `touch forbidden` is in policy.blocked_commands")]
    [InlineData("gemini", "confirm_commands", "is in policy.confirm_commands, so a person must say yes first, and this agent cannot ask one")]
    [InlineData("opencode", "blocked_commands", "prevents you from using this specific tool call")]
    [InlineData("opencode", "confirm_commands", "prevents you from using this specific tool call")]
    public async Task A_cli_with_the_policy_in_its_own_rules_refuses_a_forbidden_command_before_it_runs_and_the_run_goes_on(string agent, string list, string told)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = Project(server, $"  {list}: [\"touch forbidden\"]");

        var (run, taskId, runId, events) = await RunAsync(p, "RUN_SHELL: touch forbidden.txt", agent);

        ((string?)run["state"]).ShouldBe("succeeded", run.ToJsonString());
        File.Exists(Path.Combine(p.StateDir, "workspaces", taskId, "forbidden.txt")).ShouldBeFalse("the CLI refused it before it ran");
        var refused = Of(events, "policy.violation").ShouldHaveSingleItem()["data"]!;
        ((string?)refused["command"], (string?)refused["action"]).ShouldBe(("touch forbidden.txt", "refused"));
        ((string?)refused["reason"]).ShouldNotBeNull().ShouldContain($"policy.{list}");
        ((string?)Of(events, "agent.command")[^1]["data"]!["status"]).ShouldBe("declined");
        server.ModelTurns.ShouldContain(r => r.Normalized!.AllText.Contains(told, StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_a_clis_own_rules_let_through_is_still_stopped_after_the_fact()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var p = Project(server, "  blocked_commands: [\"touch forbidden\"]");

        // opencode's globs cannot say "touch forbidden followed by a *" without refusing "touch forbiddenness" too.
        var (run, taskId, runId, events) = await RunAsync(p, "RUN_SHELL: touch forbidden*", "opencode", exitCode: 1);

        ((string?)run["reason"]).ShouldBe("policy_violation");
        var stopped = Of(events, "policy.violation").ShouldHaveSingleItem()["data"]!;
        ((string?)stopped["action"]).ShouldBe("stopped");
        ((string?)stopped["reason"]).ShouldNotBeNull().ShouldContain("touch forbidden");
    }

    private static async Task<(string TaskId, string RunId, string Question)> WaitForCommandQuestionAsync(BatonProject p, Process baton)
    {
        string? taskId = null, runId = null, question = null;
        var asked = await Eventually.TrueAsync(async () =>
        {
            var (_, runs) = await p.JsonAsync("status");
            var running = runs?.AsArray().Select(r => r!.AsObject()).FirstOrDefault();
            if (running is null)
            {
                return false;
            }

            (taskId, runId) = ((string)running["task_id"]!, (string)running["id"]!);
            question = (string?)Of(p.Events(taskId, runId), "approval.requested").FirstOrDefault()?["data"]?["id"];
            return question is not null;
        }, TimeSpan.FromSeconds(90));
        asked.ShouldBeTrue($"the agent never asked; baton stderr: {(baton.HasExited ? await baton.StandardError.ReadToEndAsync() : "(running)")}");
        return (taskId!, runId!, question!);
    }

    private static async Task<int> WaitAsync(Process baton)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await baton.WaitForExitAsync(cts.Token);
        return baton.ExitCode;
    }
}
