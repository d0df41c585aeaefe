using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (q) Fast restart: <c>baton drain</c> with N agents running at once is killed with SIGKILL; then a new
/// <c>baton drain</c> starts over the N interrupted runs. Measured: how long until every agent of the dead drain is
/// gone (with no Baton running), and from the new drain's start to the first and the last resumed agent and to its exit.
/// </summary>
internal static class RestartScenario
{
    public const string Id = "q";
    public const string Title = "restart over interrupted runs (SIGKILL, then baton drain)";

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.ConcurrentD;
        var dir = ctx.Temp.NewDir("q-restart");
        var log = Path.Combine(dir, "agents.log");
        var marks = Directory.CreateDirectory(Path.Combine(dir, "marks")).FullName;
        // The first turn of each task sleeps (it is killed mid-way); the resumed turn logs and finishes.
        var command = "if [ -f \"$BENCH_MARKS/$BATON_TASK_ID\" ]; then echo \"$BATON_TASK_ID r $EPOCHREALTIME\" >> \"$BENCH_LOG\"; " +
                      "else touch \"$BENCH_MARKS/$BATON_TASK_ID\"; echo \"$BATON_TASK_ID s $EPOCHREALTIME\" >> \"$BENCH_LOG\"; sleep 600; fi";
        var yaml = BatonYaml.Single("sleeper", command, n, new Dictionary<string, string> { ["BENCH_LOG"] = log, ["BENCH_MARKS"] = marks });
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), n, "bench restart", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();

        ScenarioContext.Say($"(q) baton drain with {n} sleeping agents, killed with SIGKILL once all run…");
        long killedAt = 0;
        await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], TimeSpan.FromMinutes(3), ctx.Token, async (process, ct) =>
        {
            while (AgentStarts.Read(log, "s").Count < n)
            {
                await Task.Delay(50, ct);
            }

            killedAt = Clock.UnixNs();
            process.Kill();
        });
        var gone = await UntilGoneAsync(marks, TimeSpan.FromSeconds(10), ctx.Token);

        ScenarioContext.Say($"(q) a new baton drain over {n} interrupted runs…");
        var restartedAt = Clock.UnixNs();
        var drain = (await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], TimeSpan.FromMinutes(3), ctx.Token)).EnsureSuccess();
        var resumed = AgentStarts.Read(log, "r");
        if (resumed.Count != n)
        {
            throw new BenchException($"expected {n} runs to resume; {resumed.Count} did");
        }

        Figure[] figures =
        [
            new("q.orphans_gone", "(q) SIGKILL → no agent of the dead drain alive", gone is { } g ? Clock.Ms(g - killedAt) : double.NaN, "ms", Target.AtMost(2000),
                $"from SIGKILL of `baton drain` to no process left whose environment names this scenario, with no Baton running ({n.ToString(CultureInfo.InvariantCulture)} agents)"),
            new("q.first", "(q) restart → first run resumed", Clock.Ms(resumed.Values.Min() - restartedAt), "ms", null,
                "from starting the new `baton drain` (a fresh process) to the first resumed agent's start"),
            new("q.all", "(q) restart → all runs resumed", Clock.Ms(resumed.Values.Max() - restartedAt), "ms", null,
                $"from starting the new `baton drain` to the last of the {n.ToString(CultureInfo.InvariantCulture)} interrupted runs' agents starting again"),
            new("q.drain", "(q) restart → drain exits", drain.Wall.TotalMilliseconds, "ms", null,
                "the new `baton drain`'s wall time: recover, re-claim, resume and finish every run"),
        ];
        var details = new Dictionary<string, object?> { ["runs"] = n, ["drain_wall_s"] = drain.Wall.TotalSeconds };
        return new ScenarioResult(Id, Title, figures, details);
    }

    /// <summary>When no process names <paramref name="marker"/> in its environment any more (null: still some after the limit).</summary>
    private static async Task<long?> UntilGoneAsync(string marker, TimeSpan limit, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (!LeftoverSweeper.Find(marker).Any())
            {
                return Clock.UnixNs();
            }

            await Task.Delay(10, ct);
        }

        return null;
    }
}
