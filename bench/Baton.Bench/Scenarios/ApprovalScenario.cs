using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;
using Baton.Core.Model;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (r) Runs parked for a person. N tasks whose pipeline is build → an <c>approval</c> stage → a command stage: one
/// <c>baton drain</c> parks them all. Measured: that nothing of theirs stays alive (no process), that under
/// <c>baton serve</c> (<c>max_concurrent_runs: 2</c>) a new task still starts at once (no slot held), and the round trip
/// from a person's <c>baton approve RUN</c> to the run's next stage starting, p50/p99 over a number of approvals.
/// </summary>
internal static class ApprovalScenario
{
    public const string Id = "r";
    public const string Title = "parked runs and the approval round trip (baton serve)";

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.ParkedR;
        var approvals = Math.Min(n, 20);
        var dir = ctx.Temp.NewDir("r-approval");
        var log = Path.Combine(dir, "stages.log");
        var yaml = $$"""
            version: 1
            max_concurrent_runs: 2
            agents:
              noop: { kind: command, command: 'echo "$BATON_TASK_ID b $EPOCHREALTIME" >> {{log}}' }
            pipelines:
              default:
                stages:
                  - { id: build, kind: agent, role: builder, agent: noop }
                  - { id: sign-off, kind: approval, prompt: "Ship it?" }
                  - { id: after, kind: command, command: 'echo "$BATON_TASK_ID a $EPOCHREALTIME" >> {{log}}' }
                gates: [ "true" ]
            policy:
              approval: on-request
            """;
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), n, "bench parked", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(5), ctx.Token)).EnsureSuccess();

        ScenarioContext.Say($"(r) baton drain parks {n} runs at their approval stage…");
        var drain = (await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], TimeSpan.FromMinutes(10), ctx.Token)).EnsureSuccess();
        List<RunRecord> parked;
        await using (var store = await StoreReader.OpenAsync(repo, ctx.Token))
        {
            parked = [.. (await store.RunsAsync(ctx.Token)).Where(r => r.State == RunState.NeedsInput).OrderBy(r => r.CreatedAt)];
        }

        if (parked.Count != n)
        {
            throw new BenchException($"(r) expected {n} parked runs; {parked.Count} are: {drain.Stderr}");
        }

        var alive = LeftoverSweeper.Find(dir).Count;
        var port = Baton.Testing.FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var sampler = new ProcessSampler(TimeSpan.FromMilliseconds(100));
        var roundTrips = new List<double>();
        var approveWalls = new List<double>();
        double freshStart = double.NaN;
        ScenarioContext.Say($"(r) baton serve over {n} parked runs: a new task, then {approvals} approvals one at a time…");
        await ctx.Baton.RunAsync(repo, ["serve", "--listen", "127.0.0.1:" + port], TimeSpan.FromMinutes(10), ctx.Token, async (process, ct) =>
        {
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sampled = sampler.SampleAsync(process, sampling.Token);
            try
            {
                await MeasureAsync(process, ct);
            }
            finally
            {
                await sampling.CancelAsync();
                await sampled;
                using var interrupt = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await interrupt!.WaitForExitAsync(CancellationToken.None);
            }
        });

        async Task MeasureAsync(Process process, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var before = AgentStarts.Read(log, "b").Count;
            var added = Clock.UnixNs();
            (await ctx.Baton.RunAsync(repo, ["tasks", "add", "one more", "--format", "json"], TimeSpan.FromMinutes(1), ct)).EnsureSuccess();
            freshStart = Clock.Ms(await UntilAsync(() => AgentStarts.Read(log, "b").Count > before, TimeSpan.FromSeconds(30), ct) - added);

            foreach (var run in parked.Take(approvals))
            {
                var asked = Clock.UnixNs();
                var approve = (await ctx.Baton.RunAsync(repo, ["approve", run.Id], TimeSpan.FromMinutes(1), ct)).EnsureSuccess();
                approveWalls.Add(approve.Wall.TotalMilliseconds);
                var went = await UntilAsync(() => AgentStarts.Read(log, "a").ContainsKey(run.TaskId), TimeSpan.FromSeconds(30), ct);
                roundTrips.Add(Clock.Ms(went - asked));
            }
        }

        var nText = n.ToString(CultureInfo.InvariantCulture);
        Figure[] figures =
        [
            new("r.parked_processes", $"(r) processes left by {nText} parked runs", alive, "", Target.Exactly(0),
                "processes whose command line or environment names the scenario's directory, after `baton drain` parked every run and exited"),
            new("r.fresh_start", $"(r) new task start with {nText} parked runs", freshStart, "ms", null,
                "under `baton serve` (max_concurrent_runs: 2): from `baton tasks add` to its agent's first act — parked runs hold no slot"),
            new("r.approve_p50", "(r) approve → next stage starts, p50", Stats.Median(roundTrips), "ms", null,
                $"from spawning `baton approve RUN` to the stage after the approval starting under `baton serve` ({approvals.ToString(CultureInfo.InvariantCulture)} approvals, one at a time)"),
            new("r.approve_p99", "(r) approve → next stage starts, p99", Stats.Percentile(roundTrips, 99), "ms", null, "as above, 99th percentile"),
            new("r.approve_cli", "(r) `baton approve` wall, median", Stats.Median(approveWalls), "ms", null, "the one-shot command alone"),
            new("r.serve_rss", $"(r) peak RSS of baton serve over {nText} parked runs", sampler.PeakHwmKb / 1024.0, "MB", null, "VmHWM, sampled every 100 ms"),
        ];
        var details = new Dictionary<string, object?> { ["parked"] = n, ["approvals"] = approvals, ["drain_s"] = drain.Wall.TotalSeconds };
        return new ScenarioResult(Id, Title, figures, details);
    }

    /// <summary>When <paramref name="done"/> first holds (ns since the epoch); a bench failure after <paramref name="limit"/>.</summary>
    private static async Task<long> UntilAsync(Func<bool> done, TimeSpan limit, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (!done())
        {
            if (watch.Elapsed > limit)
            {
                throw new BenchException($"(r) waited {limit.TotalSeconds} s for a stage that never started");
            }

            await Task.Delay(5, ct);
        }

        return Clock.UnixNs();
    }
}
