using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Infra;
using Baton.Bench.Measure;
using Baton.Testing.Postgres;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (n) Takeover: two <c>baton worker</c> processes on one PostgreSQL queue; the one holding the run is lost mid-turn, and
/// the other takes the run over and starts its agent again. Twice: the holder killed (<c>kill -9</c>: on one machine its
/// process is seen gone at once), and the holder stopped (<c>SIGSTOP</c>: alive but silent, so only the lease tells —
/// the case of a hung or cut-off node on another machine). Lease 5 s.
/// </summary>
internal static class TakeoverScenario
{
    public const string Id = "n";
    public const string Title = "takeover after a worker is killed or stopped (lease 5 s)";

    private const int LeaseSeconds = 5;

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        await using var server = await PostgresServer.StartAsync();
        ScenarioContext.Say("(n) two workers, the holder of the run killed with SIGKILL…");
        var killed = await TakeoverAsync(ctx, server, "KILL");
        ScenarioContext.Say("(n) two workers, the holder of the run stopped with SIGSTOP…");
        var stopped = await TakeoverAsync(ctx, server, "STOP");
        Figure[] figures =
        [
            new("n.kill", "(n) kill -9 → agent running again", killed.ToAgent, "ms", Target.AtMost((LeaseSeconds + 2) * 1000),
                "from SIGKILL of the worker holding the run to the other worker's agent starting on the taken-over run"),
            new("n.stop_takeover", "(n) SIGSTOP → run taken over", stopped.ToTakeover, "ms", Target.AtMost((LeaseSeconds + 2) * 1000),
                "from SIGSTOP of the worker holding the run to the other worker's lease.lost event (the lease ran out)"),
            new("n.stop", "(n) SIGSTOP → agent running again", stopped.ToAgent, "ms", null,
                "from SIGSTOP of the holder to the other worker's agent starting on the taken-over run"),
        ];
        return new ScenarioResult(Id, Title, figures, new Dictionary<string, object?> { ["lease_s"] = LeaseSeconds });
    }

    private sealed record Takeover(double ToTakeover, double ToAgent);

    private static async Task<Takeover> TakeoverAsync(ScenarioContext ctx, PostgresServer server, string signal)
    {
        var database = await server.NewDatabaseAsync();
        var dir = ctx.Temp.NewDir($"n-takeover-{signal.ToLowerInvariant()}");
        var log = Path.Combine(dir, "agents.log");
        // Each start of the agent logs the time; the first start sleeps long (it is lost), the resumed one finishes.
        var command = "echo \"$BATON_TASK_ID s $EPOCHREALTIME\" >> \"$BENCH_LOG\"; " +
                      "if [ -f \"$BENCH_LOG.done\" ]; then exit 0; fi; touch \"$BENCH_LOG.done\"; sleep 600";
        var yaml = BatonYaml.Single("sleeper", command, 2, new Dictionary<string, string> { ["BENCH_LOG"] = log })
            .Replace("version: 1\n", $"version: 1\nstore: {server.Url(database)}\nlease: {LeaseSeconds.ToString(CultureInfo.InvariantCulture)}s\n", StringComparison.Ordinal);
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), 1, "bench takeover", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();

        var connection = server.ConnectionString(database);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pids = new List<int>();
        var nodes = Enumerable.Range(0, 2).Select(_ => ctx.Baton.RunAsync(repo, ["worker"], TimeSpan.FromMinutes(3), ctx.Token, async (process, ct) =>
        {
            lock (pids)
            {
                pids.Add(process.Id);
            }

            try
            {
                await done.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;   // this worker was killed: it is gone already
            }

            ScaleOutScenario.Signal(process.Id, "CONT");
            ScaleOutScenario.Terminate(process.Id);
        })).ToList();

        try
        {
            var holder = await HolderAsync(server, connection, pids, log, ctx.Token);
            var lostAt = Clock.UnixNs();
            ScaleOutScenario.Signal(holder, signal);
            var watch = Stopwatch.StartNew();
            await ScaleOutScenario.UntilSucceededAsync(server, database, 1, watch, TimeSpan.FromSeconds(60), ctx.Token);
            var lease = (await server.QueryAsync("SELECT ts FROM events WHERE type = 'lease.lost'", connection)).SingleOrDefault()
                ?? throw new BenchException("no lease.lost event: the run was not taken over");
            var takenAt = DateTimeOffset.Parse(lease[0]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000L;
            // The agent's starts: the lost one, then the one on the taken-over run.
            var starts = File.ReadAllLines(log).Select(l => l.Split(' ')).Where(p => p.Length == 3 && p[1] == "s")
                .Select(p => (long)(double.Parse(p[2], CultureInfo.InvariantCulture) * 1e9)).ToList();
            return starts.Count != 2
                ? throw new BenchException($"expected the agent to start twice (lost, then taken over); it started {starts.Count} time(s)")
                : new Takeover(Clock.Ms(takenAt - lostAt), Clock.Ms(starts.Max() - lostAt));
        }
        finally
        {
            done.TrySetResult();
            await Task.WhenAll(nodes);
        }
    }

    /// <summary>The pid of the worker holding the run, once its agent runs (it has logged its start).</summary>
    private static async Task<int> HolderAsync(PostgresServer server, string connection, List<int> pids, string log, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (!File.Exists(log))
            {
                await Task.Delay(20, ct);
                continue;
            }

            var rows = await server.QueryAsync("SELECT owner_pid FROM runs WHERE state = 'running' AND current_stage = 'build' AND owner_pid IS NOT NULL", connection);
            if (rows.Count == 1 && int.TryParse(rows[0][0], CultureInfo.InvariantCulture, out var pid))
            {
                lock (pids)
                {
                    if (pids.Contains(pid))
                    {
                        return pid;
                    }
                }
            }

            await Task.Delay(50, ct);
        }

        throw new BenchException("no worker started the run");
    }
}
