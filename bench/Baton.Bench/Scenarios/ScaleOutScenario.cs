using System.Diagnostics;
using System.Globalization;
using Baton.Bench.Infra;
using Baton.Bench.Measure;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Store.Postgres;
using Baton.Testing.Postgres;

namespace Baton.Bench.Scenarios;

/// <summary>
/// (m) Scale-out on one PostgreSQL: the same queue of fixed-latency tasks (a command agent that sleeps 1 s) worked by 1,
/// 2 and 3 <c>baton worker</c> processes of <c>max_concurrent_runs: 2</c> each, from the workers' start to the last task
/// succeeded. Then claim latency: three stores (three nodes' connection pools) claiming one queue of tasks at once
/// through <see cref="IBatonStore.ClaimNextTaskAsync"/>, each call timed.
/// </summary>
internal static class ScaleOutScenario
{
    public const string Id = "m";
    public const string Title = "scale-out: 1, 2, 3 workers on one PostgreSQL queue; claim latency";

    private const int Tasks = 24;
    private const int ClaimTasks = 600;
    private static readonly RunOwner Claimer = new(Environment.MachineName, Environment.ProcessId, 0);

    public static async Task<ScenarioResult> RunAsync(ScenarioContext ctx)
    {
        await using var server = await PostgresServer.StartAsync();
        var seconds = new Dictionary<int, double>();
        foreach (var workers in new[] { 1, 2, 3 })
        {
            ScenarioContext.Say($"(m) {Tasks} tasks of 1 s, {workers} worker(s) of 2 runs each…");
            seconds[workers] = await DrainWithWorkersAsync(ctx, server, workers);
        }

        ScenarioContext.Say($"(m) claim latency: 3 nodes claiming {ClaimTasks} tasks at once…");
        var claims = await ClaimLatencyAsync(server, ctx.Token);
        double Rate(int w) => Tasks / seconds[w];
        Figure[] figures =
        [
            new("m.one", "(m) 1 worker: tasks/s", Rate(1), "tasks/s", null, $"{Tasks} tasks of a 1 s agent, one `baton worker` (max_concurrent_runs: 2), start to last success"),
            new("m.two", "(m) 2 workers: tasks/s", Rate(2), "tasks/s", null, "the same with two `baton worker` processes"),
            new("m.three", "(m) 3 workers: tasks/s", Rate(3), "tasks/s", null, "the same with three `baton worker` processes"),
            new("m.scaling", "(m) 3 workers ÷ 1 worker", Rate(3) / Rate(1), "×", Target.AtLeast(2.5),
                "throughput of three nodes over one: the claim path does not serialize them (the nodes share this machine's cores)"),
            new("m.claim_p50", "(m) claim latency p50, 3 nodes", Stats.Median(claims), "ms", null,
                $"one ClaimNextTaskAsync (ready query, lock, transition, task.state event, commit) while three stores claim {ClaimTasks} tasks at once"),
            new("m.claim_p99", "(m) claim latency p99, 3 nodes", Stats.Percentile(claims, 99), "ms", null, "the same, 99th percentile"),
        ];
        var details = new Dictionary<string, object?>
        {
            ["tasks"] = Tasks,
            ["seconds_1"] = seconds[1],
            ["seconds_2"] = seconds[2],
            ["seconds_3"] = seconds[3],
            ["claims"] = claims.Count,
        };
        return new ScenarioResult(Id, Title, figures, details);
    }

    /// <summary>Seconds from starting <paramref name="workers"/> workers to every task succeeded.</summary>
    private static async Task<double> DrainWithWorkersAsync(ScenarioContext ctx, PostgresServer server, int workers)
    {
        var database = await server.NewDatabaseAsync();
        var dir = ctx.Temp.NewDir($"m-scale-{workers.ToString(CultureInfo.InvariantCulture)}");
        var yaml = BatonYaml.Single("sleeper", "sleep 1", 2).Replace("version: 1\n", $"version: 1\nstore: {server.Url(database)}\n", StringComparison.Ordinal);
        var repo = await BenchRepo.CreateAsync(Path.Combine(dir, "repo"), yaml, ctx.Token);
        var file = await TasksFile.WriteAsync(Path.Combine(dir, "tasks.json"), Tasks, "bench scale", ctx.Token);
        (await ctx.Baton.RunAsync(repo, ["tasks", "sync", file, "--apply", "--format", "json"], TimeSpan.FromMinutes(2), ctx.Token)).EnsureSuccess();

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Stopwatch.StartNew();
        var nodes = Enumerable.Range(0, workers).Select(_ => ctx.Baton.RunAsync(repo, ["worker"], TimeSpan.FromMinutes(5), ctx.Token, async (process, ct) =>
        {
            await done.Task.WaitAsync(ct);
            Terminate(process.Id);
        })).ToList();
        var elapsed = await UntilSucceededAsync(server, database, Tasks, watch, TimeSpan.FromMinutes(3), ctx.Token);
        done.TrySetResult();
        await Task.WhenAll(nodes);
        return elapsed;
    }

    internal static async Task<double> UntilSucceededAsync(PostgresServer server, string database, int tasks, Stopwatch watch, TimeSpan limit, CancellationToken ct)
    {
        var connection = server.ConnectionString(database);
        while (watch.Elapsed < limit)
        {
            var succeeded = (await server.QueryAsync("SELECT count(*) FROM tasks WHERE state = 'succeeded'", connection))[0][0];
            if (succeeded == tasks.ToString(CultureInfo.InvariantCulture))
            {
                return watch.Elapsed.TotalSeconds;
            }

            await Task.Delay(50, ct);
        }

        throw new BenchException($"not every one of {tasks} tasks succeeded within {limit.TotalSeconds} s");
    }

    internal static void Terminate(int pid) => Signal(pid, "TERM");

    /// <summary>Sends a real signal (through kill(1)) and waits for kill to return.</summary>
    internal static void Signal(int pid, string signal) =>
        Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    private static async Task<List<double>> ClaimLatencyAsync(PostgresServer server, CancellationToken ct)
    {
        var connection = await server.NewSchemaAsync();
        var stores = new List<PostgresStore>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                stores.Add(await PostgresStore.OpenAsync(connection, $"bench node {i.ToString(CultureInfo.InvariantCulture)}", TimeProvider.System, ct));
            }

            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < ClaimTasks; i++)
            {
                await stores[0].AddTaskAsync(new TaskItem
                {
                    Id = $"claim-{i.ToString("D4", CultureInfo.InvariantCulture)}",
                    Title = "claim",
                    Prompt = "claim",
                    Source = TaskSource.Cli,
                    MaxAttempts = 1,
                    State = TaskState.Queued,
                    CreatedAt = now.AddMilliseconds(i),
                    UpdatedAt = now.AddMilliseconds(i),
                }, Actor.Baton, ct);
            }

            var latencies = new List<double>();
            var claimed = 0;
            await Task.WhenAll(stores.Select(store => Task.Run(async () =>
            {
                while (true)
                {
                    var call = Stopwatch.StartNew();
                    var got = await store.ClaimNextTaskAsync(Claimer, DateTimeOffset.UtcNow, ct);
                    var ms = call.Elapsed.TotalMilliseconds;
                    if (got is null)
                    {
                        return;
                    }

                    lock (latencies)
                    {
                        latencies.Add(ms);
                        claimed++;
                    }
                }
            }, ct)));
            return claimed == ClaimTasks ? latencies : throw new BenchException($"claimed {claimed} of {ClaimTasks} tasks");
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }
}
