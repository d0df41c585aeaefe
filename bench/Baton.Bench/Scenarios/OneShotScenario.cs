using System.Globalization;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (o) The commands a person types, as whole processes: <c>baton start</c> of a three-stage no-op pipeline against
/// <c>codex-orchestrator start</c> of the same pipeline (the Node tool, npm 0.2.1, installed into <c>.cache/</c>) and a
/// bash script doing the same isolation (worktree on a new branch, three <c>setsid</c> stages, a JSON manifest); and
/// <c>baton status</c>, <c>baton tasks add</c> and <c>baton tasks list</c> over a store of N finished tasks. All
/// interleaved round by round; wall time (spawn → reaped) and peak RSS (<c>ru_maxrss</c>) of each process.
/// </summary>
internal static class OneShotScenario
{
    public const string Id = "o";
    public const string Title = "one-shot commands vs codex-orchestrator and bash";

    private const string CoPackage = "@kbediako/codex-orchestrator@0.2.1";

    private static readonly string[] Stages = ["s1", "s2", "s3"];

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var dir = ctx.Temp.NewDir("o-oneshot");
        var co = await InstallCoAsync(ctx);
        var batonRepo = await BenchRepo.CreateAsync(Path.Combine(dir, "baton"), NoopPipelineYaml(), ctx.Token);
        var coRepo = await BenchRepo.CreateAsync(Path.Combine(dir, "co"), NoopPipelineYaml(), ctx.Token);
        await File.WriteAllTextAsync(Path.Combine(coRepo.Path, "codex.orchestrator.json"), CoPipelineJson(), ctx.Token);
        var bashRepo = await BenchRepo.CreateAsync(Path.Combine(dir, "bash"), NoopPipelineYaml(), ctx.Token);
        var script = Path.Combine(dir, "start.sh");
        await File.WriteAllTextAsync(script, BashStart, ctx.Token);
        var queue = await QueueRepoAsync(ctx, dir);

        var env = new Dictionary<string, string>(BatonCli.Environment);
        var samples = new Dictionary<string, List<(double WallMs, double PeakRssMb)>>();
        var rounds = ctx.Options.RunsO;
        ScenarioContext.Say($"(o) {rounds} interleaved rounds: co start, baton start, bash start, status, tasks add, tasks list…");
        for (var round = 0; round < rounds; round++)
        {
            var n = round.ToString(CultureInfo.InvariantCulture);
            if (co is not null)
            {
                await Measure("co.start", coRepo.Path, co, ["start", "noop", "--format", "json", "--task", "o" + n]);
            }

            await Measure("baton.start", batonRepo.Path, ctx.Baton.Executable, ["start", "noop"]);
            await Measure("bash.start", bashRepo.Path, "bash", [script]);
            await Measure("baton.status", queue.Path, ctx.Baton.Executable, ["status"]);
            await Measure("baton.tasks_add", queue.Path, ctx.Baton.Executable, ["tasks", "add", "bench one-shot " + n]);
            await Measure("baton.tasks_list", queue.Path, ctx.Baton.Executable, ["tasks", "list"]);
        }

        double Median(string key) => samples.TryGetValue(key, out var s) ? Stats.Median(s.Select(r => r.WallMs).ToList()) : double.NaN;
        double PeakMb(string key) => samples.TryGetValue(key, out var s) ? s.Max(r => r.PeakRssMb) : double.NaN;
        var start = Median("baton.start");
        var coNote = co is null ? " (codex-orchestrator could not be installed: needs npm and its registry)" : "";
        List<Figure> figures =
        [
            new("o.start", "(o) baton start, 3 no-op stages (median)", start, "ms", null,
                "`baton start noop`: worktree on a new branch, three `true` command stages, store rows, events, manifest; spawn → reaped"),
            new("o.start_co", "(o) codex-orchestrator start, same pipeline (median)", Median("co.start"), "ms", null,
                $"`codex-orchestrator start noop` ({CoPackage}, a repo-local codex.orchestrator.json of three `true` stages; it works in place, no worktree){coNote}"),
            new("o.start_bash", "(o) bash script, same isolation (median)", Median("bash.start"), "ms", null,
                "`git worktree add -b`, three `setsid bash -c true` stages in it, a JSON manifest written and renamed"),
            new("o.start_vs_co", "(o) baton start ÷ codex-orchestrator start", start / Median("co.start"), "×", Target.AtMost(0.2),
                "ratio of the medians, interleaved round by round" + coNote),
            new("o.start_vs_bash", "(o) baton start ÷ bash", start / Median("bash.start"), "×", Target.AtMost(1.5),
                "ratio of the medians, interleaved round by round"),
        ];
        foreach (var (key, name) in new[] { ("status", "baton status"), ("tasks_add", "baton tasks add"), ("tasks_list", "baton tasks list") })
        {
            figures.Add(new($"o.{key}", $"(o) {name}, {ctx.Options.TasksO.ToString(CultureInfo.InvariantCulture)} tasks in the store (median)",
                Median("baton." + key), "ms", Target.AtMost(25), "spawn → reaped, a store of finished tasks"));
        }

