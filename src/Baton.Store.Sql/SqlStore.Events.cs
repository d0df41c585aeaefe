using System.Data.Common;
using System.Text;
using System.Text.Json;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    private const string EventColumns = "position, seq, ts, task_id, run_id, stage, type, data";

    /// <summary>
    /// Appends in one write transaction. Positions commit in order because every transaction that appends holds the
    /// store's feed lock until it commits (<see cref="LockFeed"/>): SQLite admits one writer at a time, PostgreSQL
    /// serializes appenders on one row. A reader past position P never later finds a new event at or below P.
    /// </summary>
    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct) =>
        AppendAsync(events, null, ct);

    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, CancellationToken ct) =>
        AppendAsync(events, fence, null, ct);

    public Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, long fence, Core.Model.StageRecord stage, CancellationToken ct) =>
        AppendAsync(events, fence, stage, ct);

    private Task<IReadOnlyList<RunEvent>> AppendAsync(IReadOnlyList<RunEvent> events, long? fence, CancellationToken ct) =>
        AppendAsync(events, fence, null, ct);

    private async Task<IReadOnlyList<RunEvent>> AppendAsync(IReadOnlyList<RunEvent> events, long? fence, Core.Model.StageRecord? stage, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return [];
        }

        return await WriteAsync<IReadOnlyList<RunEvent>>((c, tx) =>
        {
            LockFeed(c, tx);
            if (fence is { } epoch)
            {
                RequireEpoch(c, tx, events[0].RunId ?? throw new ArgumentException("task events are appended by the task writes that cause them", nameof(events)), epoch);
            }

            if (stage is not null)
            {
                using var upsert = c.Command(StageRows.Upsert, tx).Bind(stage);
                upsert.ExecuteNonQuery();
            }

            var stored = new RunEvent[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (e.RunId is null)
                {
                    throw new ArgumentException("task events are appended by the task writes that cause them", nameof(events));
                }

                stored[i] = e with { Position = InsertEvent(c, tx, e) };
            }

            return stored;
        }, ct);
    }

    /// <summary>Inserts one event inside the caller's write transaction (which holds the feed lock); returns its position.</summary>
    private long InsertEvent(DbConnection c, DbTransaction tx, RunEvent e)
    {
        try
        {
            return InsertEventRow(c, tx, e);
        }
        catch (DbException ex) when (IsConstraint(ex))
        {
            // The whole batch rolls back with the transaction.
            throw Conflict(e.RunId is null
                ? $"The {e.Type.Name()} event of task {e.TaskId} could not be stored: {ex.Message}"
                : $"Event {e.Seq} of run {e.RunId} is already stored; sequence numbers are never reused.");
        }
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunEvent>>(c =>
        {
            using var command = c.Command(
                    $"SELECT {EventColumns} FROM events WHERE run_id = @run AND seq > @after ORDER BY seq LIMIT @limit")
                .With("@run", runId)
                .With("@after", afterSeq)
                .With("@limit", limit);
            return command.ReadAll(EventRows.ReadEvent);
        }, ct);

    public Task<long> LastSeqAsync(string runId, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT coalesce(max(seq), 0) FROM events WHERE run_id = @run")
                .With("@run", runId);
            return (long)command.ExecuteScalar()!;
        }, ct);

    public Task<IReadOnlyList<RunEvent>> ReadFeedAsync(FeedQuery query, int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunEvent>>(c =>
        {
            using var command = c.Command("");
            var sql = new StringBuilder($"SELECT {EventColumns} FROM events WHERE position > @after");
            command.With("@after", query.After).With("@limit", limit);
            if (query.RunId is { } run)
            {
                sql.Append(" AND run_id = @run");
                command.With("@run", run);
            }

            if (query.TaskId is { } task)
            {
                sql.Append(" AND task_id = @task");
                command.With("@task", task);
            }

            if (query.TypePrefix is { Length: > 0 } prefix)
            {
                // A range on the type keeps the prefix literal (no LIKE wildcards from the user's text).
                sql.Append(" AND type >= @type_lo AND type < @type_hi");
                command.With("@type_lo", prefix).With("@type_hi", prefix + "\uffff");
            }

            command.CommandText = sql.Append(" ORDER BY position LIMIT @limit").ToString();
            return command.ReadAll(EventRows.ReadEvent);
        }, ct);

    public Task<long> LastPositionAsync(CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT coalesce(max(position), 0) FROM events");
            return (long)command.ExecuteScalar()!;
        }, ct);


}
