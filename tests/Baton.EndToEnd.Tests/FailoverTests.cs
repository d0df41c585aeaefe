using System.Collections.Concurrent;
using System.Diagnostics;
using Baton.Testing;
using Baton.Testing.Postgres;

namespace Baton.EndToEnd.Tests;

/// <summary>
/// Several <c>baton worker</c> processes on one PostgreSQL queue, one of them killed (<c>kill -9</c>) or stopped
/// (<c>SIGSTOP</c>) for real while it holds a run: another worker takes the run over once the lease runs out and resumes
/// it from its last finished stage; every task finishes exactly once and no stage is recorded finished twice; a stopped
/// worker that comes back finds out it lost the run, ends its processes and writes nothing.
/// </summary>
[Trait(Needs.Trait, Needs.Postgres)]
public sealed class FailoverTests
{
    private const int LeaseSeconds = 4;

    private sealed class Rig : IAsyncDisposable
    {
        private readonly List<Process> _workers = [];

        public required BatonProject Project { get; init; }
        public required PostgresServer Server { get; init; }
        public required string Database { get; init; }
        public ConcurrentQueue<string> Output { get; } = new();
        public IReadOnlyList<Process> Workers => _workers;

        /// <summary>
        /// Starts the workers on a fresh database with <paramref name="tasks"/> queued. With <paramref name="travel"/>, the
        /// project's repository is a remote (a bare repository) and every worker is a node of its own — its own
        /// directory, state and clone — as on separate machines, so a run taken over continues from its pushed branch.
        /// </summary>
        public static async Task<Rig> StartAsync(
            int workers, int tasks, double buildSeconds, PostgresServer? own = null, int leaseSeconds = LeaseSeconds, bool travel = false,
            Func<int, IDictionary<string, string>?>? environmentOf = null)
        {
            var server = own ?? await PostgresServer.SharedAsync();
            var database = await server.NewDatabaseAsync();
            var sleep = buildSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var agent = travel
                // Every turn changes the branch (so every turn is committed and pushed); the build needs the pushed plan.
                ? $"echo \\\"said by $BATON_STAGE in $$\\\"; echo \\\"$BATON_STAGE $$\\\" >> stages.txt; if [ \\\"$BATON_STAGE\\\" = build ]; then grep -q plan stages.txt || exit 9; sleep {sleep}; echo x > f.txt; fi"
                : $"echo \\\"$BATON_TASK_ID $BATON_STAGE $$\\\" >> $SCRATCH/starts; if [ \\\"$BATON_STAGE\\\" = build ]; then sleep {sleep}; echo x > f.txt; fi";
            var project = new BatonProject();
            var remote = System.IO.Path.Combine(project.Scratch, "remote.git");
            var yaml = $$"""
                version: 1
                store: {{server.Url(database)}}
                lease: {{leaseSeconds}}s
                max_concurrent_runs: 2
                agents:
                  shell:
                    kind: command
                    command: "{{agent}}"
                {{(travel ? $"projects: [ {{ key: app, repo: \"file://{remote}\" }} ]" : "")}}
                pipelines:
                  default:
                    stages: [ { id: plan, kind: agent, role: planner }, { id: build, kind: agent, role: builder } ]
                    gates: [ "test -f f.txt" ]
                """;
            project.WriteConfig(yaml);
            if (travel)
            {
                TempGitRepo.RunGit(project.Scratch, "clone", "-q", "--bare", project.Path, remote);
            }

            var rig = new Rig { Project = project, Server = server, Database = database, Remote = travel ? remote : null };
            if (tasks > 20)
            {
                // Many tasks at once, through a task file (one process instead of one per task).
                var file = System.IO.Path.Combine(project.Scratch, "tasks.md");
                File.WriteAllLines(file, ["# Tasks", .. Enumerable.Range(0, tasks).Select(i => $"- [ ] task {i}")]);
                var synced = await project.RunAsync("tasks", "sync", file, "--apply");
                synced.ExitCode.ShouldBe(0, synced.ToString());
            }
            else
            {
                for (var i = 0; i < tasks; i++)
                {
                    var added = await project.RunAsync("tasks", "add", $"task {i}");
                    added.ExitCode.ShouldBe(0, added.ToString());
                }
            }

            for (var i = 0; i < workers; i++)
            {
                var cwd = project.Path;
                if (travel)
                {
                    cwd = System.IO.Path.Combine(project.Scratch, $"node{i}");
                    Directory.CreateDirectory(cwd);
                    File.Copy(System.IO.Path.Combine(project.Path, "baton.yaml"), System.IO.Path.Combine(cwd, "baton.yaml"));
                }

                var worker = BatonCli.Start(cwd, environmentOf?.Invoke(i), "worker");
                var name = $"worker {worker.Id}";
                worker.OutputDataReceived += (_, e) => rig.Output.Enqueue($"{name}: {e.Data}");
                worker.ErrorDataReceived += (_, e) => rig.Output.Enqueue($"{name} (stderr): {e.Data}");
                worker.BeginOutputReadLine();
                worker.BeginErrorReadLine();
                rig._workers.Add(worker);
            }

            return rig;
        }

