using System.Text.Json.Nodes;

namespace Baton.EndToEnd.Tests;

public sealed class QueueTests
{
    private const string Config = """
        version: 1
        max_concurrent_runs: 2
        agents:
          shell:
            kind: command
            command: "echo start $BATON_TASK_ID $(date +%s%N) >> $SCRATCH/order; sleep 0.3; echo end $BATON_TASK_ID $(date +%s%N) >> $SCRATCH/order; echo x > f.txt"
        pipelines:
          default:
            stages: [ { id: build, kind: agent, role: builder } ]
            gates: [ "test -f f.txt" ]
        """;

    private static async Task<string> AddAsync(BatonProject p, params string[] args)
    {
        var (result, json) = await p.JsonAsync(["tasks", "add", .. args]);
        result.ExitCode.ShouldBe(0, result.ToString());
        return (string)json!["id"]!;
    }

    [Fact]
    public async Task Drain_honours_dependencies_priority_and_the_concurrency_limit()
    {
        using var p = new BatonProject(Config);
        var a = await AddAsync(p, "a");
        var b = await AddAsync(p, "b", "--depends-on", a);
        var c = await AddAsync(p, "c", "--priority", "5");
        var d = await AddAsync(p, "d");
        var e = await AddAsync(p, "e");

        var drain = await p.RunAsync("drain");

        drain.ExitCode.ShouldBe(0, drain.ToString());
        var lines = File.ReadAllLines(Path.Combine(p.Scratch, "order")).Select(l => l.Split(' ')).ToList();
        var start = lines.Where(l => l[0] == "start").ToDictionary(l => l[1], l => long.Parse(l[2]));
        var end = lines.Where(l => l[0] == "end").ToDictionary(l => l[1], l => long.Parse(l[2]));
        start.Keys.ShouldBe([a, b, c, d, e], ignoreOrder: true);
        start[b].ShouldBeGreaterThan(end[a], "b depends on a");
        var runs = (await p.JsonAsync("status")).Json!.AsArray();
        var firstClaimed = runs.OrderBy(r => DateTimeOffset.Parse((string)r!["created_at"]!, System.Globalization.CultureInfo.InvariantCulture)).First();
        ((string)firstClaimed!["task_id"]!).ShouldBe(c, "the highest priority is claimed first");
        var maxConcurrent = start.Keys.Max(t => start.Keys.Count(o => start[o] <= start[t] && end[o] > start[t]));
        maxConcurrent.ShouldBeLessThanOrEqualTo(2);
        var tasks = (await p.JsonAsync("tasks", "list")).Json!.AsArray();
        tasks.Select(t => (string)t!["state"]!).ShouldAllBe(s => s == "succeeded");
    }

    [Fact]
    public async Task A_task_whose_dependency_failed_fails_and_drain_still_ends()
    {
        using var p = new BatonProject(Config.Replace("gates: [ \"test -f f.txt\" ]", "gates: [ \"test -f missing\" ]\n    max_attempts: 1", StringComparison.Ordinal));
        var a = await AddAsync(p, "a");
        var b = await AddAsync(p, "b", "--depends-on", a);

        var drain = await p.RunAsync("drain");

        drain.ExitCode.ShouldBe(1, drain.ToString());
        var show = (await p.JsonAsync("tasks", "show", b)).Json!;
        ((string)show["task"]!["state"]!).ShouldBe("failed");
        ((string)show["task"]!["reason"]!).ShouldContain(a);
    }

    [Fact]
    public async Task Tasks_sync_from_a_markdown_checklist_is_a_plan_first_and_idempotent()
    {
        using var p = new BatonProject(Config);
        Directory.CreateDirectory(p.Repo.PathOf("docs"));
        File.WriteAllText(p.Repo.PathOf("docs/TASKS.md"), """
            # Tasks
            - [ ] add a greeting
            - [x] already done
            - [ ] write the docs
            """);

        var plan = await p.RunAsync("tasks", "sync", "docs/TASKS.md");
        plan.ExitCode.ShouldBe(0, plan.ToString());
        plan.Stdout.ShouldContain("would be queued");
        (await p.JsonAsync("tasks", "list")).Json!.AsArray().Count.ShouldBe(0);

        (await p.RunAsync("tasks", "sync", "docs/TASKS.md", "--apply")).ExitCode.ShouldBe(0);
        (await p.RunAsync("tasks", "sync", "docs/TASKS.md", "--apply")).ExitCode.ShouldBe(0);

        var tasks = (await p.JsonAsync("tasks", "list")).Json!.AsArray();
        tasks.Select(t => (string)t!["title"]!).ShouldBe(["add a greeting", "write the docs"], ignoreOrder: true);
        tasks.Select(t => (string)t!["source"]!).ShouldAllBe(s => s == "file");
    }

