using System.Globalization;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (b) Throughput: N tasks (worktree, one no-op command agent, gate <c>true</c>) at max_concurrent_runs 4, wall time of
/// <c>baton drain</c> against <see cref="BashBaseline"/> doing the same per task with <c>xargs -P 4</c>.
/// </summary>
internal static class ThroughputScenario
{
    public const string Id = "b";
    public const string Title = "throughput at max_concurrent_runs 4 vs bash + xargs -P 4";

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.TasksB;
        var dir = ctx.Temp.NewDir("b-throughput");
        var yaml = BatonYaml.Single("noop", "true", 4);
        var timeout = TimeSpan.FromSeconds(120 + (2 * n));

        // The baseline first, in its own repository with the same content.
        var bashRepo = await BenchRepo.CreateAsync(Path.Combine(dir, "bash-repo"), yaml, ctx.Token);
        var script = Path.Combine(dir, "baseline.sh");
        await File.WriteAllTextAsync(script, BashBaseline.Script, ctx.Token);
        var log = Path.Combine(dir, "bash.log");
        ScenarioContext.Say($"(b) bash baseline: {n} tasks, 4 at a time…");
        var bashBefore = ChildrenCpu.Seconds();
        var bashOthers = Interference.Start();
        var bash = (await ChildProcess.RunAsync("bash", [script, bashRepo.Path, n.ToString(CultureInfo.InvariantCulture), log],
            dir, timeout, ctx.Token, Git.Identity)).EnsureSuccess();
        var bashCost = Cost.Since(bashBefore, n, null);
        var bashOthersPercent = bashOthers.OtherPercent();
        var bashPhases = BashPhases(log, n, out var bashRunSum);
        var branches = (await Git.RunAsync(bashRepo.Path, ctx.Token, "for-each-ref", "--format=%(refname)", "refs/heads/baton/"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        if (branches != n)
        {
            throw new BenchException($"the bash baseline made {branches} branches, expected {n}");
        }

        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "baton-repo"), yaml, ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), n, "bench task", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();
        ScenarioContext.Say($"(b) baton drain: {n} tasks, 4 at a time…");
        var sampler = new ProcessSampler(TimeSpan.FromMilliseconds(50));
        var batonBefore = ChildrenCpu.Seconds();
        var batonOthers = Interference.Start();
        // Exit code 1 means some run failed: that is reported as a figure, not treated as a broken benchmark.
        var drain = await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], timeout, ctx.Token, sampler.SampleAsync);
        if (drain.ExitCode is not (0 or 1))
        {
            drain.EnsureSuccess();
        }

        var batonCost = Cost.Since(batonBefore, n, sampler.CpuSeconds);
        var batonOthersPercent = batonOthers.OtherPercent();

        var runs = RunDir.All(repo.StateDir).Select(d => (Manifest: RunManifest.Read(d.ManifestFile), Timeline: RunTimeline.From(d))).ToList();
        var failures = runs.Where(r => r.Manifest.State != "succeeded").Select(r => $"{r.Manifest.TaskId}: {r.Manifest.Message}").ToList();
        if (runs.Count != n)
        {
            throw new BenchException($"baton drain: expected {n} runs, found {runs.Count}");
        }

        var phases = new PhaseSamples();
        double batonRunSum = 0;
        foreach (var (m, t) in runs)
        {
            if (m.State != "succeeded")
            {
                continue;
            }

            phases.Add("run.started → workspace.ready (a spare: moved as git worktree move does + git checkout -b; none ready: git worktree add + rev-parse)", t.Ms("run.started", "workspace.ready"));
            phases.Add("workspace.ready → stage.started", t.Ms("workspace.ready", "stage.started"));
            phases.Add("stage.started → stage.finished (agent; git add -A, git commit, git diff --cached)", t.Ms("stage.started", "stage.finished"));
            phases.Add("stage.finished → gate.finished (gate)", t.Ms("stage.finished", "gate.finished"));
            phases.Add("gate.finished → run.finished (changed files: git diff + git ls-files; result.json)", t.Ms("gate.finished", "run.finished"));
            phases.Add("run.started → run.finished (whole run)", t.Ms("run.started", "run.finished"));
            batonRunSum += t.Ms("run.started", "run.finished");
        }

        var ratio = drain.Wall.TotalSeconds / bash.Wall.TotalSeconds;
        var sample = $"{n.ToString(CultureInfo.InvariantCulture)} tasks, 4 at a time";
        Figure[] figures =
        [
            new("b.baton", "(b) baton drain wall time", drain.Wall.TotalSeconds, "s", null,
                $"wall time of `baton drain` (process spawn → exit), {sample}, each: worktree + agent `true` + commit if changed + gate `true`"),
            new("b.bash", "(b) bash + xargs -P 4 wall time", bash.Wall.TotalSeconds, "s", null,
                $"wall time of a bash script doing per task `git worktree add -b`, `bash -c true` (agent), `git add -A && git commit || true`, `bash -c true` (gate), {sample}"),
            new("b.ratio", "(b) baton ÷ bash wall time", ratio, "×", Target.AtMost(1.3), "(b) baton wall time ÷ (b) bash wall time"),
            new("b.failed", "(b) baton runs that did not succeed", failures.Count, "", Target.Exactly(0),
                "runs of the drain whose manifest.json state is not `succeeded` (their messages are in the JSON details)"),
            new("b.rate", "(b) baton tasks per second", n / drain.Wall.TotalSeconds, "tasks/s", null, $"{sample} ÷ (b) baton wall time"),
            new("b.cpu_baton", "(b) CPU per task, baton", batonCost.TreeCpuMsPerTask, "ms", null,
                "user + system CPU of `baton drain` and every process it started (git, bash), from the bench's reaped-children times ÷ tasks"),
            new("b.cpu_bash", "(b) CPU per task, bash", bashCost.TreeCpuMsPerTask, "ms", null, "as above, for the bash baseline's whole process tree"),
            new("b.cpu_ratio", "(b) baton ÷ bash CPU per task", batonCost.TreeCpuMsPerTask / bashCost.TreeCpuMsPerTask, "×", null,
                "(b) CPU per task, baton ÷ (b) CPU per task, bash: what the wall-time ratio tends to on a machine whose CPUs are the bottleneck, " +
                "and much less sensitive to other work on the machine than wall time"),
            new("b.others_bash", "(b) other work on the CPUs during bash", bashOthersPercent, "%", null,
                "machine-wide busy CPU (/proc/stat) minus the bench's and its children's, as a share of all CPUs, while the bash baseline ran"),
            new("b.others_baton", "(b) other work on the CPUs during baton", batonOthersPercent, "%", null, "as above, while `baton drain` ran"),
            new("b.cpu_self", "(b) CPU per task, baton process alone", batonCost.SelfCpuMsPerTask ?? double.NaN, "ms", null,
                "user + system time of the `baton drain` process itself, without its children (/proc/<pid>/stat, last 50 ms sample) ÷ tasks"),
        ];
        var details = new Dictionary<string, object?>
        {
            ["tasks"] = n,
            ["baton_wall_s"] = drain.Wall.TotalSeconds,
            ["bash_wall_s"] = bash.Wall.TotalSeconds,
            ["baton_phases_ms"] = phases.Summary(),
            ["bash_phases_ms"] = bashPhases.Summary(),
            ["baton_mean_parallelism"] = batonRunSum / drain.Wall.TotalMilliseconds,
            ["bash_mean_parallelism"] = bashRunSum / bash.Wall.TotalMilliseconds,
            ["baton_failures"] = failures.Take(20).ToList(),
            ["bash_worktree_add_retries"] = File.ReadLines(log).Count(l => l.Split(' ') is [_, "r", _]),
            ["baton_cost"] = batonCost,
            ["bash_cost"] = bashCost,
            ["parallelism_note"] = "sum of per-task durations ÷ wall time: how many of the 4 slots were busy on average",
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    /// <summary>Per-task phase durations from the baseline's log (steps 0..4 per task).</summary>
    private static PhaseSamples BashPhases(string log, int n, out double runSumMs)
    {
        var steps = Enumerable.Range(0, 5).Select(s => AgentStarts.Read(log, s.ToString(CultureInfo.InvariantCulture))).ToArray();
        if (steps[4].Count != n)
        {
            throw new BenchException($"the bash baseline finished {steps[4].Count} tasks, expected {n}");
        }

        var phases = new PhaseSamples();
        runSumMs = 0;
        foreach (var id in steps[0].Keys)
        {
            phases.Add("git worktree add -b", Clock.Ms(steps[1][id] - steps[0][id]));
            phases.Add("agent: bash -c true", Clock.Ms(steps[2][id] - steps[1][id]));
            phases.Add("git add -A && git commit || true", Clock.Ms(steps[3][id] - steps[2][id]));
            phases.Add("gate: bash -c true", Clock.Ms(steps[4][id] - steps[3][id]));
            phases.Add("whole task", Clock.Ms(steps[4][id] - steps[0][id]));
            runSumMs += Clock.Ms(steps[4][id] - steps[0][id]);
        }

        return phases;
    }
}