        /// <summary>The bare repository standing in for the project's remote, when the rig's branches travel.</summary>
        public string? Remote { get; init; }

        public Task<List<string?[]>> QueryAsync(string sql) => Server.QueryAsync(sql, Server.ConnectionString(Database));

        /// <summary>A worker of this rig that holds a run in its build stage, and the run.</summary>
        public async Task<(Process Worker, string RunId)> HolderOfABuildAsync(Process? except = null)
        {
            (Process, string)? found = null;
            (await Eventually.TrueAsync(async () =>
            {
                foreach (var row in await QueryAsync("SELECT id, owner_pid FROM runs WHERE state = 'running' AND current_stage = 'build' AND owner_pid IS NOT NULL"))
                {
                    if (_workers.FirstOrDefault(w => w != except && w.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == row[1]) is { } worker)
                    {
                        found = (worker, row[0]!);
                        return true;
                    }
                }

                return false;
            }, TimeSpan.FromSeconds(60))).ShouldBeTrue("a worker started a build: " + Log());
            return found!.Value;
        }

        public async Task AllSucceededAsync(int tasks, int withinSeconds = 120) =>
            (await Eventually.TrueAsync(async () =>
                (await QueryAsync("SELECT count(*) FROM tasks WHERE state = 'succeeded'"))[0][0] == tasks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(withinSeconds), TimeSpan.FromMilliseconds(250))).ShouldBeTrue("every task succeeded: " + Log());

        /// <summary>Every task has exactly one run, which succeeded; no stage of any run finished (succeeded) twice.</summary>
        public async Task ExactlyOnceAsync(int tasks)
        {
            var runs = await QueryAsync("SELECT task_id, count(*), min(state), max(state) FROM runs GROUP BY task_id");
            runs.Count.ShouldBe(tasks);
            runs.ShouldAllBe(r => r[1] == "1" && r[2] == "succeeded" && r[3] == "succeeded", Log());
            var finishedTwice = await QueryAsync("""
                SELECT run_id, stage, count(*) FROM events
                WHERE type = 'stage.finished' AND data LIKE '%"status":"succeeded"%'
                GROUP BY run_id, stage HAVING count(*) > 1
                """);
            finishedTwice.ShouldBeEmpty("no stage is recorded finished twice");
            var seqs = await QueryAsync("SELECT run_id FROM events WHERE run_id IS NOT NULL GROUP BY run_id HAVING max(seq) <> count(*)");
            seqs.ShouldBeEmpty("every run's events are numbered without a gap or a repeat");
        }

        public string Log() => string.Join("\n", Output.TakeLast(60));

        public async ValueTask DisposeAsync()
        {
            await Signals.TerminateAllAsync(_workers);

            Project.Dispose();
        }
    }

