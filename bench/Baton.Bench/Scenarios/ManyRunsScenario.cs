using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Baton.Bench.Artifacts;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (p) Many live runs on one box: N tasks queued, then <c>baton serve</c> (<c>max_concurrent_runs: N</c>) starts them
/// all; each agent is a <c>command</c> that prints a JSON line a second (bash sleeping in <c>read -t 1</c>, no fork per
/// line) until the bench says stop. Measured: serve start → every agent running, serve's peak RSS and CPU, and — through
/// one <c>baton events --follow</c> process — the delay from an agent printing a line (its <c>$EPOCHREALTIME</c> in the
/// line) to the line's event arriving from the store.
/// </summary>
internal static class ManyRunsScenario
{
    public const string Id = "p";
    public const string Title = "many concurrent live runs under baton serve";

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.RunsP;
        var dir = ctx.Temp.NewDir("p-many");
        var log = Path.Combine(dir, "agents.log");
        var stop = Path.Combine(dir, "stop");
        // At most 600 lines (10 min) even if the stop file never comes: every loop of the bench is bounded.
        var command = "echo \"$BATON_TASK_ID $EPOCHREALTIME\" >> \"$BENCH_LOG\"; exec 3<> <(:); i=0; " +
                      "while [ ! -e \"$BENCH_STOP\" ] && [ $i -lt 600 ]; do " +
                      "echo \"{\\\"type\\\":\\\"message\\\",\\\"text\\\":\\\"$BATON_TASK_ID $i $EPOCHREALTIME\\\"}\"; i=$((i+1)); read -t 1 -u 3 || true; done";
        var yaml = BatonYaml.Single("ticker", command, n, new Dictionary<string, string> { ["BENCH_LOG"] = log, ["BENCH_STOP"] = stop });
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), n, "bench many", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(5), ctx.Token)).EnsureSuccess();

        using var follower = FeedFollower.Start(ctx.Baton.Executable, repo.Path);
        await follower.FirstLine.WaitAsync(TimeSpan.FromSeconds(60), ctx.Token);
        var sampler = new ProcessSampler(TimeSpan.FromMilliseconds(100));
        long serveStarted = 0, allRunning = 0, windowEnd = 0;
        var finished = false;
        var port = Baton.Testing.FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        ScenarioContext.Say($"(p) baton serve with {n} queued tasks whose agents print a line a second…");
        var serve = await ctx.Baton.RunAsync(repo, ["serve", "--listen", "127.0.0.1:" + port], TimeSpan.FromMinutes(15), ctx.Token, async (process, ct) =>
        {
            serveStarted = Clock.UnixNs();
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sampled = sampler.SampleAsync(process, sampling.Token);
            try
            {
                var watch = Stopwatch.StartNew();
                while (AgentStarts.Read(log).Count < n && watch.Elapsed < TimeSpan.FromMinutes(2) && !process.HasExited)
                {
                    await Task.Delay(100, ct);
                }

                allRunning = Clock.UnixNs();
                await Task.Delay(Window, ct);
                windowEnd = Clock.UnixNs();
                await File.WriteAllTextAsync(stop, "", ct);
                watch.Restart();
                while (Count(follower, "\"type\":\"run.finished\"") < n && watch.Elapsed < TimeSpan.FromMinutes(5) && !process.HasExited)
                {
                    await Task.Delay(200, ct);
                }

                finished = Count(follower, "\"type\":\"run.finished\"") >= n;
            }
            finally
            {
                await sampling.CancelAsync();
                await sampled;
                using var interrupt = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await interrupt!.WaitForExitAsync(CancellationToken.None);
            }
        });

        var starts = AgentStarts.Read(log);
        if (starts.Count < n)
        {
            // What the feed said about the tasks whose agent never started: the last few events of each.
            var missing = follower.Lines().Select(l => l.Line).Where(l => !starts.Keys.Any(t => l.Contains(t, StringComparison.Ordinal)))
                .Where(l => l.Contains("\"task_id\"", StringComparison.Ordinal)).TakeLast(20);
            throw new BenchException($"(p) only {starts.Count} of {n} agents started; serve exited {serve.ExitCode}: {Tail(serve.Stderr)}\n" +
                $"last events of tasks without an agent start:\n{string.Join('\n', missing)}");
        }

        var delays = Delays(follower, windowEnd);
        var lastStart = starts.Values.Max();
        var nText = n.ToString(CultureInfo.InvariantCulture);
        Figure[] figures =
        [
            new("p.all_running", $"(p) serve start → all {nText} agents running", Clock.Ms(lastStart - serveStarted) / 1000, "s", Target.AtMost(60),
                "from spawning `baton serve` over the queued tasks to the last agent's first act (its `$EPOCHREALTIME`)"),
            new("p.first_to_last", "(p) first → last agent start", Clock.Ms(lastStart - starts.Values.Min()) / 1000, "s", null,
                "the spread of the agents' start times (workspace creation is most of it)"),
            new("p.rss", "(p) peak RSS of baton serve", sampler.PeakHwmKb / 1024.0, "MB", Target.AtMost(300),
                $"VmHWM of the serve process, sampled every 100 ms, with {nText} runs live (the HTTP listener up and idle)"),
            new("p.delay_p50", "(p) agent line → its event from the store, p50", Stats.Median(delays), "ms", null,
                $"the line's own `$EPOCHREALTIME` → the event's arrival at one `baton events --follow` process; lines printed once all {nText} ran, for {Window.TotalSeconds:0} s"),
            new("p.delay_p99", "(p) agent line → its event from the store, p99", Stats.Percentile(delays, 99), "ms", Target.AtMost(1000),
                "as above (an upper bound of the store's own delay: the follower's read is included)"),
            new("p.lines", "(p) agent lines measured", delays.Count, "", null, "agent.message events printed in the window and seen by the follower"),
            new("p.finished", "(p) runs finished after stop", Count(follower, "\"type\":\"run.finished\""), "", Target.Exactly(n),
                "run.finished events seen by the follower once the agents were told to stop"),
            new("p.cpu", "(p) serve CPU over the run", sampler.CpuSeconds, "s", null, "user + system seconds of the serve process itself"),
        ];
        var details = new Dictionary<string, object?> { ["runs"] = n, ["all_finished"] = finished, ["serve_exit"] = serve.ExitCode, ["window_s"] = Window.TotalSeconds };
        return new ScenarioResult(Id, Title, figures, details);
    }

    private static int Count(FeedFollower follower, string needle) => follower.Lines().Count(l => l.Line.Contains(needle, StringComparison.Ordinal));

    /// <summary>Delay of each agent.message printed before <paramref name="until"/>: arrival − the time the agent wrote into it.</summary>
    private static List<double> Delays(FeedFollower follower, long until)
    {
        var delays = new List<double>();
        foreach (var (arrived, line) in follower.Lines())
        {
            if (!line.Contains("\"type\":\"agent.message\"", StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var text = doc.RootElement.GetProperty("data").GetProperty("text").GetString() ?? "";
            var parts = text.Split(' ');
            if (parts.Length == 3 && Clock.ParseEpoch(parts[2]) is var printed && printed <= until)
            {
                delays.Add(Clock.Ms(arrived - printed));
            }
        }

        return delays;
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
