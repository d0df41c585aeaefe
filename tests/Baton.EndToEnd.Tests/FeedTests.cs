using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests;

/// <summary>`baton events`: the global feed across processes — replay, live, resume with --after, filters.</summary>
public sealed class FeedTests
{
    private const string Config = """
        version: 1
        agents:
          shell: { kind: command, command: "echo '{\"type\":\"message\",\"text\":\"working\"}'; echo done > work.txt" }
        pipelines:
          default:
            stages:
              - { id: build, kind: agent, role: builder }
              - { id: check, command: "test -f work.txt" }
            gates: [ "test -f work.txt" ]
        """;

    private static List<JsonObject> Lines(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];

    [Fact]
    public async Task A_follower_in_one_process_sees_a_run_in_another_live_in_order_and_after_resumes_without_gaps_or_doubles()
    {
        using var p = new BatonProject(Config);
        (await p.RunAsync("events", "--format", "json")).ExitCode.ShouldBe(0);   // creates the store before the follower starts
        using var follower = BatonCli.Start(p.Path, null, "events", "--follow", "--format", "json");
        var lines = new List<JsonObject>();
        var reader = Task.Run(async () =>
        {
            while (await follower.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(JsonNode.Parse(line)!.AsObject());
                }
            }
        });

        var run = await p.RunAsync("run", "make work.txt");
        run.ExitCode.ShouldBe(0, run.ToString());

        var finished = await Eventually.TrueAsync(() =>
        {
            lock (lines)
            {
                return lines.Any(l => (string)l["type"]! == "task.state" && (string?)l["data"]!["state"] == "succeeded");
            }
        }, TimeSpan.FromSeconds(20));
        follower.Kill(entireProcessTree: true);
        await follower.WaitForExitAsync();
        await reader;
        finished.ShouldBeTrue($"the follower never saw the task succeed; it saw: {string.Join("\n", lines)}");

        var seen = lines.ToList();
        var types = seen.Select(l => (string)l["type"]!).ToList();
        types[0].ShouldBe("task.queued");
        types.ShouldContain("run.started");
        types.ShouldContain("agent.message");
        types.IndexOf("run.finished").ShouldBeGreaterThan(types.IndexOf("gate.finished"));
        var positions = seen.Select(l => (long)l["position"]!).ToList();
        positions.ShouldBe(positions.Order().Distinct().ToList(), "positions only grow and none is delivered twice");
        var runEvents = seen.Where(l => l["run_id"] is not null).Select(l => (long)l["seq"]!).ToList();
        runEvents.ShouldBe(Enumerable.Range(1, runEvents.Count).Select(i => (long)i).ToList(), "every run event, gap-free, in order");
        seen.Where(l => l["run_id"] is null).ShouldAllBe(l => l["seq"] == null, "task events carry no seq");

        // The replay in a fresh process is the same stream; --after resumes from any position with nothing missed or doubled.
        var all = Lines((await p.RunAsync("events", "--format", "json")).Stdout);
        all.Select(l => (long)l["position"]!).ShouldBe(positions);
        var middle = positions[positions.Count / 2];
        var rest = Lines((await p.RunAsync("events", "--after", middle.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json")).Stdout);
        rest.Select(l => (long)l["position"]!).ShouldBe(positions.Where(x => x > middle));
    }

    [Fact]
    public async Task Filters_pick_a_task_a_run_or_a_type_and_task_events_are_mirrored_beside_the_runs()
    {
        using var p = new BatonProject(Config);
        (await p.RunAsync("run", "first")).ExitCode.ShouldBe(0);
        var second = await p.JsonAsync("tasks", "add", "second, only queued");
        var queuedId = (string)second.Json!["id"]!;

        var all = Lines((await p.RunAsync("events", "--format", "json")).Stdout);
        var firstTask = (string)all[0]["task_id"]!;
        var runId = (string)all.First(l => l["run_id"] is not null)["run_id"]!;

        Lines((await p.RunAsync("events", "--task", queuedId, "--format", "json")).Stdout)
            .Select(l => (string)l["type"]!).ShouldBe(["task.queued"]);
        Lines((await p.RunAsync("events", "--run", runId, "--format", "json")).Stdout).ShouldAllBe(l => (string?)l["run_id"] == runId);
        var finished = Lines((await p.RunAsync("events", "--type", "run.fin", "--format", "json")).Stdout);
        finished.Count.ShouldBe(1);
        ((string)finished[0]["type"]!).ShouldBe("run.finished");

        var mirror = File.ReadAllLines(Path.Combine(p.StateDir, "runs", firstTask, "events.ndjson")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        mirror.Select(l => (string)l["type"]!).ShouldBe(["task.queued", "task.state"]);
        mirror.ShouldAllBe(l => l["run_id"] == null && l["position"] != null);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_advice()
    {
        using var p = new BatonProject(Config);
        var bad = await p.RunAsync("events", "--after", "-5");
        bad.ExitCode.ShouldBe(2);
        bad.Stderr.ShouldContain("--after must be a position");
        (await p.RunAsync("events", "--after", "abc")).ExitCode.ShouldBe(2);
    }
}