    [Fact]
    public async Task A_worker_killed_mid_run_loses_it_to_another_that_resumes_it_and_every_task_finishes_once()
    {
        await using var rig = await Rig.StartAsync(workers: 3, tasks: 6, buildSeconds: 3);
        var (victim, runId) = await rig.HolderOfABuildAsync();

        victim.Kill();   // SIGKILL: no handing back, no last write
        await victim.WaitForExitAsync();

        await rig.AllSucceededAsync(6);
        await rig.ExactlyOnceAsync(6);
        var lost = await rig.QueryAsync($"SELECT ts, data FROM events WHERE run_id = '{runId}' AND type = 'lease.lost'");
        var taken = lost.ShouldHaveSingleItem(rig.Log());
        taken[1]!.ShouldContain($":{victim.Id}\"");
        var lastBeat = (string)System.Text.Json.Nodes.JsonNode.Parse(taken[1]!)!["last_heartbeat"]!;
        var takeover = DateTimeOffset.Parse(taken[0]!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(lastBeat, System.Globalization.CultureInfo.InvariantCulture);
        takeover.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(LeaseSeconds + 2), "taken over within the lease and a little");
        var plans = await rig.QueryAsync($"SELECT count(*) FROM events WHERE run_id = '{runId}' AND type = 'stage.started' AND stage = 'plan'");
        plans[0][0].ShouldBe("1", "the taken-over run resumed after its finished plan stage");
        var reasons = await rig.QueryAsync($"SELECT data FROM events WHERE run_id = '{runId}' AND type = 'run.state' AND data LIKE '%\"interrupted\"%'");
        reasons.ShouldHaveSingleItem()[0]!.ShouldContain("took the run over and it resumes from its last finished stage");

        var (nodes, json) = await rig.Project.JsonAsync("nodes");
        nodes.ExitCode.ShouldBe(0, nodes.ToString());
        var killed = json!.AsArray().Single(n => ((string)n!["node"]!).EndsWith($":{victim.Id}", StringComparison.Ordinal))!;
        var lostByVictim = await rig.QueryAsync($"SELECT count(*) FROM events WHERE type = 'lease.lost' AND data LIKE '%\"node\":\"%:{victim.Id}\"%'");
        ((int)killed["lost"]!).ShouldBe(int.Parse(lostByVictim[0][0]!, System.Globalization.CultureInfo.InvariantCulture), "every run it held was taken from it");
        ((int)killed["lost"]!).ShouldBeGreaterThanOrEqualTo(1);
        killed["runs"]!.AsArray().ShouldBeEmpty();
        json.AsArray().Count.ShouldBeGreaterThanOrEqualTo(2, "the nodes that ran the six tasks");
    }

