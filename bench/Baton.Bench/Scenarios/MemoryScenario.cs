using System.Globalization;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (d) Peak memory: N tasks whose agent sleeps, all at once (max_concurrent_runs N); the <c>baton drain</c> process's
/// /proc status is sampled every 50 ms until it exits.
/// </summary>
internal static class MemoryScenario
{
    public const string Id = "d";
    public const string Title = "peak RSS of baton drain with concurrent sleeping runs";

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.ConcurrentD;
        var sleep = ctx.Options.SleepD.ToString(CultureInfo.InvariantCulture);
        var dir = ctx.Temp.NewDir("d-memory");
        var log = Path.Combine(dir, "agents.log");
        var command = $"echo \"$BATON_TASK_ID s $EPOCHREALTIME\" >> \"$BENCH_LOG\"; sleep {sleep}; echo \"$BATON_TASK_ID e $EPOCHREALTIME\" >> \"$BENCH_LOG\"";
        var yaml = BatonYaml.Single("sleeper", command, n, new Dictionary<string, string> { ["BENCH_LOG"] = log });
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), n, "bench sleeper", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();

        ScenarioContext.Say($"(d) baton drain with {n} agents sleeping {sleep}s at once, sampling /proc every 50 ms…");
        var sampler = new ProcessSampler(TimeSpan.FromMilliseconds(50));
        var others = Interference.Start();
        var drain = (await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], TimeSpan.FromSeconds(120 + (ctx.Options.SleepD * 3) + n),
            ctx.Token, sampler.SampleAsync)).EnsureSuccess();
        var othersPercent = others.OtherPercent();

        var starts = AgentStarts.Read(log, "s");
        var ends = AgentStarts.Read(log, "e");
        if (starts.Count != n || ends.Count != n)
        {
            throw new BenchException($"expected {n} agents to start and end; {starts.Count} started, {ends.Count} ended");
        }

        var concurrency = MaxOverlap(starts.Values, ends.Values);
        var spread = Clock.Ms(starts.Values.Max() - starts.Values.Min());
        Figure[] figures =
        [
            new("d.peak", "(d) peak RSS of baton (VmHWM)", sampler.PeakHwmKb / 1024.0, "MB", Target.AtMost(80),
                $"largest VmHWM in /proc/<pid>/status of the `baton drain` process (sampled every 50 ms, {sampler.Samples.ToString(CultureInfo.InvariantCulture)} samples) " +
                $"with {n.ToString(CultureInfo.InvariantCulture)} runs of `sleep {sleep}` at once; MB = 1024² bytes"),
            new("d.concurrency", "(d) agents running at once", concurrency, "", Target.Exactly(n),
                "most agents alive at the same moment, from the agents' own start/end timestamps (checks the scenario really ran them all at once)"),
            new("d.spread", "(d) first → last agent start", spread, "ms", null, $"how long Baton took to get all {n.ToString(CultureInfo.InvariantCulture)} agents running"),
        ];
        var details = new Dictionary<string, object?>
        {
            ["runs"] = n,
            ["sleep_s"] = ctx.Options.SleepD,
            ["peak_vmhwm_kb"] = sampler.PeakHwmKb,
            ["peak_vmrss_kb"] = sampler.PeakRssKb,
            ["samples"] = sampler.Samples,
            ["drain_wall_s"] = drain.Wall.TotalSeconds,
            ["other_work_percent"] = othersPercent,
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    private static int MaxOverlap(IEnumerable<long> starts, IEnumerable<long> ends)
    {
        var points = starts.Select(s => (At: s, Delta: 1)).Concat(ends.Select(e => (At: e, Delta: -1)))
            .OrderBy(p => p.At).ThenBy(p => p.Delta);
        int current = 0, max = 0;
        foreach (var (_, delta) in points)
        {
            current += delta;
            max = Math.Max(max, current);
        }

        return max;
    }
}
