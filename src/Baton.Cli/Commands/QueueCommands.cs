using System.CommandLine;
using Baton.Cli.Chat;
using Baton.Cli.Hosting;
using Baton.Cli.Output;
using Baton.Core.Config;
using Baton.Engine.Scheduling;

namespace Baton.Cli.Commands;

/// <summary><c>baton drain</c>, <c>baton loop [--once|--poll-sec N]</c>, <c>baton serve</c>, <c>baton worker</c>: work the queue.</summary>
public static class QueueCommands
{
    public static Command Drain()
    {
        var command = new Command("drain", "Work the queue until nothing is queued, waiting or running");
        Verb.WithApp(command, (app, _, ui, ct) => WorkAsync(app, ui, QueueMode.Drain, null, ct));
        return command;
    }

    public static Command Loop()
    {
        var once = new Option<bool>("--once") { Description = "One pass: run what is ready, then exit" };
        var poll = new Option<int>("--poll-sec") { Description = "Seconds between polls when idle", DefaultValueFactory = _ => 10 };
        var command = new Command("loop", "Work the queue forever (or one pass with --once)") { once, poll };
        Verb.WithApp(command, (app, parse, ui, ct) =>
        {
            var seconds = parse.GetValue(poll);
            if (seconds < 1)
            {
                throw new UserErrorException("--poll-sec must be at least 1");
            }

            return WorkAsync(app, ui, parse.GetValue(once) ? QueueMode.Once : QueueMode.Forever, TimeSpan.FromSeconds(seconds), ct);
        });
        return command;
    }

    public static Command Serve()
    {
        var listen = new Option<string?>("--listen") { Description = "Where the HTTP API and dashboard listen, HOST:PORT (default: server.listen, 127.0.0.1:8080)" };
        var command = new Command("serve", "The long-running service: works the queue, resumes interrupted runs, serves the HTTP API and dashboard, and runs the Matrix bridge when matrix: is configured") { listen };
        Verb.WithApp(command, async (app, parse, ui, ct) =>
        {
            var server = ServerOf(app.Config.Server, parse.GetValue(listen));
            Shutdown.RunsMayBeInFlight = true;
            ui.Progress($"baton serve: working the queue of {app.Services.StateDir} with up to {app.Config.MaxConcurrentRuns} runs at once{(app.Config.Matrix is { } m ? $", Matrix as {m.UserId} on {m.Homeserver}" : "")}; Ctrl-C stops");
            return Report(ui, await ServeHost.RunAsync(app, server, ui, ct));
        });
        return command;
    }

    /// <summary>
    /// A scale-out node: works the shared queue with no dashboard. Each run it takes is held by a lease its heartbeat
    /// renews; runs whose node stopped renewing are taken over. With <c>matrix:</c>, the node whose turn it is runs the
    /// Matrix bridge. Ctrl-C or SIGTERM hands its runs (and the bridge) back for another node to take.
    /// </summary>
    public static Command Worker()
    {
        var command = new Command("worker", "A scale-out node: works the shared (PostgreSQL) queue without UI, holding each run by a lease, taking over runs whose node died; with matrix:, one node at a time runs the Matrix bridge");
        Verb.WithApp(command, (app, _, ui, ct) =>
        {
            var shared = app.Services.Lease is { } lease
                ? $"the shared store, lease {lease.TotalSeconds:0.#} s"
                : "the embedded store (one machine: set `store: postgres://…` to share the queue between nodes)";
            ui.Progress($"baton worker: working the queue of {shared} with up to {app.Config.MaxConcurrentRuns} runs at once; Ctrl-C or SIGTERM hands its runs back");
            return WorkerAsync(app, ui, ct);
        });
        return command;
    }

    /// <summary>server: with <c>--listen</c> applied, checked as the config's own value is.</summary>
    private static ServerConfig ServerOf(ServerConfig server, string? listen)
    {
        if (listen is null)
        {
            return server;
        }

        if (!ListenAddress.TryParse(listen, out var host, out var port))
        {
            throw new UserErrorException($"--listen: `{listen}` is not HOST:PORT; write e.g. 127.0.0.1:8080");
        }

        var changed = server with { Host = host, Port = port, Enabled = true };
        var errors = ConfigValidator.Validate(new BatonConfig { Server = changed }).Where(e => e.Path.StartsWith("server", StringComparison.Ordinal)).ToList();
        return errors.Count > 0
            ? throw new UserErrorException($"--listen {listen}: {errors[0].Message}")
            : changed;
    }

