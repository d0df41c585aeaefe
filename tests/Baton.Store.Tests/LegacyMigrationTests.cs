using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Baton.Core.Events;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Store.Sqlite;
using Baton.Store.Sqlite.Schema;
using Baton.Testing;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Tests;

/// <summary>
/// Databases written by an older Baton (schema version 3 and earlier: events without positions in a WITHOUT ROWID table
/// keyed by run and seq, gate results only inside gate.finished events, runs without epochs), built by hand from
/// <see cref="LegacySchema"/> and then opened by today's store.
/// </summary>
public sealed partial class LegacyMigrationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string LintFailed =
        """{"command":"make lint","attempt":1,"passed":false,"exit_code":2,"timed_out":false,"seconds":1.5,"output_tail":"3 problems ✗"}""";

    private const string TestTimedOut =
        """{"command":"make test","attempt":1,"passed":false,"exit_code":null,"timed_out":true,"seconds":600,"output_tail":""}""";

    private const string TestPassed =
        """{"command":"make test","attempt":1,"passed":true,"exit_code":0,"timed_out":false,"seconds":42.125,"output_tail":"all green"}""";

    // Inserted neither in time nor in key order; r1 seq 4 and r3 seq 3 share a timestamp; "gone" is a run the runs table
    // does not have (the old events table had no foreign key).
    private static readonly OldEvent[] Events =
    [
        new("r2", 1, "2026-11-22T10:00:05.000Z", "t1", "build", "run.started", """{"pipeline":"default"}"""),
        new("r1", 1, "2026-11-22T10:00:01.000Z", "t1", null, "run.started", """{"pipeline":"default"}"""),
        new("r1", 2, "2026-11-22T10:00:02.000Z", "t1", "gates", "gate.finished", LintFailed),
        new("r3", 1, "2026-11-22T10:00:01.500Z", "t2", null, "run.started", """{"pipeline":"default"}"""),
        new("r1", 3, "2026-11-22T10:00:03.000Z", "t1", "gates", "gate.finished", TestTimedOut),
        new("r3", 3, "2026-11-22T10:00:04.000Z", "t2", null, "run.finished", """{"state":"succeeded"}"""),
        new("r1", 4, "2026-11-22T10:00:04.000Z", "t1", null, "run.finished", """{"state":"failed"}"""),
        new("r3", 2, "2026-11-22T10:00:02.500Z", "t2", "gates", "gate.finished", TestPassed),
        new("r2", 2, "2026-11-22T10:00:06.000Z", "t1", "build", "agent.message", """{"text":"ünïcödé ✓"}"""),
        new("gone", 1, "2026-11-22T10:00:00.500Z", "t2", "gates", "gate.finished", TestPassed),
    ];

    private readonly string _dir = TempDir.Create("legacy");

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public void The_released_numbered_steps_never_change()
    {
        Migrations.Latest.ShouldBe(LegacySchema.StepHashes.Count);
        for (var i = 0; i < Migrations.Latest; i++)
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Normalize(Migrations.Steps[i]))));
            hash.ShouldBe(LegacySchema.StepHashes[i], $"step {i + 1} changed after release");
        }
    }

    [Fact]
    public async Task A_version_3_database_keeps_its_events_in_order_gets_positions_and_gate_result_rows()
    {
        var path = Path.Combine(_dir, "v3.db");
        CreateLegacy(path, 3, FillV3);
        (await MigrationTests.ReadAllAsync(path, "SELECT sql FROM sqlite_master WHERE name = 'events'")).ShouldHaveSingleItem()
            .ShouldContain("WITHOUT ROWID");

        await using (var store = await SqliteStore.OpenAsync(path, TimeProvider.System, None))
        {
            store.SchemaVersion.ShouldBe(Migrations.All);

            // Every old event, once, with positions 1..n in time order (run, then seq, breaking ties).
            var expected = Events.OrderBy(e => e.Ts, StringComparer.Ordinal).ThenBy(e => e.RunId, StringComparer.Ordinal).ThenBy(e => e.Seq).ToList();
            var feed = await store.ReadFeedAsync(new FeedQuery(), 100, None);
            feed.Select(e => e.Position).ShouldBe(Enumerable.Range(1, Events.Length).Select(i => (long)i));
            for (var i = 0; i < expected.Count; i++)
            {
                var (old, now) = (expected[i], feed[i]);
                (now.RunId, now.Seq, now.TaskId, now.Stage, now.Type.Name()).ShouldBe((old.RunId, old.Seq, old.TaskId, old.Stage, old.Type));
                now.Ts.ShouldBe(DateTimeOffset.Parse(old.Ts, System.Globalization.CultureInfo.InvariantCulture));
                // Read back as typed data: the same fields, an explicit null written as an absent field.
                now.Data.Fields().ToJsonString().ShouldBe(WithoutNulls(JsonNode.Parse(old.Data)!.AsObject()).ToJsonString());
            }

            // Each run's events keep their seq order in the feed too.
            foreach (var run in Events.Select(e => e.RunId).Distinct())
            {
                var ofRun = await store.ReadFeedAsync(new FeedQuery(RunId: run), 100, None);
                ofRun.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, ofRun.Count).Select(i => (long)i), $"run {run}");
                (await store.ReadEventsAsync(run, 0, 100, None)).Select(e => e.Position).ShouldBe(ofRun.Select(e => e.Position));
            }

            (await store.LastSeqAsync("r1", None)).ShouldBe(4);
            (await store.LastPositionAsync(None)).ShouldBe(Events.Length);
            (await store.ReadFeedAsync(new FeedQuery(TaskId: "t1"), 100, None)).Select(e => e.RunId).Distinct()
                .ShouldBe(["r1", "r2"], ignoreOrder: true);

            // gate.finished events became rows (for runs that exist), in seq order.
            (await store.ListGateResultsAsync("r1", None)).ShouldBe(
            [
                new GateResult("make lint", 1, false, 2, false, 1.5, "3 problems ✗"),
                new GateResult("make test", 1, false, null, true, 600, ""),
            ]);
            (await store.ListGateResultsAsync("r3", None)).ShouldBe([new GateResult("make test", 1, true, 0, false, 42.125, "all green")]);
            (await store.ListGateResultsAsync("r2", None)).ShouldBeEmpty();
            (await MigrationTests.CountAsync(path, "SELECT count(*) FROM gate_results")).ShouldBe(3);

            // Runs got epochs: an owned run is at epoch 1 and its owner can go on writing with it.
            var r2 = (await store.GetRunAsync("r2", None))!;
            r2.Owner.ShouldBe(new RunOwner("alice-host", 4242, 1_000_001));
            r2.Epoch.ShouldBe(1);
            (await store.GetRunAsync("r1", None))!.Epoch.ShouldBe(0);
            (await store.TransitionRunAsync(new RunChange { RunId = "r2", Epoch = 1, To = RunState.Gating }, None)).State.ShouldBe(RunState.Gating);
            (await store.TryTakeOwnershipAsync("r2", r2.Owner, new RunOwner("bob-host", 77, 2), Samples.T0, None)).ShouldBe(2);

            // New writes continue the feed after the old events; old seqs stay taken.
            var appended = await store.AppendEventsAsync([Samples.NewEvent("r2", 3, EventType.AgentCommand)], None);
            appended.ShouldHaveSingleItem().Position.ShouldBe(Events.Length + 1);
            (await store.AddTaskAsync(Samples.NewTask("t3"), Actor.Baton, None)).Event!.Position.ShouldBe(Events.Length + 2);
            (await Should.ThrowAsync<StoreException>(() => store.AppendEventsAsync([Samples.NewEvent("r1", 4)], None)))
                .Category.ShouldBe(StoreErrorCategory.Conflict);
            (await store.GetTaskAsync("t1", None))!.State.ShouldBe(TaskState.Running);
            await store.SetSettingAsync("queue.paused", "true", None);
            (await store.GetSettingAsync("queue.paused", None)).ShouldBe("true");
        }

        (await MigrationTests.ReadAllAsync(path, "SELECT sql FROM sqlite_master WHERE name = 'events'")).ShouldHaveSingleItem()
            .ShouldNotContain("WITHOUT ROWID");
        (await MigrationTests.CountAsync(path, "SELECT count(*) FROM schema_migrations")).ShouldBe(3);
        (await MigrationTests.ReadAllAsync(path, "SELECT name FROM schema_features ORDER BY rowid"))
            .ShouldBe(Migrations.Features.Select(f => f.Name));

        await using var reopened = await SqliteStore.OpenAsync(path, TimeProvider.System, None);
        reopened.SchemaVersion.ShouldBe(Migrations.All);
        (await reopened.LastPositionAsync(None)).ShouldBe(Events.Length + 2);
        (await MigrationTests.CountAsync(path, "SELECT count(*) FROM gate_results")).ShouldBe(3);
    }

    [Fact]
    public async Task A_run_whose_clock_went_back_keeps_its_seq_order_in_the_feed()
    {
        var path = Path.Combine(_dir, "clock.db");
        CreateLegacy(path, 3, (c, tx) =>
        {
            FillV3(c, tx);
            Insert(c, tx, new OldEvent("r2", 3, "2026-11-22T09:59:00.000Z", "t1", "build", "agent.message", """{"text":"clock stepped back"}"""));
            Insert(c, tx, new OldEvent("r2", 4, "2026-11-22T10:00:07.000Z", "t1", "build", "agent.message", """{"text":"later"}"""));
        });

        await using var store = await SqliteStore.OpenAsync(path, TimeProvider.System, None);

        (await store.ReadFeedAsync(new FeedQuery(RunId: "r2"), 100, None)).Select(e => e.Seq).ShouldBe([1L, 2, 3, 4]);
    }

    [Fact]
    public async Task A_version_1_database_runs_every_later_step_and_feature()
    {
        var path = Path.Combine(_dir, "v1.db");
        CreateLegacy(path, 1, (c, tx) =>
        {
            Execute(c, tx, """
                INSERT INTO tasks (id, title, prompt, source, max_attempts, priority, state, attempts, created_at, updated_at)
                VALUES ('t1', 'Task t1', 'Do t1', 'cli', 1, 0, 'succeeded', 1, '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:09.000Z');
                INSERT INTO runs (id, task_id, number, state, reason, pipeline, created_at)
                VALUES ('r1', 't1', 1, 'succeeded', 'gates_passed', 'default', '2026-11-22T10:00:01.000Z');
                """);
            Insert(c, tx, new OldEvent("r1", 2, "2026-11-22T10:00:03.000Z", "t1", "gates", "gate.finished", TestPassed));
            Insert(c, tx, new OldEvent("r1", 1, "2026-11-22T10:00:02.000Z", "t1", null, "run.started", "{}"));
        });

        await using var store = await SqliteStore.OpenAsync(path, TimeProvider.System, None);

        store.SchemaVersion.ShouldBe(Migrations.All);
        (await MigrationTests.CountAsync(path, "SELECT count(*) FROM schema_migrations")).ShouldBe(Migrations.Latest);
        (await store.ReadFeedAsync(new FeedQuery(), 10, None)).Select(e => (e.Position, e.Seq)).ShouldBe([(1L, 1L), (2L, 2L)]);
        (await store.ListGateResultsAsync("r1", None)).ShouldBe([new GateResult("make test", 1, true, 0, false, 42.125, "all green")]);
        (await store.GetSessionAsync("t1", "codex", None)).ShouldBeNull(); // step 2's tables
        (await store.GetChatValueAsync("since", None)).ShouldBeNull(); // step 3's tables
    }

    /// <summary>A database as a Baton at schema <paramref name="version"/> left it, filled by <paramref name="fill"/>.</summary>
    private static void CreateLegacy(string path, int version, Action<SqliteConnection, SqliteTransaction> fill)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=True");
        connection.Open();
        using var tx = connection.BeginTransaction();
        Execute(connection, tx, LegacySchema.SchemaMigrations);
        for (var v = 1; v <= version; v++)
        {
            Execute(connection, tx, Migrations.Steps[v - 1]);
            Execute(connection, tx, $"INSERT INTO schema_migrations (version, applied_at) VALUES ({v}, '2026-11-22T09:00:00.000Z')");
        }

        fill(connection, tx);
        tx.Commit();
    }

    private static void FillV3(SqliteConnection c, SqliteTransaction tx)
    {
        Execute(c, tx, """
            INSERT INTO tasks (id, title, prompt, source, max_attempts, priority, state, attempts, created_at, updated_at)
            VALUES ('t1', 'Task t1', 'Do t1', 'cli', 2, 0, 'running', 2, '2026-11-22T10:00:00.000Z', '2026-11-22T10:00:05.000Z'),
                   ('t2', 'Task t2', 'Do t2', 'file', 1, 0, 'succeeded', 1, '2026-11-22T10:00:00.100Z', '2026-11-22T10:00:04.000Z');
            INSERT INTO runs (id, task_id, number, state, reason, pipeline, owner_host, owner_pid, owner_start_ticks, created_at)
            VALUES ('r1', 't1', 1, 'failed', 'gate_failed', 'default', NULL, NULL, NULL, '2026-11-22T10:00:01.000Z'),
                   ('r2', 't1', 2, 'running', NULL, 'default', 'alice-host', 4242, 1000001, '2026-11-22T10:00:05.000Z'),
                   ('r3', 't2', 1, 'succeeded', 'gates_passed', 'default', NULL, NULL, NULL, '2026-11-22T10:00:01.500Z');
            """);
        foreach (var e in Events)
        {
            Insert(c, tx, e);
        }
    }

    private static void Insert(SqliteConnection c, SqliteTransaction tx, OldEvent e)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO events (run_id, seq, ts, task_id, stage, type, data) VALUES ($run, $seq, $ts, $task, $stage, $type, $data)";
        command.Parameters.AddWithValue("$run", e.RunId);
        command.Parameters.AddWithValue("$seq", e.Seq);
        command.Parameters.AddWithValue("$ts", e.Ts);
        command.Parameters.AddWithValue("$task", e.TaskId);
        command.Parameters.AddWithValue("$stage", (object?)e.Stage ?? DBNull.Value);
        command.Parameters.AddWithValue("$type", e.Type);
        command.Parameters.AddWithValue("$data", e.Data);
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Normalize(string sql) => Whitespace().Replace(sql, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record OldEvent(string RunId, long Seq, string Ts, string TaskId, string? Stage, string Type, string Data);

    private static JsonObject WithoutNulls(JsonObject data)
    {
        foreach (var key in data.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            data.Remove(key);
        }

        return data;
    }
}
