using System.Globalization;
using System.Text.Json;
using Baton.Bench.Infra;
using Baton.Bench.Measure;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (h) Feed latency: K <c>baton events --follow --format json</c> processes follow the store while a separate
/// <c>baton run</c> works a task whose command agent prints N JSON lines with <c>sleep 0.01</c> between them. Latency of
/// an event = the wall clock when a follower's line arrived on the bench's pipe − the event's <c>ts</c> (stamped when it
/// was emitted, in the run's process). Done with 1 follower and with 10 at once, each in a fresh repository.
/// </summary>
internal static class FeedScenario
{
    public const string Id = "h";
    public const string Title = "event feed latency: emitted in one process → printed by `baton events --follow` in others";
    private const double TargetP99Ms = 100;
    private static readonly int[] FollowerCounts = [1, 10];

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        var n = ctx.Options.LinesH;
        var dir = ctx.Temp.NewDir("h-feed");
        // Each line is its own write (bash's echo), so the agent.message events are emitted spread over the run.
        var agent = $$"""for i in $(seq {{n.ToString(CultureInfo.InvariantCulture)}}); do echo "{\"type\":\"message\",\"text\":\"$i\"}"; sleep 0.01; done""";
        var yaml = BatonYaml.Single("talker", agent, 1);
        var rounds = new List<FeedRound>();
        foreach (var k in FollowerCounts)
        {
            rounds.Add(await RoundAsync(ctx, Path.Combine(dir, $"{k.ToString(CultureInfo.InvariantCulture)}-followers"), yaml, k, n));
        }

        var figures = new List<Figure>();
        foreach (var r in rounds)
        {
            var who = Who(r.Followers);
            var sample = $"{r.LatenciesMs.Count.ToString(CultureInfo.InvariantCulture)} events ({r.EventsPerFollower.ToString(CultureInfo.InvariantCulture)} " +
                $"a follower × {r.Followers.ToString(CultureInfo.InvariantCulture)}: the run's events, run.started to run.finished, " +
                $"{n.ToString(CultureInfo.InvariantCulture)} of them agent.message)";
            figures.Add(new($"h.p50.{r.Followers}", $"(h) feed latency, {who}: p50", r.P50, "ms", null,
                $"wall clock when a `baton events --follow --format json` line arrived on the bench's pipe − the event's ts (ms, stamped at emit " +
                $"in the `baton run` process; same machine clock); {who} started before the run; {sample}"));
            figures.Add(new($"h.p99.{r.Followers}", $"(h) feed latency, {who}: p99", r.P99, "ms", Target.AtMost(TargetP99Ms),
                $"as above, 99th percentile (nearest rank); {sample}"));
        }

