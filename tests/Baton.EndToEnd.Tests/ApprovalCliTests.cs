using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// Approval as a user meets it on the command line: a run parks at an approval stage, survives `kill -9` of the Baton
/// that waited on it, and goes on (or ends) when a person answers — with the rules about who may answer.
/// </summary>
public sealed class ApprovalCliTests
{
    private static string Config(bool selfApproval = true) => $$"""
        version: 1
        agents: {}
        pipelines:
          default:
            stages:
              - { id: build, command: "echo one > one.txt && echo built >> $SCRATCH/build-count" }
              - { id: sign-off, kind: approval, prompt: "Ship it?" }
              - { id: last, command: "echo two > two.txt" }
            gates: [ "test -f two.txt" ]
        policy:
          approval: on-request
          allow_self_approval: {{(selfApproval ? "true" : "false")}}
        """;

    private static async Task<(string TaskId, string RunId)> WaitForQuestionAsync(BatonProject p, Process? baton = null)
    {
        string? runId = null;
        var asked = await Eventually.TrueAsync(async () =>
        {
            var (_, runs) = await p.JsonAsync("status");
            runId = runs?.AsArray().Select(r => r!.AsObject()).FirstOrDefault(r => (string?)r["state"] == "needs_input")?["id"]?.GetValue<string>();
            return runId is not null;
        }, TimeSpan.FromSeconds(60));
        asked.ShouldBeTrue($"no run ever waited for a person; baton stderr: {(baton is { HasExited: true } ? await baton.StandardError.ReadToEndAsync() : "(running)")}");
        var (_, detail) = await p.JsonAsync("status", runId!);
        return ((string)detail!["run"]!["task_id"]!, runId!);
    }

    [Fact]
    public async Task A_parked_run_survives_kill_9_of_the_waiting_baton_then_is_approved_and_resumed_without_rerunning_a_stage()
    {
        using var p = new BatonProject(Config());
        using var baton = BatonCli.Start(p.Path, null, "start", "default");
        var (taskId, runId) = await WaitForQuestionAsync(p, baton);

        baton.HasExited.ShouldBeFalse("a foreground run waits for the answer");
        Process.Start("kill", ["-9", baton.Id.ToString()])!.WaitForExit();
        await baton.WaitForExitAsync();

        var status = await p.RunAsync("status");
        status.Stdout.ShouldContain("1 waiting for a person");
        status.Stdout.ShouldContain("Ship it?");
        var early = await p.RunAsync("resume", runId);
        early.ExitCode.ShouldBe(2, early.ToString());
        early.Stderr.ShouldContain("waits for a person");

        var approve = await p.RunAsync("approve", runId);
        var resume = await p.RunAsync("resume", runId);

        approve.ExitCode.ShouldBe(0, approve.ToString());
        resume.ExitCode.ShouldBe(0, resume.ToString());
        File.ReadAllLines(Path.Combine(p.Scratch, "build-count")).Length.ShouldBe(1, "the stage before the approval is not run again");
        File.ReadAllText(Path.Combine(p.StateDir, "workspaces", taskId, "two.txt")).Trim().ShouldBe("two");
        var events = p.Events(taskId, runId);
        events.Select(e => (long)e["seq"]!).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        var asked = events.Single(e => (string)e["type"]! == "approval.requested");
        ((string)asked["data"]!["reason"]!).ShouldBe("Ship it?");
        var answered = events.Single(e => (string)e["type"]! == "approval.answered");
        ((string)answered["data"]!["answer"]!).ShouldBe("approved");
        ((string)answered["data"]!["by"]!).ShouldEndWith("(cli)");
        ((string)p.ReadJson(taskId, runId, "result.json")["status"]!).ShouldBe("succeeded");
    }

    [Fact]
    public async Task Drain_leaves_a_parked_run_waiting_a_denial_ends_it_and_the_task_is_escalated()
    {
        using var p = new BatonProject(Config());
        (await p.RunAsync("tasks", "add", "ship the thing")).ExitCode.ShouldBe(0);

        var drain = await p.RunAsync("drain");
        var (taskId, runId) = await WaitForQuestionAsync(p);
        var deny = await p.RunAsync("deny", runId, "--reason", "not this week");
        var again = await p.RunAsync("approve", runId);

        drain.ExitCode.ShouldBe(0, drain.ToString());
        drain.Stdout.ShouldContain("1 wait for a person");
        deny.ExitCode.ShouldBe(0, deny.ToString());
        again.ExitCode.ShouldBe(2, again.ToString());
        again.Stderr.ShouldContain("nothing is waiting");
        var (_, run) = await p.JsonAsync("status", runId);
        ((string)run!["run"]!["state"]!).ShouldBe("failed");
        ((string)run["run"]!["reason"]!).ShouldBe("approval_denied");
        ((string)run["run"]!["message"]!).ShouldContain("not this week");
        ((string)(await p.JsonAsync("tasks", "show", taskId)).Json!["task"]!["state"]!).ShouldBe("escalated");
        File.Exists(Path.Combine(p.StateDir, "workspaces", taskId, "two.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task With_self_approval_off_the_requester_is_refused_with_exit_2_and_the_question_still_waits()
    {
        using var p = new BatonProject(Config(selfApproval: false));
        (await p.RunAsync("tasks", "add", "ship the thing")).ExitCode.ShouldBe(0);
        (await p.RunAsync("drain")).ExitCode.ShouldBe(0);
        var (_, runId) = await WaitForQuestionAsync(p);

        var approve = await p.RunAsync("approve", runId);

        approve.ExitCode.ShouldBe(2, approve.ToString());
        approve.Stderr.ShouldContain("allow_self_approval is false");
        (await p.RunAsync("status")).Stdout.ShouldContain("1 waiting for a person");
    }
}
