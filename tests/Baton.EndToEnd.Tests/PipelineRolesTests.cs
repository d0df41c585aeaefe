using System.Text.Json.Nodes;
using Baton.ModelServer;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// Planner → builder → tester → reviewers as one pipeline, each stage a different real agent CLI against the scripted
/// model server: the plan reaches the builder, the tester's report and the change reach the reviewers, and their
/// verdicts decide.
/// </summary>
[Trait("Category", "AgentCli")]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class PipelineRolesTests
{
    private const string Plan = "PLAN-7: create greeting.txt containing hello";
    private const string Report = "TESTER-REPORT-9: greeting.txt says hello";

    private static ModelScript Script(string verdict) => ModelScript.From(r =>
    {
        if (r.IsSideRequest)
        {
            return ModelScript.Default.Decide(r);
        }

        var prompt = r.LastUserText;
        return prompt switch
        {
            _ when prompt.Contains("You are the planner", StringComparison.Ordinal) => new ModelReply.Text(Plan),
            _ when prompt.Contains("You are the builder", StringComparison.Ordinal) =>
                r.LastIsToolResult ? new ModelReply.Text("Done: greeting.txt written.") : new ModelReply.Shell("echo hello > greeting.txt"),
            _ when prompt.Contains("You are the tester", StringComparison.Ordinal) =>
                r.LastIsToolResult ? new ModelReply.Text(Report) : new ModelReply.Shell("cat greeting.txt"),
            _ when prompt.Contains("You are the reviewer", StringComparison.Ordinal) =>
                new ModelReply.Text($"Reviewed the change.\n```json\n{{\"verdict\": \"{verdict}\", \"summary\": \"greeting checked\", \"findings\": []}}\n```"),
            _ => new ModelReply.Text("I am not sure what my role is."),
        };
    });

    private static BatonProject Project(ScriptedModelServer server) => new(AgentCliProject.AgentsYaml(server) + """

        pipelines:
          default:
            stages:
              - { id: plan,   kind: agent, role: planner, agent: claude }
              - { id: build,  kind: agent, role: builder, agent: codex }
              - { id: test,   kind: agent, role: tester,  agent: gemini }
              - { id: review, kind: review, reviewers: [claude, opencode] }
            gates: [ "grep -q hello greeting.txt" ]
        policy:
          approval: on-request
        """);

    [Fact]
    public async Task The_plan_reaches_the_builder_the_report_and_the_change_reach_the_reviewers_and_their_approval_lets_it_land()
    {
        await using var server = await ScriptedModelServer.StartAsync(Script("approved"));
        using var p = Project(server);

        var result = await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromMinutes(6), "run", "say hello in greeting.txt", "--format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        var (taskId, runId) = ((string)json["task_id"]!, (string)json["run_id"]!);
        p.Repo.Git("show", $"baton/{taskId}:greeting.txt").Trim().ShouldBe("hello");
        var builder = server.ModelTurns.First(t => t.Normalized!.LastUserText.Contains("You are the builder", StringComparison.Ordinal));
        builder.Normalized!.LastUserText.ShouldContain(Plan);
        var reviews = server.ModelTurns.Where(t => t.Normalized!.LastUserText.Contains("You are the reviewer", StringComparison.Ordinal)).ToList();
        reviews.Count.ShouldBe(2, "one turn per reviewer");
        foreach (var review in reviews)
        {
            var text = review.Normalized!.LastUserText;
            text.ShouldContain(Plan);
            text.ShouldContain(Report);
            text.ShouldContain("greeting.txt");
            text.ShouldContain("+hello");
        }

        var events = p.Events(taskId, runId);
        var verdicts = events.Where(e => (string)e["type"]! == "review.verdict").Select(e => ((string)e["data"]!["reviewer"]!, (string)e["data"]!["verdict"]!)).Order().ToList();
        verdicts.ShouldBe([("claude", "approved"), ("opencode", "approved")]);
        ((string)events.Single(e => (string)e["type"]! == "review.decision")["data"]!["decision"]!).ShouldBe("continue");
        events.Where(e => (string)e["type"]! == "stage.started").Select(e => (string?)e["stage"]).ShouldBe(["plan", "build", "test", "review"]);
    }

    [Fact]
    public async Task Two_reviewers_with_concerns_park_the_run_for_a_person_who_approves_it_from_the_cli()
    {
        await using var server = await ScriptedModelServer.StartAsync(Script("concerns"));
        using var p = Project(server);

        var parked = await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromMinutes(6), "run", "say hello in greeting.txt", "--detach", "--format", "json");
        parked.ExitCode.ShouldBe(0, parked.ToString());
        string? runId = null;
        (await Eventually.TrueAsync(async () =>
        {
            var status = await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromSeconds(60), "status", "--format", "json");
            runId = JsonNode.Parse(status.Stdout)?.AsArray().FirstOrDefault(r => (string?)r!["state"] == "needs_input")?["id"]?.GetValue<string>();
            return runId is not null;
        }, TimeSpan.FromMinutes(5))).ShouldBeTrue("the run never waited for a person");

        var approve = await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromSeconds(60), "approve", runId!);
        // Whichever worker looks first goes on with it: this drain, or the detached one if it is still about.
        var drain = await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromMinutes(4), "drain");

        approve.ExitCode.ShouldBe(0, approve.ToString());
        drain.ExitCode.ShouldBe(0, drain.ToString());
        (await Eventually.TrueAsync(async () =>
        {
            var status = await BatonCli.RunAsync(p.Path, AgentCliProject.Environment(), TimeSpan.FromSeconds(60), "status", runId!, "--format", "json");
            return (string?)JsonNode.Parse(status.Stdout)?["run"]?["state"] == "succeeded";
        }, TimeSpan.FromMinutes(4))).ShouldBeTrue("the approved run never finished");
        server.ModelTurns.Count(t => t.Normalized!.LastUserText.Contains("You are the reviewer", StringComparison.Ordinal)).ShouldBe(2, "the verdicts were kept, not asked again");
    }
}
