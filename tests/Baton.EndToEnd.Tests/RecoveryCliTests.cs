using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// <c>recovery:</c> as a user meets it: a failure the project calls transient is tried again and the run succeeds; one
/// it calls an escalation parks the run, and the person's answer reaches the agent when the stage runs again.
/// </summary>
public sealed class RecoveryCliTests
{
    private static BatonProject Project(string script, string recovery)
    {
        var p = new BatonProject($$"""
            version: 1
            agents:
              shell: { kind: command, command: "bash $SCRATCH/agent.sh {prompt_file}" }
            pipelines:
              default:
                stages: [ { id: build, kind: agent, role: builder } ]
                gates: [ "test -f done.txt" ]
            policy:
              approval: on-request
            recovery:
            {{recovery}}
            """);
        File.WriteAllText(Path.Combine(p.Scratch, "agent.sh"), script.Replace("$SCRATCH", p.Scratch, StringComparison.Ordinal));
        return p;
    }

    [Fact]
    public async Task A_failure_the_project_calls_transient_is_tried_again_and_the_run_succeeds()
    {
        using var p = Project("""
            n=$(cat "$SCRATCH/turns" 2>/dev/null || echo 0); echo $((n+1)) > "$SCRATCH/turns"
            if [ "$n" -lt 2 ]; then echo "upstream said: ECONNRESET" >&2; exit 1; fi
            echo ok > done.txt
            """, """
              retries: 3
              classify:
                - { output: "econnreset", as: transient }
            """);

        var (result, json) = await p.JsonAsync("run", "build it");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(Path.Combine(p.Scratch, "turns")).Trim().ShouldBe("3");
        var recoveries = p.Events((string)json!["task_id"]!, (string)json["run_id"]!).Where(e => (string)e["type"]! == "recovery.action").ToList();
        recoveries.Select(e => ((string)e["data"]!["action"]!, (string)e["data"]!["failure"]!)).ShouldBe([("retry", "transient"), ("retry", "transient")]);
    }

    [Fact]
    public async Task An_escalation_parks_the_run_and_the_answer_reaches_the_agent_when_the_stage_runs_again()
    {
        using var p = Project("""
            if grep -q "use the fixtures" "$1"; then echo ok > done.txt; exit 0; fi
            echo "cannot decide which data set to use: needs a human" >&2; exit 1
            """, """
              classify:
                - { output: "needs a human", as: escalate }
            """);
        (await p.RunAsync("tasks", "add", "load the data")).ExitCode.ShouldBe(0);

        var parked = await p.RunAsync("drain");
        var (_, runs) = await p.JsonAsync("status");
        var run = runs!.AsArray().Single()!;
        var status = await p.RunAsync("status");
        var answer = await p.RunAsync("answer", (string)run["id"]!, "use the fixtures in ./fixtures");
        var resumed = await p.RunAsync("drain");

        parked.ExitCode.ShouldBe(0, parked.ToString());
        ((string)run["state"]!).ShouldBe("needs_input");
        status.Stdout.ShouldContain("needs a human");
        answer.ExitCode.ShouldBe(0, answer.ToString());
        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        var (_, after) = await p.JsonAsync("status", (string)run["id"]!);
        ((string)after!["run"]!["state"]!).ShouldBe("succeeded", after.ToJsonString());
    }
}