        figures.Add(new("h.cpu", "(h) CPU of one follower (mean, 10 followers)", rounds[^1].FollowerCpuPercent.Average(), "% of a CPU", null,
            "user + system time of each `baton events --follow` process (/proc/PID/stat, 10 ms ticks) from when every follower was reading " +
            "to the run's end (start-up left out) ÷ that time, mean over the followers of the last round"));
        figures.Add(new("h.queued", "(h) task.queued: ts → printed, worst", rounds.Max(r => r.TaskEventsMs.DefaultIfEmpty(double.NaN).Max()), "ms", null,
            "the task's own task.queued line (left out of the p50/p99: its ts is the task's created_at, taken before `baton run` stores the " +
            "task), largest over every follower of both rounds"));
        figures.Add(new("h.agreement", "(h) events missed or doubled by a follower", rounds.Sum(r => r.Missed + r.Doubled), "", Target.Exactly(0),
            "per follower, the run's events it printed compared with a `baton events --format json` replay after the run (positions missing + " +
            "printed twice), summed over all followers of both rounds"));
        figures.Add(new("h.others", "(h) other work on the CPUs during the runs", rounds.Max(r => r.OtherWorkPercent), "%", null,
            "machine-wide busy CPU minus the bench's own tree (followers, baton run, agent), as a share of all CPUs, from the followers' spawn to their end; the larger of the two rounds"));
        var details = new Dictionary<string, object?>
        {
            ["agent_lines"] = n,
            ["rounds"] = rounds.Select(r => new
            {
                followers = r.Followers,
                events_per_follower = r.EventsPerFollower,
                samples = r.LatenciesMs.Count,
                p50_ms = r.P50,
                p90_ms = Stats.Percentile(r.LatenciesMs, 90),
                p99_ms = r.P99,
                max_ms = r.LatenciesMs.Max(),
                min_ms = r.LatenciesMs.Min(),
                agent_message_p50_ms = Stats.Median(r.AgentMessageMs),
                agent_message_p99_ms = Stats.Percentile(r.AgentMessageMs, 99),
                other_events_p50_ms = Stats.Median(r.OtherEventsMs),
                other_events_p99_ms = Stats.Percentile(r.OtherEventsMs, 99),
                task_queued_ms = r.TaskEventsMs,
                per_follower_p99_ms = r.PerFollowerP99Ms,
                by_type = r.ByType,
                missed = r.Missed,
                doubled = r.Doubled,
                follower_cpu_percent = r.FollowerCpuPercent,
                followers_ready_s = r.FollowersReadySeconds,
                run_wall_s = r.RunWallSeconds,
                other_work_percent = r.OtherWorkPercent,
            }).ToList(),
            ["note"] = "ts has millisecond precision, so each latency may read up to 1 ms high; replayed events (ts before every follower was reading) are ignored",
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    private static async Task<FeedRound> RoundAsync(ScenarioContext ctx, string path, string yaml, int k, int n)
    {
        var repo = await BenchRepo.CreateAsync(path, yaml, ctx.Token);
        // The store exists before the followers start; one stored event (a queued task nobody works) gives every
        // follower a line to replay, which shows it is reading the store.
        (await ctx.Baton.RunAsync(repo, ["events", "--format", "json"], TimeSpan.FromMinutes(1), ctx.Token)).EnsureSuccess();
        (await ctx.Baton.RunAsync(repo, ["tasks", "add", "feed warm-up", "--format", "json"], TimeSpan.FromMinutes(1), ctx.Token)).EnsureSuccess();

        ScenarioContext.Say($"(h) {Who(k)}, then `baton run` with an agent printing {n} JSON lines, `sleep 0.01` between them…");
        var followers = new List<FeedFollower>();
        try
        {
            var spawned = Clock.UnixNs();
            var others = Interference.Start();
            for (var i = 0; i < k; i++)
            {
                followers.Add(FeedFollower.Start(ctx.Baton.Executable, repo.Path));
            }

            await WaitAllAsync(followers, f => f.FirstLine, TimeSpan.FromSeconds(60), "print the replayed warm-up event", ctx.Token);
            if (followers.FirstOrDefault(f => f.Lines().Count == 0) is { } silent)
            {
                throw new BenchException($"(h) follower {silent.Pid} ended before printing anything:\n{Tail(silent.Stderr)}");
            }

            var readyNs = Clock.UnixNs();
            var cpuAtReady = followers.Select(f => f.CpuSeconds()).ToList();
            var run = (await ctx.Baton.RunAsync(repo, ["run", "feed latency", "--format", "json"], TimeSpan.FromSeconds(120 + (n / 10)), ctx.Token)).EnsureSuccess();
            await WaitAllAsync(followers, f => f.Finished, TimeSpan.FromSeconds(30), "print run.finished", ctx.Token);
            if (followers.FirstOrDefault(f => !f.SawRunFinished) is { } cut)
            {
                throw new BenchException($"(h) follower {cut.Pid} ended before printing run.finished:\n{Tail(cut.Stderr)}");
            }

            var printed = followers.Select(f => Parse(f.Lines(), readyNs)).ToList();
            var following = (Clock.UnixNs() - readyNs) / 1e9;
            var cpuPercent = followers.Select((f, i) => 100 * (f.CpuSeconds() - cpuAtReady[i]) / following).ToList();
            foreach (var f in followers)
            {
                f.Dispose();
            }

            var othersPercent = others.OtherPercent(); // after the followers were reaped, so their CPU counts as the bench's

            // The reference: what the store holds for the same span, replayed once the run is over.
            var replay = (await ctx.Baton.RunAsync(repo, ["events", "--format", "json"], TimeSpan.FromMinutes(1), ctx.Token)).EnsureSuccess();
            var stored = Parse(replay.Stdout.Split('\n').Select(l => (0L, l)).ToList(), readyNs).Select(e => e.Position).ToHashSet();
            int missed = 0, doubled = 0;
            foreach (var events in printed)
            {
                var positions = events.Select(e => e.Position).ToList();
                missed += stored.Count(p => !positions.Contains(p));
                doubled += positions.Count - positions.Distinct().Count();
            }

            // The figures are over the run's events (stamped when its journal emits them). The task's task.queued is not:
            // its ts is the task's created_at, taken before the insert that stores it.
            var all = printed.SelectMany(e => e).Where(e => e.OfRun).ToList();
            var taskEvents = printed.SelectMany(e => e).Where(e => !e.OfRun).ToList();
            var round = new FeedRound(
                k,
                printed[0].Count(e => e.OfRun),
                all.Select(e => e.LatencyMs).ToList(),
                all.Where(e => e.Type == "agent.message").Select(e => e.LatencyMs).ToList(),
                all.Where(e => e.Type != "agent.message").Select(e => e.LatencyMs).ToList(),
                taskEvents.Select(e => e.LatencyMs).ToList(),
                printed.Select(events => Stats.Percentile(events.Where(e => e.OfRun).Select(e => e.LatencyMs).ToList(), 99)).ToList(),
                all.Concat(taskEvents).GroupBy(e => e.Type).OrderBy(g => g.Min(e => e.Position)).ToDictionary(g => g.Key, g =>
                {
                    var ms = g.Select(e => e.LatencyMs).ToList();
                    return new FeedTypeSummary(ms.Count, Stats.Median(ms), Stats.Percentile(ms, 99), ms.Max());
                }),
                missed,
                doubled,
                cpuPercent,
                (readyNs - spawned) / 1e9,
                run.Wall.TotalSeconds,
                othersPercent);
            ScenarioContext.Say(string.Create(CultureInfo.InvariantCulture,
                $"(h) feed latency, {Who(k)}: p50 {round.P50:0.0} ms, p99 {round.P99:0.0} ms ({round.LatenciesMs.Count} events; task.queued worst {round.TaskEventsMs.DefaultIfEmpty(double.NaN).Max():0} ms; missed {missed}, doubled {doubled})"));
            return round;
        }
        finally
        {
            foreach (var f in followers)
            {
                f.Dispose();
            }
        }
    }

    private sealed record Printed(long Position, string Type, bool OfRun, double LatencyMs);

    /// <summary>The lines of events stamped at or after <paramref name="sinceNs"/>, up to and including the first run.finished.</summary>
    private static List<Printed> Parse(IReadOnlyList<(long ArrivedNs, string Line)> lines, long sinceNs)
    {
        var events = new List<Printed>();
        foreach (var (arrived, line) in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var ts = Clock.UnixNs(root.GetProperty("ts").GetDateTimeOffset());
            if (ts < sinceNs)
            {
                continue;   // replayed
            }

            var type = root.GetProperty("type").GetString() ?? "";
            var ofRun = root.TryGetProperty("run_id", out var runId) && runId.ValueKind == JsonValueKind.String;
            events.Add(new Printed(root.GetProperty("position").GetInt64(), type, ofRun, Clock.Ms(arrived - ts)));
            if (type == "run.finished")
            {
                break;
            }
        }

        return events;
    }

    private static async Task WaitAllAsync(List<FeedFollower> followers, Func<FeedFollower, Task> what, TimeSpan timeout, string doing, CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(followers.Select(what)).WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            var late = followers.Count(f => !what(f).IsCompleted);
            throw new BenchException($"(h) {late} of {followers.Count} followers did not {doing} within {timeout.TotalSeconds} s");
        }
    }

    private static string Who(int followers) =>
        followers == 1 ? "1 follower" : $"{followers.ToString(CultureInfo.InvariantCulture)} followers";

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;
}
