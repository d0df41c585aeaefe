using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// `baton serve` killed with SIGKILL at random moments while it works a queue, restarted each time. Every stage
/// attempt logs its start and its end with its own pid, so the test can tell work that Baton's death cut off (re-run,
/// as it must be) from work an orphan finished after Baton died (the bug this guards against) and from a finished
/// stage run again.
/// </summary>
public sealed class KillCampaignTests
{
    private const int Tasks = 8;
    private const int Kills = 3;

    private static string Config(string sleep) => $$"""
        version: 1
        max_concurrent_runs: 4
        agents: {}
        pipelines:
          default:
            stages:
              - { id: s1, command: "echo start $BATON_TASK_ID s1 $$ $(date +%s%N) >> $SCRATCH/log; sleep {{sleep}}; echo end $BATON_TASK_ID s1 $$ $(date +%s%N) >> $SCRATCH/log" }
              - { id: s2, command: "echo start $BATON_TASK_ID s2 $$ $(date +%s%N) >> $SCRATCH/log; sleep {{sleep}}; echo end $BATON_TASK_ID s2 $$ $(date +%s%N) >> $SCRATCH/log" }
              - { id: s3, command: "echo start $BATON_TASK_ID s3 $$ $(date +%s%N) >> $SCRATCH/log; sleep {{sleep}}; echo end $BATON_TASK_ID s3 $$ $(date +%s%N) >> $SCRATCH/log" }
            gates: [ "true" ]
        """;

    private sealed record Line(string Kind, string Task, string Stage, string Pid, long At);

    [Fact]
    public async Task Random_kills_of_serve_lose_nothing_leave_no_orphan_working_and_rerun_only_cut_off_stages()
    {
        // A sleep no other process uses: 1.5 s and some random digits.
        var sleep = $"1.5{Random.Shared.Next(100000, 999999)}";
        using var p = new BatonProject(Config(sleep));
        for (var i = 0; i < Tasks; i++)
        {
            (await p.RunAsync("tasks", "add", $"task {i}", "--pipeline", "default")).ExitCode.ShouldBe(0);
        }

        var kills = new List<long>();
        for (var k = 0; k < Kills; k++)
        {
            using var serve = BatonCli.Start(p.Path, null, "serve");
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1500, 4000)));
            Process.Start("kill", ["-9", serve.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            kills.Add(NowNanos());
            await serve.WaitForExitAsync();
            (await Eventually.TrueAsync(() => Procs.WithCommandLine(sleep).Count == 0, TimeSpan.FromSeconds(2)))
                .ShouldBeTrue($"kill {k + 1}: stage processes outlived serve by 2 s with no other Baton running");
        }

        using (var last = BatonCli.Start(p.Path, null, "serve"))
        {
            var done = await Eventually.TrueAsync(async () => await AllSucceededAsync(p), TimeSpan.FromSeconds(120));
            Process.Start("kill", ["-TERM", last.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            await last.WaitForExitAsync();
            done.ShouldBeTrue("the queue never finished after the kills:\n" + (await p.RunAsync("tasks", "list")).Stdout
                + "\nlog:\n" + (File.Exists(Path.Combine(p.StateDir, "logs", "baton.log")) ? File.ReadAllText(Path.Combine(p.StateDir, "logs", "baton.log")) : "(none)"));
        }

        var lines = File.ReadAllLines(Path.Combine(p.Scratch, "log")).Select(Parse).ToList();
        var attempts = lines.Where(l => l.Kind == "start")
            .Select(s => (Start: s, End: lines.FirstOrDefault(e => e.Kind == "end" && e.Pid == s.Pid && e.Task == s.Task && e.Stage == s.Stage)))
            .ToList();
        var orphanWork = attempts.Where(a => a.End is { } end && kills.Any(k => a.Start.At < k && end.At > k + 800_000_000)).ToList();
        orphanWork.ShouldBeEmpty("a stage process kept working after its serve was killed");
        foreach (var stage in attempts.GroupBy(a => (a.Start.Task, a.Start.Stage)))
        {
            stage.Count(a => a.End is not null).ShouldBeGreaterThanOrEqualTo(1, $"{stage.Key} never ran to its end");
        }

        // A stage runs again only when Baton died before it recorded the stage finished; once recorded, never.
        var feed = (await p.RunAsync("events", "--type", "stage.", "--format", "json")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        foreach (var stage in feed.GroupBy(e => ((string)e["task_id"]!, (string)e["stage"]!)))
        {
            var finished = stage.Where(e => (string)e["type"]! == "stage.finished" && (string)e["data"]!["status"]! == "succeeded").ToList();
            finished.Count.ShouldBe(1, $"{stage.Key} was recorded as finished {finished.Count} times:\n"
                + string.Join("\n", stage.Select(e => $"{e["position"]} {e["ts"]} {e["run_id"]} {e["type"]} {e["data"]?.ToJsonString()}"))
                + "\nlog:\n" + (File.Exists(Path.Combine(p.StateDir, "logs", "baton.log")) ? File.ReadAllText(Path.Combine(p.StateDir, "logs", "baton.log")) : "(none)"));
            var position = (long)finished[0]["position"]!;
            stage.Where(e => (string)e["type"]! == "stage.started" && (long)e["position"]! > position)
                .ShouldBeEmpty($"{stage.Key} started again after it was recorded as finished");
        }

        feed.Select(e => (string)e["task_id"]!).Distinct().Count().ShouldBe(Tasks);
    }

    private static async Task<bool> AllSucceededAsync(BatonProject p)
    {
        var (result, json) = await p.JsonAsync("tasks", "list");
        return result.ExitCode == 0 && json!.AsArray().Count == Tasks
            && json.AsArray().All(t => (string)t!["state"]! == "succeeded");
    }

    private static Line Parse(string line)
    {
        var f = line.Split(' ');
        return new Line(f[0], f[1], f[2], f[3], long.Parse(f[4], CultureInfo.InvariantCulture));
    }

    private static long NowNanos() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