        foreach (var key in new[] { "start", "status", "tasks_add", "tasks_list" })
        {
            figures.Add(new($"o.rss_{key}", $"(o) peak RSS, baton {key.Replace('_', ' ')} (largest)", PeakMb("baton." + key), "MB", Target.AtMost(30),
                $"ru_maxrss from wait4 in a second run of each round, forked by python3 (its own {MeasuredProcess.RssFloorMb:0} MB is the floor), the largest over the rounds"));
        }

        figures.Add(new("o.rss_co", "(o) peak RSS, codex-orchestrator start (largest)", PeakMb("co.start"), "MB", null, "ru_maxrss from wait4" + coNote));
        var details = samples.ToDictionary(
            p => p.Key,
            p => (object?)p.Value.Select(r => new[] { Math.Round(r.WallMs, 2), Math.Round(r.PeakRssMb, 1) }).ToList());
        details["co_installed"] = co is not null;
        return new ScenarioResult(Id, Title, figures, details);

        async Task Measure(string key, string cwd, string exe, string[] args)
        {
            var stem = Path.Combine(dir, $"{key}-{samples.GetValueOrDefault(key)?.Count ?? 0}");
            var timed = await MeasuredProcess.RunAsync(cwd, exe, args, env, stem, TimeSpan.FromMinutes(2), ctx.Token);
            var (exit, peakMb) = await MeasuredProcess.PeakRssAsync(cwd, exe, args, env, stem + "-rss", TimeSpan.FromMinutes(2), ctx.Token);
            if (timed.ExitCode != 0 || exit != 0)
            {
                throw new BenchException($"{key}: `{exe} {string.Join(' ', args)}` exited {timed.ExitCode} / {exit}: {timed.Stderr.Trim()}");
            }

            if (!samples.TryGetValue(key, out var list))
            {
                samples[key] = list = [];
            }

            list.Add((timed.Wall.TotalMilliseconds, peakMb));
        }
    }

    private static string NoopPipelineYaml() =>
        "version: 1\npipelines:\n  noop:\n    stages:\n" +
        string.Concat(Stages.Select(s => $"      - {{ id: {s}, kind: command, command: \"true\" }}\n"));

    private static string CoPipelineJson() =>
        "{\"pipelines\":[{\"id\":\"noop\",\"title\":\"noop\",\"stages\":[" +
        string.Join(",", Stages.Select(s => $"{{\"kind\":\"command\",\"id\":\"{s}\",\"title\":\"{s}\",\"command\":\"true\"}}")) + "]}]}\n";

    private const string BashStart = """
        set -e
        id="b${EPOCHREALTIME/./}"
        wt=".bash-wt/$id"
        git worktree add -q -b "bash/$id" "$wt" main
        run=".bash-runs/$id"
        mkdir -p "$run"
        stages=""
        for s in s1 s2 s3; do
          t0=$EPOCHREALTIME
          (cd "$wt" && setsid bash -c true)
          stages+="${stages:+,}{\"id\":\"$s\",\"status\":\"succeeded\",\"started\":$t0,\"ended\":$EPOCHREALTIME}"
        done
        printf '{"id":"%s","branch":"bash/%s","status":"succeeded","stages":[%s]}\n' "$id" "$id" "$stages" > "$run/manifest.json.tmp"
        mv "$run/manifest.json.tmp" "$run/manifest.json"

        """;

    /// <summary>A repository whose store holds N finished no-op tasks (drained 8 at a time), for status and the task list.</summary>
    private static async Task<BenchRepo> QueueRepoAsync(ScenarioContext ctx, string dir)
    {
        var n = ctx.Options.TasksO;
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "queue"), BatonYaml.Single("noop", "true", 8), ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), n, "bench o", ctx.Token);
        ScenarioContext.Say($"(o) a store of {n} finished tasks…");
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();
        (await ctx.Baton.RunAsync(repo, ["drain", "--format", "json"], TimeSpan.FromMinutes(20), ctx.Token)).EnsureSuccess();
        (await ctx.Baton.RunAsync(repo, ["queue", "pause"], TimeSpan.FromMinutes(1), ctx.Token)).EnsureSuccess();
        return repo;
    }

    /// <summary>codex-orchestrator from npm into <c>.cache/bench/</c> (once); null when it cannot be had.</summary>
    private static async Task<string?> InstallCoAsync(ScenarioContext ctx)
    {
        var root = BatonLocator.RepoRoot() ?? ctx.Temp.Path;
        var prefix = Path.Combine(root, ".cache", "bench", "codex-orchestrator");
        var exe = Path.Combine(prefix, "node_modules", ".bin", "codex-orchestrator");
        if (File.Exists(exe))
        {
            return exe;
        }

        ScenarioContext.Say($"(o) installing {CoPackage} into {prefix}…");
        try
        {
            Directory.CreateDirectory(prefix);
            var install = await ChildProcess.RunAsync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", CoPackage], prefix, TimeSpan.FromMinutes(5), ctx.Token);
            if (install.Succeeded && File.Exists(exe))
            {
                return exe;
            }

            ScenarioContext.Say($"(o) npm install failed ({install.ExitCode}): {install.Stderr.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            ScenarioContext.Say($"(o) npm not found ({e.Message}); codex-orchestrator figures are n/a");
        }

        return null;
    }
}