    [Fact]
    public async Task A_run_taken_over_on_another_node_continues_from_its_pushed_branch_and_every_turn_is_on_it_once()
    {
        await using var rig = await Rig.StartAsync(workers: 2, tasks: 2, buildSeconds: 4, travel: true);
        var (victim, runId) = await rig.HolderOfABuildAsync();
        var task = (await rig.QueryAsync($"SELECT task_id FROM runs WHERE id = '{runId}'"))[0][0]!;
        var pushedPlan = (await rig.QueryAsync($"SELECT data FROM events WHERE run_id = '{runId}' AND type = 'workspace.pushed' AND stage = 'plan'"))
            .ShouldHaveSingleItem("the plan turn was pushed before the build started: " + rig.Log())[0]!;
        var planCommit = (string)System.Text.Json.Nodes.JsonNode.Parse(pushedPlan)!["commit"]!;
        (await Eventually.TrueAsync(async () => (await rig.QueryAsync($"SELECT 1 FROM stage_logs WHERE run_id = '{runId}' AND stage = 'plan'")).Count > 0,
            TimeSpan.FromSeconds(5))).ShouldBeTrue("the plan's log is copied into the store within a second");

        victim.Kill();
        await victim.WaitForExitAsync();

        await rig.AllSucceededAsync(2);
        await rig.ExactlyOnceAsync(2);

        // The plan ran on the killed node: the node that took the run over has no file of it, and shows the store's copy.
        var survivor = rig.Workers.ToList().FindIndex(w => w != victim);
        var logs = await BatonCli.RunAsync(System.IO.Path.Combine(rig.Project.Scratch, $"node{survivor}"), null, TimeSpan.FromSeconds(30), "logs", runId, "--stage", "plan");
        logs.ExitCode.ShouldBe(0, logs.ToString());
        logs.Stdout.ShouldContain("the store's copy", Case.Sensitive, logs.ToString());
        logs.Stdout.ShouldContain($"said by plan in ", Case.Sensitive, logs.ToString());
        var ready = await rig.QueryAsync($"SELECT data FROM events WHERE run_id = '{runId}' AND type = 'workspace.ready' ORDER BY seq");
        ready.Count.ShouldBe(2, "one workspace on each node");
        var takenUp = System.Text.Json.Nodes.JsonNode.Parse(ready[1][0]!)!;
        ((string)takenUp["resumed_from"]!).ShouldBe(planCommit, "the node that took the run over started from the pushed plan");
        ((string)takenUp["path"]!).ShouldNotBe((string)System.Text.Json.Nodes.JsonNode.Parse(ready[0][0]!)!["path"]!, "in its own clone");

        // The remote's branch holds each turn once: the plan from the killed node, the build from the one that took over.
        var subjects = TempGitRepo.RunGit(rig.Remote!, "log", "--format=%s", $"baton/{task}").Split('\n');
        subjects.Count(l => l.StartsWith("baton: plan", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", subjects));
        subjects.Count(l => l.StartsWith("baton: build", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", subjects));
        var stages = TempGitRepo.RunGit(rig.Remote!, "show", $"baton/{task}:stages.txt").Split('\n');
        stages.Select(l => l.Split(' ')[0]).ShouldBe(["plan", "build"]);
        stages[0].ShouldBe(TempGitRepo.RunGit(rig.Remote!, "show", $"{planCommit}:stages.txt"), "the plan is the one the killed node pushed, not done again");
        (await rig.QueryAsync("SELECT count(*) FROM events WHERE type = 'workspace.pushed' AND data LIKE '%\"replaced\"%'"))[0][0]
            .ShouldBe("0", "no node pushed after it lost its run");
    }

    [Fact]
    public async Task Three_hundred_tasks_on_three_workers_one_killed_and_one_stopped_each_finish_once_with_each_turn_pushed_once()
    {
        const int Tasks = 300;
        await using var rig = await Rig.StartAsync(workers: 3, tasks: Tasks, buildSeconds: 0.3, travel: true);
        var (killed, _) = await rig.HolderOfABuildAsync();
        killed.Kill();
        await killed.WaitForExitAsync();
        // The build found a moment ago may have finished between that look and the kill (its agent sleeps 0.3 s): what
        // must be taken over is what the killed worker still held when it died, read after it is gone.
        var killedRuns = (await rig.QueryAsync($"SELECT id FROM runs WHERE state = 'running' AND owner_pid = '{killed.Id}'")).Select(r => r[0]!).ToList();
        killedRuns.ShouldNotBeEmpty("the killed worker held a run when it died: " + rig.Log());
        var (stopped, stoppedRun) = await rig.HolderOfABuildAsync(except: killed);
        Signals.Send(stopped.Id, Signals.Stop);
        (await Eventually.TrueAsync(async () => (await rig.QueryAsync($"SELECT 1 FROM events WHERE run_id = '{stoppedRun}' AND type = 'lease.lost'")).Count == 1,
            TimeSpan.FromSeconds(LeaseSeconds + 20), TimeSpan.FromMilliseconds(200))).ShouldBeTrue("the stopped worker's run was taken over: " + rig.Log());
        Signals.Send(stopped.Id, Signals.Cont);   // it comes back, finds out, and goes on working the queue

        await rig.AllSucceededAsync(Tasks, withinSeconds: 600);
        await rig.ExactlyOnceAsync(Tasks);
        foreach (var run in killedRuns.Append(stoppedRun))
        {
            (await rig.QueryAsync($"SELECT 1 FROM events WHERE run_id = '{run}' AND type = 'lease.lost'")).Count.ShouldBe(1, run);
        }

        // Every task's branch on the remote holds each turn once — twice only where a node was cut off after pushing a
        // turn and before recording it finished (the stage started again, on top of the pushed branch, under a node
        // that took the run over). Nothing on a branch comes from a turn that never started.
        var starts = (await rig.QueryAsync("SELECT task_id, stage, count(*) FROM events WHERE type = 'stage.started' GROUP BY task_id, stage"))
            .ToDictionary(r => (r[0]!, r[1]!), r => int.Parse(r[2]!, System.Globalization.CultureInfo.InvariantCulture));
        var takenOver = (await rig.QueryAsync("SELECT DISTINCT task_id FROM events WHERE type = 'lease.lost'")).Select(r => r[0]!).ToHashSet();
        var branches = TempGitRepo.RunGit(rig.Remote!, "for-each-ref", "--format=%(refname:short)", "refs/heads/baton/").Split('\n');
        branches.Length.ShouldBe(Tasks);
        foreach (var branch in branches)
        {
            var task = branch["baton/".Length..];
            var subjects = TempGitRepo.RunGit(rig.Remote!, "log", "--format=%s", branch).Split('\n');
            foreach (var stage in new[] { "plan", "build" })
            {
                var turns = subjects.Count(l => l.StartsWith($"baton: {stage} ", StringComparison.Ordinal));
                turns.ShouldBeInRange(1, starts[(task, stage)], $"{branch}: {stage} turns on the branch vs starts");
                (turns == 1 || takenOver.Contains(task)).ShouldBeTrue($"{branch}: {stage} pushed twice without a takeover");
            }
        }
        stopped.HasExited.ShouldBeFalse("losing a run does not end the worker");
    }

    [Fact]
    public async Task A_stopped_worker_loses_its_run_and_when_it_comes_back_ends_its_processes_and_writes_nothing()
    {
        await using var rig = await Rig.StartAsync(workers: 2, tasks: 1, buildSeconds: 6);
        var (victim, runId) = await rig.HolderOfABuildAsync();

        Signals.Send(victim.Id, Signals.Stop);
        (await Eventually.TrueAsync(async () => (await rig.QueryAsync($"SELECT 1 FROM events WHERE run_id = '{runId}' AND type = 'lease.lost'")).Count == 1,
            TimeSpan.FromSeconds(LeaseSeconds + 10), TimeSpan.FromMilliseconds(200))).ShouldBeTrue("the other worker took the run over: " + rig.Log());
        var takenAt = (await rig.QueryAsync("SELECT max(position) FROM events"))[0][0];
        Signals.Send(victim.Id, Signals.Cont);

        await rig.AllSucceededAsync(1);
        await rig.ExactlyOnceAsync(1);
        var owner = (await rig.QueryAsync($"SELECT data FROM events WHERE run_id = '{runId}' AND type = 'lease.acquired' ORDER BY seq DESC LIMIT 1"))[0][0]!;
        owner.Contains($":{victim.Id}\"", StringComparison.Ordinal).ShouldBeFalse("the run finished under the worker that took it over");
        (await Eventually.TrueAsync(() => File.Exists(LogPath(rig)) && File.ReadAllText(LogPath(rig)).Contains($"run {runId}: this node lost its lease", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20))).ShouldBeTrue("the worker that came back noticed it lost the run: " + rig.Log() + "\nlog:\n" + (File.Exists(LogPath(rig)) ? File.ReadAllText(LogPath(rig)) : "(none)"));
        // The stopped worker's agent was ended by the worker that took over; had the stopped one written what it saw when it
        // came back (its stage failing), the log would show a failed stage or run.
        var after = await rig.QueryAsync($"""
            SELECT type, data FROM events WHERE run_id = '{runId}' AND position > {takenAt}
              AND ((type = 'stage.finished' AND data NOT LIKE '%"status":"succeeded"%') OR (type = 'run.state' AND data LIKE '%"failed"%'))
            """);
        after.ShouldBeEmpty("the worker that lost the run wrote nothing after the takeover");
        victim.HasExited.ShouldBeFalse("losing a run does not end the worker");
    }

    [Fact]
    public async Task A_worker_two_hours_ahead_takes_no_live_run_and_its_own_dead_run_is_taken_within_the_lease()
    {
        // Worker 0's clock runs two hours ahead (libfaketime). Judged by its own clock it would take worker 1's live
        // runs at once; judged by worker 1's, its heartbeats would lie two hours in the future and a run it held when it
        // died would wait two hours to be taken over.
        await using var rig = await Rig.StartAsync(workers: 2, tasks: 4, buildSeconds: 12, environmentOf: i => i == 0 ? ClockAhead("+2h") : null);
        var (victim, runId) = await rig.HolderOfABuildAsync(except: rig.Workers[1]);
        await Task.Delay(TimeSpan.FromSeconds(LeaseSeconds + 1));   // long enough for a node to take a live run by its own clock
        (await rig.QueryAsync("SELECT 1 FROM events WHERE type = 'lease.lost'")).ShouldBeEmpty("no run was taken from a live node: " + rig.Log());

        var killed = Stopwatch.StartNew();
        victim.Kill();
        await victim.WaitForExitAsync();
        (await Eventually.TrueAsync(async () => (await rig.QueryAsync($"SELECT 1 FROM events WHERE run_id = '{runId}' AND type = 'lease.lost'")).Count == 1,
            TimeSpan.FromSeconds(LeaseSeconds + 20), TimeSpan.FromMilliseconds(100))).ShouldBeTrue("the other worker took the run over: " + rig.Log());
        killed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(LeaseSeconds + 3), "taken over within the lease and a little");

        await rig.AllSucceededAsync(4);
        await rig.ExactlyOnceAsync(4);
        (await rig.QueryAsync("SELECT data FROM events WHERE type = 'lease.lost'"))
            .ShouldAllBe(r => r[0]!.Contains($":{victim.Id}\"", StringComparison.Ordinal), "only the killed worker's runs were taken");
        File.ReadAllText(LogPath(rig)).ShouldContain("s off the shared store's", Case.Sensitive, "the node says its clock is off");
    }

    /// <summary>
    /// A worker's environment with the clock moved ahead by <paramref name="offset"/> (libfaketime). Ahead only: the
    /// monotonic clock moves with it (keeping it real while the wall clock moves makes Npgsql's timeouts misfire), and
    /// behind, on a machine up for less than the offset, it would go negative.
    /// </summary>
    private static Dictionary<string, string> ClockAhead(string offset)
    {
        var library = Directory.GetDirectories("/usr/lib")
            .Select(d => System.IO.Path.Combine(d, "faketime", "libfaketime.so.1"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("libfaketime is missing: install Debian's faketime package (the README's test command does)");
        return new() { ["LD_PRELOAD"] = library, ["FAKETIME"] = offset };
    }

    [Fact]
    public async Task PostgreSQL_restarted_mid_run_the_workers_reconnect_and_nothing_is_lost()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var rig = await Rig.StartAsync(workers: 2, tasks: 4, buildSeconds: 4, own: server, leaseSeconds: 15);
        var (_, runId) = await rig.HolderOfABuildAsync();

        await server.RestartAsync();   // fast shutdown: every session ends; then the same data on the same port

        await rig.AllSucceededAsync(4);
        await rig.ExactlyOnceAsync(4);
        (await rig.QueryAsync($"SELECT count(*) FROM events WHERE run_id = '{runId}' AND type = 'lease.lost'"))[0][0]
            .ShouldBe("0", "a restart shorter than the lease takes no run from its worker");
        rig.Workers.ShouldAllBe(w => !w.HasExited, rig.Log());
    }

    [Fact]
    public async Task PostgreSQL_down_longer_than_a_call_rides_out_leaves_the_workers_up_and_they_go_on_when_it_is_back()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var rig = await Rig.StartAsync(workers: 2, tasks: 1, buildSeconds: 0.2, own: server, leaseSeconds: 15);
        await rig.AllSucceededAsync(1);

        await server.RestartAsync(down: TimeSpan.FromSeconds(13));   // a store call rides out 10 s, then fails

        rig.Workers.ShouldAllBe(w => !w.HasExited, "an outage does not end a worker: " + rig.Log());
        var added = await rig.Project.RunAsync("tasks", "add", "after the outage");
        added.ExitCode.ShouldBe(0, added.ToString());
        await rig.AllSucceededAsync(2);
        File.ReadAllText(LogPath(rig)).ShouldContain("the queue's store call failed; it looks again in a second", Case.Sensitive, "the failure is logged");
    }

    private static string LogPath(Rig rig) => System.IO.Path.Combine(rig.Project.StateDir, "logs", "baton.log");
}
