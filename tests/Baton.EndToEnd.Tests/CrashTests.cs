using System.Diagnostics;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>Real processes, killed for real: Baton with SIGKILL, SIGINT, and `baton stop`.</summary>
public sealed class CrashTests
{
    // The agent sleeps the first time (so Baton can be killed mid-stage) and finishes at once when resumed.
    private static string Config(string token) => $$"""
        version: 1
        agents:
          shell:
            kind: command
            command: "if [ -f $SCRATCH/slept ]; then echo done > work.txt; else touch $SCRATCH/slept; bash -c 'sleep {{token}}; :' & sleep {{token}}; wait; fi"
        pipelines:
          default:
            stages:
              - { id: prepare, command: "echo prepared >> $SCRATCH/prepare-count" }
              - { id: build, kind: agent, role: builder }
            gates: [ "test -f work.txt" ]
        """;

    /// <summary>A sleep duration no other process on the machine uses, so /proc can be searched for it.</summary>
    private static string Token() => $"300.{Random.Shared.Next(10000, 99999)}{Random.Shared.Next(10000, 99999)}";

    private static async Task<(string TaskId, string RunId)> WaitForAgentAsync(BatonProject p, Process baton, string token)
    {
        // The marker and the sleep itself: the shell's own forks carry the whole command line (token included)
        // for a moment before they exec, so counting token processes alone can fire before `touch` has run.
        var marker = Path.Combine(p.Scratch, "slept");
        var started = await Eventually.TrueAsync(
            () => File.Exists(marker) && Procs.WithCommandLine($"sleep {token}").Count >= 2, TimeSpan.FromSeconds(60));
        started.ShouldBeTrue($"the agent never started; baton stderr: {(baton.HasExited ? baton.StandardError.ReadToEnd() : "(running)")}");
        var runDir = Directory.GetDirectories(Path.Combine(p.StateDir, "runs")).SelectMany(Directory.GetDirectories).Single();
        return (Path.GetFileName(Path.GetDirectoryName(runDir)!), Path.GetFileName(runDir));
    }

    [Fact]
    public async Task Kill_9_mid_run_then_resume_continues_without_rerunning_finished_stages_and_leaves_no_process()
    {
        var token = Token();
        using var p = new BatonProject(Config(token));
        using var baton = BatonCli.Start(p.Path, null, "run", "survive a crash");
        var (taskId, runId) = await WaitForAgentAsync(p, baton, token);

        Process.Start("kill", ["-9", baton.Id.ToString()])!.WaitForExit();
        await baton.WaitForExitAsync();

        var status = await p.JsonAsync("status", runId);
        ((string)status.Json!["run"]!["state"]!).ShouldBe("interrupted", status.Result.ToString());
        (await Eventually.TrueAsync(() => Procs.WithCommandLine(token).Count == 0, TimeSpan.FromSeconds(10)))
            .ShouldBeTrue("recovery must kill the dead run's process groups");

        var resume = await p.RunAsync("resume", runId);

        resume.ExitCode.ShouldBe(0, resume.ToString());
        File.ReadAllLines(Path.Combine(p.Scratch, "prepare-count")).Length.ShouldBe(1, "a finished stage is not re-run");
        p.Repo.Git("show", $"baton/{taskId}:work.txt").ShouldBe("done");
        var events = p.Events(taskId, runId);
        events.Select(e => (long)e["seq"]!).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events.ShouldContain(e => (string)e["type"]! == "run.state" && (string?)e["data"]!["state"] == "interrupted");
        ((string)events[^1]["type"]!).ShouldBe("run.finished");
        Procs.WithCommandLine(token).ShouldBeEmpty();
    }