    /// <summary>
    /// A worker node works the queue, with <c>sync:</c> the sync outbox (any node may deliver any run), and with
    /// <c>matrix:</c> on a shared store competes for the Matrix bridge (one node at a time runs it: see <see cref="BridgeHost"/>).
    /// </summary>
    private static async Task<int> WorkerAsync(BatonApp app, Ui ui, CancellationToken ct)
    {
        await using var sync = SyncWiring.Start(app, "worker", ui.Progress, ct);
        if (app.Config.Matrix is null)
        {
            return await WorkAsync(app, ui, QueueMode.Forever, TimeSpan.FromSeconds(1), ct, "worker");
        }

        if (app.Services.Lease is null)
        {
            ui.Progress("baton worker: on the embedded store the Matrix bridge runs in `baton serve`, not here");
            return await WorkAsync(app, ui, QueueMode.Forever, TimeSpan.FromSeconds(1), ct, "worker");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        return await WorkAsync(app, ui, TimeSpan.FromSeconds(1), "worker", worker => BridgeHost.RunAsync(app, "worker", worker, stop, ui.Progress));
    }

    private static Task<int> WorkAsync(BatonApp app, Ui ui, QueueMode mode, TimeSpan? poll, CancellationToken ct, string? verbName = null) =>
        WorkAsync(app, ui, poll, verbName ?? mode.ToString().ToLowerInvariant(), worker => worker.RunAsync(mode, ct));

    private static async Task<int> WorkAsync(BatonApp app, Ui ui, TimeSpan? poll, string verb, Func<QueueWorker, Task<QueueSummary>> work)
    {
        Shutdown.RunsMayBeInFlight = true;
        EnoughPoolThreads(app.Config.MaxConcurrentRuns);
        var observer = new QueueProgress(ui);
        var worker = new QueueWorker(app.Services, observer) { PollInterval = poll ?? TimeSpan.FromSeconds(1) };
        CliLog.VerbStarted(app.Log, verb, Versions.Current);
        var code = Report(ui, await work(worker));
        CliLog.VerbEnded(app.Log, verb, code);
        return code;
    }

    /// <summary>
    /// Lets the thread pool start the threads concurrent runs need without its injection delay. Store writes block the
    /// thread they run on for their round trip (a PostgreSQL transaction runs synchronously from first statement to
    /// commit), and with the pool at its default minimum — one thread per core — two runs, their heartbeats and journal
    /// flushes starved it: each new thread came half a second after the last, and a worker's first runs took 1.95 s
    /// for a 1 s agent instead of 1.15 s. Threads are still only made when work waits for one.
    /// </summary>
    private static void EnoughPoolThreads(int maxConcurrentRuns)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        // Capped at 64: each pool thread costs its stack's touched pages (bench d, drain of 50 runs: 71.3 MB with a
        // minimum of 216, 66.1 MB with 64), and past a few dozen the pool's own injection keeps up.
        var wanted = Math.Min(64, 16 + (4 * Math.Max(1, maxConcurrentRuns)));
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }
    }

    private static int Report(Ui ui, QueueSummary summary)
    {
        ui.Result(new QueueResult(summary.Succeeded, summary.Failed, summary.Waiting, summary.Interrupted, summary.StoppedBecause, summary.Runs), static j => j.QueueResult, u =>
        {
            u.Line($"{summary.Runs.Count} run(s): {summary.Succeeded} succeeded, {summary.Failed} did not"
                + (summary.Waiting > 0 ? $", {summary.Waiting} wait for a person (`baton status` shows the questions)" : ""));
            if (summary.StoppedBecause is { } why)
            {
                u.Line($"stopped: {why}");
            }
        });
        return summary.Interrupted ? ExitCodes.Interrupted : summary.Failed > 0 ? ExitCodes.Failed : ExitCodes.Success;
    }
}
