using System.Globalization;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (a) Per-task orchestration overhead: N tasks queued, then <c>baton drain</c> with one run at a time and an agent that
/// only writes down when it started. Overhead of a task = its agent's start − the moment Baton could have started it.
/// </summary>
internal static class OverheadScenario
{
    public const string Id = "a";
    public const string Title = "per-task overhead (task ready → agent started), max_concurrent_runs 1";
    private const int SingleAdds = 5;

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.TasksA;
        var dir = ctx.Temp.NewDir("a-overhead");
        var starts = Path.Combine(dir, "starts");
        var yaml = BatonYaml.Single("stamp", "echo \"$BATON_TASK_ID $EPOCHREALTIME\" >> \"$BENCH_STARTS\"", 1,
            new Dictionary<string, string> { ["BENCH_STARTS"] = starts });
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);

        // A few tasks one `tasks add` at a time (to time a single intake), the rest with one `tasks sync`.
        var singles = Math.Min(SingleAdds, n / 2);
        var addMs = new List<double>();
        for (var i = 0; i < singles; i++)
        {
            var add = await ctx.Baton.RunAsync(repo, ["tasks", "add", $"bench single {i}", "--format", "json"], TimeSpan.FromMinutes(1), ctx.Token);
            addMs.Add(add.EnsureSuccess().Wall.TotalMilliseconds);
        }

        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), n - singles, "bench task", ctx.Token);
        var sync = (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();

        ScenarioContext.Say($"(a) draining {n} tasks one at a time…");
        var others = Interference.Start();
        var drain = (await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], TimeSpan.FromSeconds(60 + (2 * n)), ctx.Token)).EnsureSuccess();
        var othersPercent = others.OtherPercent();

        var agentStarts = AgentStarts.Read(starts);
        await using var store = await StoreReader.OpenAsync(repo, ctx.Token);
        var created = (await store.TasksAsync(ctx.Token)).ToDictionary(t => t.Id, t => Clock.UnixNs(t.CreatedAt));
        var runs = RunDir.All(repo.StateDir)
            .Select(d => (Dir: d, Manifest: RunManifest.Read(d.ManifestFile), Timeline: RunTimeline.From(d)))
            .ToList();
        Check(n, created.Count, agentStarts.Count, runs.Count, runs.Count(r => r.Manifest.State == "succeeded"));

        var ordered = runs.OrderBy(r => agentStarts[r.Dir.TaskId]).ToList();
        var overheads = new List<double>();
        var stalls = new List<double>(); // gaps between one run's end and the next run's start of 0.5 s or more
        var phases = new PhaseSamples();
        long? cold = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var run = ordered[i];
            var agent = agentStarts[run.Dir.TaskId];
            if (i == 0)
            {
                cold = agent - Math.Max(created[run.Dir.TaskId], drain.SpawnUnixNs);
                continue;
            }

            var prev = ordered[i - 1];
            var ready = Math.Max(Math.Max(created[run.Dir.TaskId], prev.Manifest.FinishedNs), drain.SpawnUnixNs);
            overheads.Add(Clock.Ms(agent - ready));
            phases.Add("1 previous run: finished_at → its run.finished event (changed files: git diff + git ls-files; result.json)", Clock.Ms(prev.Timeline.At("run.finished") - prev.Manifest.FinishedNs));
            var gap = Clock.Ms(run.Timeline.At("run.started") - prev.Timeline.At("run.finished"));
            phases.Add("2 previous run.finished → run.started (task state, manifest, claim, new run)", gap);
            if (gap >= 500)
            {
                stalls.Add(gap);
            }

            phases.Add("3 run.started → workspace.ready (a spare: moved as git worktree move does + git checkout -b; none ready: git worktree add + rev-parse)", run.Timeline.Ms("run.started", "workspace.ready"));
            phases.Add("4 workspace.ready → stage.started (state, manifest)", run.Timeline.Ms("workspace.ready", "stage.started"));
            phases.Add("5 stage.started → agent running (prompt file, setsid bash -c)", Clock.Ms(agent - run.Timeline.At("stage.started")));
            phases.Add("(run's own tail) stage.started → run.finished", run.Timeline.Ms("stage.started", "run.finished"));
        }

        var floorCount = n; // as many worktrees as Baton made: `git worktree add` slows down as they pile up
        ScenarioContext.Say($"(a) floor: {floorCount} worktrees + agent starts in plain bash…");
        var floorOthers = Interference.Start();
        var floor = await OverheadFloor.MeasureAsync(dir, yaml, floorCount, ctx.Token);
        var floorOthersPercent = floorOthers.OtherPercent();
        var floorP50 = floor.Summary()[^1].P50Ms;

        var p50 = Stats.Median(overheads);
        var p99 = Stats.Percentile(overheads, 99);
        var sample = $"n = {overheads.Count.ToString(CultureInfo.InvariantCulture)} tasks";
        var definition =
            "overhead of a task = the moment its agent was running (the agent's first act is `echo $BATON_TASK_ID $EPOCHREALTIME`, " +
            "µs wall clock) − the moment Baton could start it = max(task created_at [store], previous run's finished_at " +
            "[manifest.json, 100 ns], drain spawn); one run at a time; the first task (cold start) is reported apart; " + sample;
        Figure[] figures =
        [
            new("a.p50", "(a) overhead p50", p50, "ms", Target.AtMost(50), definition),
            new("a.p99", "(a) overhead p99", p99, "ms", null, "as (a) p50, 99th percentile (nearest rank); " + sample),
            new("a.cold", "(a) cold start: drain spawned → 1st agent running", Clock.Ms(cold ?? 0), "ms", null,
                "wall time from spawning `baton drain` to the first task's agent running: .NET start-up, config, store, recovery, claim"),
            new("a.floor", "(a) floor in plain bash, p50", floorP50, "ms", null,
                $"one task at a time in bash: `git worktree add -b` + `git rev-parse` + `setsid bash -c` until the agent runs, median of " +
                $"{floorCount.ToString(CultureInfo.InvariantCulture)}; (a) p50 − this = Baton's own share"),
            new("a.others", "(a) other work on the CPUs during drain / floor", othersPercent, "%", null,
                $"machine-wide busy CPU minus the bench's own tree, as a share of all CPUs, during `baton drain` (during the floor: " +
                $"{floorOthersPercent.ToString("0", CultureInfo.InvariantCulture)}%)"),
            new("a.add", "(a) one `baton tasks add` (median)", Stats.Median(addMs), "ms", null,
                $"wall time of one `baton tasks add TITLE --format json` process, median of {singles.ToString(CultureInfo.InvariantCulture)}"),
            new("a.sync", "(a) `baton tasks sync --apply` per task", sync.Wall.TotalMilliseconds / Math.Max(1, n - singles), "ms", null,
                $"wall time of one `baton tasks sync tasks.json --apply` of {(n - singles).ToString(CultureInfo.InvariantCulture)} tasks ÷ tasks"),
        ];
        var details = new Dictionary<string, object?>
        {
            ["tasks"] = n,
            ["drain_wall_s"] = drain.Wall.TotalSeconds,
            ["drain_wall_per_task_ms"] = drain.Wall.TotalMilliseconds / n,
            ["overhead_ms"] = new { p50, p90 = Stats.Percentile(overheads, 90), p99, max = overheads.Max(), min = overheads.Min() },
            ["phases_ms"] = phases.Summary(),
            ["stalls_ms"] = stalls,
            ["stalls_note"] = "phase 2 gaps of 0.5 s or more (the queue worker waiting out its 1 s poll instead of being woken)",
            ["phases_note"] = "phases 1-5 add up to a task's overhead (event timestamps are whole milliseconds); p50/p99 per phase over the same tasks",
            ["floor_phases_ms"] = floor.Summary(),
            ["baton_share_p50_ms"] = p50 - floorP50,
            ["tasks_add_ms"] = addMs,
            ["tasks_sync_wall_ms"] = sync.Wall.TotalMilliseconds,
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    private static void Check(int n, int tasks, int starts, int runs, int succeeded)
    {
        if (tasks != n || starts != n || runs != n || succeeded != n)
        {
            throw new BenchException($"expected {n} tasks, agent starts, runs and succeeded runs; got {tasks}, {starts}, {runs}, {succeeded}");
        }
    }
}