    [Fact]
    public async Task Kill_9_of_baton_ends_every_process_of_its_run_within_two_seconds_with_no_other_command()
    {
        // The agent leaves three kinds of process behind: one in its group, one in a session of its own (out of the
        // group's reach) and one with an emptied environment (out of the cookie's reach, still in the group).
        var token = Token();
        using var p = new BatonProject($$"""
            version: 1
            agents:
              shell:
                kind: command
                command: "setsid bash -c 'sleep {{token}}; :' & env -i bash -c 'sleep {{token}}; :' & sleep {{token}}; wait"
            pipelines:
              default:
                stages:
                  - { id: build, kind: agent, role: builder }
                gates: [ "true" ]
            """);
        using var baton = BatonCli.Start(p.Path, null, "run", "die hard");
        var started = await Eventually.TrueAsync(() => Procs.WithCommandLine($"sleep {token}").Count >= 5, TimeSpan.FromSeconds(60));
        started.ShouldBeTrue("the agent and its grandchildren never started");
        var left = Procs.WithCommandLine(token);
        left.Select(Procs.SessionOf).Distinct().Count().ShouldBeGreaterThan(1, "one grandchild left the agent's session");

        Process.Start("kill", ["-9", baton.Id.ToString()])!.WaitForExit();
        await baton.WaitForExitAsync();

        (await Eventually.TrueAsync(() => Procs.WithCommandLine(token).Count == 0, TimeSpan.FromSeconds(2)))
            .ShouldBeTrue($"still alive 2 s after Baton died: {string.Join(", ", Procs.WithCommandLine(token))}");
    }

    [Fact]
    public async Task Stop_from_another_process_ends_the_run_and_its_whole_process_tree()
    {
        var token = Token();
        using var p = new BatonProject(Config(token));
        using var baton = BatonCli.Start(p.Path, null, "run", "to be stopped");
        var (_, runId) = await WaitForAgentAsync(p, baton, token);

        var stop = await p.RunAsync("stop", runId);

        stop.ExitCode.ShouldBe(0, stop.ToString());
        stop.Stdout.ShouldContain("stopped");
        await baton.WaitForExitAsync();
        baton.ExitCode.ShouldBe(1);
        Procs.WithCommandLine(token).ShouldBeEmpty();
        var status = await p.JsonAsync("status", runId);
        ((string)status.Json!["run"]!["reason"]!).ShouldBe("stopped");
    }

    [Theory]
    [InlineData("INT", 130)]   // Ctrl-C
    [InlineData("TERM", 130)]
    [InlineData("HUP", 129)]   // the terminal closed
    public async Task A_signal_interrupts_the_run_resumably_with_its_exit_code_and_no_process_left(string signal, int exitCode)
    {
        var token = Token();
        using var p = new BatonProject(Config(token));
        using var baton = BatonCli.Start(p.Path, null, "run", $"interrupt me with SIG{signal}");
        var (_, runId) = await WaitForAgentAsync(p, baton, token);

        Process.Start("kill", [$"-{signal}", baton.Id.ToString()])!.WaitForExit();
        await baton.WaitForExitAsync();

        baton.ExitCode.ShouldBe(exitCode);
        Procs.WithCommandLine(token).ShouldBeEmpty();
        var status = await p.JsonAsync("status", runId);
        ((string)status.Json!["run"]!["state"]!).ShouldBe("interrupted");
        (await p.RunAsync("resume", runId)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_stage_timeout_ends_the_stage_process_tree()
    {
        var token = Token();
        using var p = new BatonProject($$"""
            version: 1
            agents:
              shell: { kind: command, command: "true" }
            pipelines:
              default:
                stages:
                  - { id: hang, command: "bash -c 'sleep {{token}}; :' & sleep {{token}}; wait", timeout: 1s }
                gates: [ "true" ]
            """);

        var (result, json) = await p.JsonAsync("start", "default");

        result.ExitCode.ShouldBe(1, result.ToString());
        ((string)json!["reason"]!).ShouldBe("timeout");
        Procs.WithCommandLine(token).ShouldBeEmpty();
    }
}