    [Fact]
    public async Task Tasks_add_by_json_loop_once_and_cancel_work()
    {
        using var p = new BatonProject(Config);
        var (added, json) = await p.JsonAsync("tasks", "add", "--json", """{"title":"from json","priority":3,"labels":["x"]}""");
        added.ExitCode.ShouldBe(0, added.ToString());
        var cancelled = await AddAsync(p, "to cancel", "--depends-on", (string)json!["id"]!);
        (await p.RunAsync("tasks", "cancel", cancelled)).ExitCode.ShouldBe(0);

        var once = await p.RunAsync("loop", "--once");

        once.ExitCode.ShouldBe(0, once.ToString());
        var tasks = (await p.JsonAsync("tasks", "list")).Json!.AsArray().ToDictionary(t => (string)t!["title"]!, t => (string)t!["state"]!);
        tasks["from json"].ShouldBe("succeeded");
        tasks["to cancel"].ShouldBe("cancelled");
    }

    [Fact]
    public async Task Status_and_logs_show_a_finished_run_as_text_and_json()
    {
        using var p = new BatonProject(Config);
        var (run, json) = await p.JsonAsync("run", "hello", "--agent", "shell");
        run.ExitCode.ShouldBe(0, run.ToString());
        var runId = (string)json!["run_id"]!;

        var status = await p.JsonAsync("status", runId);
        ((string)status.Json!["run"]!["state"]!).ShouldBe("succeeded");
        var list = await p.RunAsync("status");
        list.Stdout.ShouldContain(runId);
        var logs = await p.RunAsync("logs", runId);
        logs.Stdout.ShouldContain("gate `test -f f.txt` passed");
        var stageLogs = await p.RunAsync("logs", runId, "--stage", "build");
        stageLogs.Stdout.ShouldContain("stage succeeded");
        var ndjson = (await p.RunAsync("logs", runId, "--format", "json")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ndjson.Select(l => JsonNode.Parse(l)!["seq"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, ndjson.Length).Select(i => (long)i));
    }

    [Fact]
    public async Task Tasks_sync_from_json_resolves_depends_on_by_id_and_refuses_a_cycle()
    {
        using var p = new BatonProject(Config);
        File.WriteAllText(p.Repo.PathOf("tasks.json"), """
            { "tasks": [
              { "id": "docs", "title": "write docs", "depends_on": ["api"] },
              { "id": "api", "title": "build the api", "priority": 2, "max_attempts": 2 }
            ] }
            """);

        var apply = await p.RunAsync("tasks", "sync", "tasks.json", "--apply");

        apply.ExitCode.ShouldBe(0, apply.ToString());
        var tasks = (await p.JsonAsync("tasks", "list")).Json!.AsArray().ToDictionary(t => (string)t!["title"]!, t => t!);
        tasks["write docs"]["depends_on"]!.AsArray().Select(d => (string)d!).ShouldBe([(string)tasks["build the api"]["id"]!]);
        ((int)tasks["build the api"]["max_attempts"]!).ShouldBe(2);

        File.WriteAllText(p.Repo.PathOf("cycle.json"), """
            [ { "id": "a", "title": "a", "depends_on": ["b"] }, { "id": "b", "title": "b", "depends_on": ["a"] } ]
            """);
        var cycle = await p.RunAsync("tasks", "sync", "cycle.json", "--apply");
        cycle.ExitCode.ShouldBe(2, cycle.ToString());
        cycle.Stderr.ShouldContain("cycle");
        (await p.JsonAsync("tasks", "list")).Json!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Logs_follow_and_status_watch_stream_a_live_run_until_it_ends()
    {
        using var p = new BatonProject(Config.Replace("sleep 0.3", "sleep 2", StringComparison.Ordinal));
        using var run = Baton.Testing.BatonCli.Start(p.Path, null, "run", "slow", "--agent", "shell");
        var runsDir = Path.Combine(p.StateDir, "runs");
        (await Baton.Testing.Eventually.TrueAsync(() => Directory.Exists(runsDir) && Directory.GetDirectories(runsDir).Length == 1
            && Directory.GetDirectories(Directory.GetDirectories(runsDir)[0]).Length == 1, TimeSpan.FromSeconds(30))).ShouldBeTrue();
        var runId = Path.GetFileName(Directory.GetDirectories(Directory.GetDirectories(runsDir)[0])[0]);

        var follow = p.RunAsync("logs", runId, "--follow");
        var watch = p.RunAsync("status", runId, "--watch", "--interval", "0.2");

        var logs = await follow;
        logs.ExitCode.ShouldBe(0, logs.ToString());
        logs.Stdout.ShouldContain("run finished: succeeded");
        (await watch).Stdout.ShouldContain("succeeded");
        await run.WaitForExitAsync();
        run.ExitCode.ShouldBe(0);
    }
}
