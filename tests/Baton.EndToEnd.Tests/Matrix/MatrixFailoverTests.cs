using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Testing;
using Baton.Testing.Postgres;
using static Baton.EndToEnd.Tests.Matrix.MatrixServe;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary>
/// Two <c>baton worker</c> nodes with <c>matrix:</c> on one PostgreSQL store and the real Synapse: exactly one runs the
/// bridge (it holds the bridge's lease); killed with SIGKILL mid-task, the other takes the bridge over within the lease
/// and a little, finishes the task's story in its room, and serves the next task; every message the outbox holds is in
/// its room exactly once; stopped with SIGTERM, a node hands the bridge back at once.
/// </summary>
[Collection(SynapseE2ECollection.Name)]
[Trait("Category", "Matrix")]
[Trait(Needs.Trait, Needs.Synapse)]
[Trait(Needs.Trait, Needs.AgentCli)]
[Trait(Needs.Trait, Needs.Postgres)]
public sealed class MatrixFailoverTests(SynapseE2EFixture synapse)
{
    private const int LeaseSeconds = 4;

    [Fact]
    public async Task One_of_two_workers_runs_the_bridge_and_when_it_is_killed_the_other_takes_over_without_a_doubled_message()
    {
        var postgres = await PostgresServer.SharedAsync();
        var database = await postgres.NewDatabaseAsync();
        await using var serve = await MatrixServe.CreateAsync(synapse, extraYaml: $"store: {postgres.Url(database)}\nlease: {LeaseSeconds}s");
        await using var nodes = new Nodes(serve, postgres, database);
        nodes.Start(2);

        var lobby = await serve.JoinLobbyAsync();
        var holder = await nodes.BridgeHolderAsync(except: null);
        var other = nodes.Workers.Single(w => w != holder);
        (await Eventually.TrueAsync(() => nodes.Said(other, $"the Matrix bridge runs on node {nodes.NodeOf(holder)}"), TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("the other node knows who runs the bridge: " + nodes.Log());
        nodes.Said(holder, "runs the Matrix bridge (lease epoch 1)").ShouldBeTrue(nodes.Log());
        (await Eventually.TrueAsync(() => nodes.Said(holder, "matrix: connected as"), TimeSpan.FromSeconds(30))).ShouldBeTrue(nodes.Log());
        nodes.Said(other, "matrix: connected as").ShouldBeFalse("one bridge at a time: " + nodes.Log());

        // A task whose agent works a while, so the kill lands while its room is being told about it.
        var first = await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: sleep 6; echo survived > out.txt");
        var room1 = await serve.TaskRoomForAsync(lobby, first);
        await serve.Alice.WaitForEventAsync(room1, e => RelType(e) == "m.thread", TimeSpan.FromSeconds(60), "the first detail message");
        var killedAt = Stopwatch.StartNew();
        holder.Kill();   // SIGKILL: no release, no last write
        await holder.WaitForExitAsync();

        (await nodes.BridgeHolderAsync(except: holder)).ShouldBe(other);
        killedAt.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(LeaseSeconds + 5), "taken over within the lease and a little");
        (await nodes.LeaseAsync())[1].ShouldBe("2", "the takeover raised the lease's epoch");
        (await Eventually.TrueAsync(() => nodes.Said(other, "matrix: connected as"), TimeSpan.FromSeconds(30))).ShouldBeTrue(nodes.Log());
        await MatrixServeTests.WaitForReactionAsync(serve, room1, 1);

        var second = await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: echo after > after.txt");
        var room2 = await serve.TaskRoomForAsync(lobby, second);
        await MatrixServeTests.WaitForReactionAsync(serve, room2, 1);

        foreach (var room in new[] { lobby, room1, room2 })
        {
            await nodes.EachOutboxMessageOnceAsync(room);
        }

        var bot = (await serve.Alice.MessagesAsync(room1)).Where(e => Sender(e) == serve.Bot.UserId).ToList();
        bot.Count(e => Body(e)?.StartsWith("🕓 queued", StringComparison.Ordinal) == true).ShouldBe(1);
        bot.Count(e => RelType(e) == "m.thread" && Body(e)?.Contains("run finished", StringComparison.Ordinal) == true).ShouldBe(1);
        (await serve.Alice.MessagesAsync(lobby)).Count(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread").ShouldBe(2, "one link per task");

        var (listed, json) = await serve.Project.JsonAsync("nodes");
        listed.ExitCode.ShouldBe(0, listed.ToString());
        json!.AsArray().Single(n => n!["holds"]!.AsArray().Any(h => (string?)h == "matrix-bridge"))!["node"]!.GetValue<string>()
            .ShouldBe(nodes.NodeOf(other), "baton nodes shows who runs the bridge");

        Signals.Send(other.Id, Signals.Term);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await other.WaitForExitAsync(wait.Token);
        (await nodes.LeaseAsync())[0].ShouldBeNull("SIGTERM handed the bridge back for another node to take at once");
        nodes.Said(other, "the Matrix bridge is handed back").ShouldBeTrue(nodes.Log());
    }

    /// <summary>The worker processes of the test, their output, and what the store says about the bridge and the outbox.</summary>
    private sealed class Nodes(MatrixServe serve, PostgresServer postgres, string database) : IAsyncDisposable
    {
        private readonly List<Process> _workers = [];
        private readonly ConcurrentQueue<(int Pid, string Line)> _output = new();

        public IReadOnlyList<Process> Workers => _workers;

        public void Start(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var worker = BatonCli.Start(serve.Project.Path, serve.Environment(), "worker");
                var pid = worker.Id;
                worker.OutputDataReceived += (_, e) => _output.Enqueue((pid, e.Data ?? ""));
                worker.ErrorDataReceived += (_, e) => _output.Enqueue((pid, e.Data ?? ""));
                worker.BeginOutputReadLine();
                worker.BeginErrorReadLine();
                _workers.Add(worker);
            }
        }

        public string NodeOf(Process worker) => $"{Environment.MachineName}:{worker.Id.ToString(CultureInfo.InvariantCulture)}";

        public bool Said(Process worker, string text) => _output.Any(o => o.Pid == worker.Id && o.Line.Contains(text, StringComparison.Ordinal));

        /// <summary>The bridge lease's holder and epoch as the store has them.</summary>
        public async Task<string?[]> LeaseAsync() =>
            (await Query("SELECT holder, epoch FROM singleton_leases WHERE name = 'matrix-bridge'")).ShouldHaveSingleItem();

        /// <summary>The worker that holds the bridge's lease (other than <paramref name="except"/>), once one does.</summary>
        public async Task<Process> BridgeHolderAsync(Process? except)
        {
            Process? found = null;
            (await Eventually.TrueAsync(async () =>
            {
                var rows = await Query("SELECT holder FROM singleton_leases WHERE name = 'matrix-bridge'");
                found = _workers.FirstOrDefault(w => w != except && rows.Count == 1 && rows[0][0] == NodeOf(w));
                return found is not null;
            }, TimeSpan.FromSeconds(LeaseSeconds + 30), TimeSpan.FromMilliseconds(200))).ShouldBeTrue("a worker holds the bridge: " + Log());
            return found!;
        }

        /// <summary>
        /// The room holds exactly the bot's messages the outbox sent: one event per outbox row (its transaction id), none
        /// left unsent, none failed, and no bot message in the room that is not one of them (a second copy would be).
        /// </summary>
        public async Task EachOutboxMessageOnceAsync(string room)
        {
            var rows = await Query($"SELECT txn_id, event_id FROM chat_outbox WHERE room_id = '{room}'");
            rows.ShouldNotBeEmpty();
            rows.ShouldAllBe(r => r[1] != null && !r[1]!.StartsWith("failed:", StringComparison.Ordinal), $"every message of {room} was sent: {Log()}");
            var sent = (await serve.Alice.MessagesAsync(room))
                .Where(e => Sender(e) == serve.Bot.UserId && (string?)e["type"] is "m.room.message" or "m.reaction")
                .Select(e => (string)e["event_id"]!).ToList();
            sent.Order(StringComparer.Ordinal).ShouldBe(rows.Select(r => r[1]!).Order(StringComparer.Ordinal), $"each outbox message of {room} is in it once");
        }

        public string Log() => string.Join("\n", _output.TakeLast(60).Select(o => $"{o.Pid}: {o.Line}"));

        private Task<List<string?[]>> Query(string sql) => postgres.QueryAsync(sql, postgres.ConnectionString(database));

        public async ValueTask DisposeAsync()
        {
            await Signals.TerminateAllAsync(_workers);
        }
    }
}
