using System.Text;
using System.Text.Json;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Text;
using Baton.Store.Sqlite.Errors;
using Baton.Store.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

public sealed partial class SqliteStore
{
    private const string EventColumns = "position, seq, ts, task_id, run_id, stage, type, data";

    // Prepared once on the writer connection: event appends are the hot path.
    private EventInserter? _eventInserter;

    // A read-only connection kept open for ChangeStampAsync (data_version is per connection).
    private readonly Lock _watchGate = new();
    private SqliteConnection? _watch;
    private SqliteCommand? _watchVersion;

    /// <summary>
    /// Positions are rowids assigned inside the write transaction, and SQLite admits one writer at a time across
    /// processes, so positions commit in order: a reader past position P never later finds a new event at or below P.
    /// </summary>
    public async Task<IReadOnlyList<RunEvent>> AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return [];
        }

        return await WriteAsync<IReadOnlyList<RunEvent>>((c, _) =>
        {
            var stored = new RunEvent[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (e.RunId is null)
                {
                    throw new ArgumentException("task events are appended by the task writes that cause them", nameof(events));
                }

                stored[i] = e with { Position = InsertEvent(c, e) };
            }

            return stored;
        }, ct);
    }

    /// <summary>Inserts one event inside the caller's write transaction; returns its position.</summary>
    private long InsertEvent(SqliteConnection c, RunEvent e)
    {
        var inserter = _eventInserter ??= new EventInserter(c);
        try
        {
            return inserter.Insert(e);
        }
        catch (SqliteException ex) when (StoreErrors.IsConstraint(ex))
        {
            // The whole batch rolls back with the transaction.
            throw StoreErrors.Conflict(e.RunId is null
                ? $"The {e.Type.Name()} event of task {e.TaskId} could not be stored: {ex.Message}"
                : $"Event {e.Seq} of run {e.RunId} is already stored; sequence numbers are never reused.");
        }
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunEvent>>(c =>
        {
            using var command = c.Command(
                    $"SELECT {EventColumns} FROM events WHERE run_id = $run AND seq > $after ORDER BY seq LIMIT $limit")
                .With("$run", runId)
                .With("$after", afterSeq)
                .With("$limit", limit);
            return command.ReadAll(ReadEvent);
        }, ct);

    public Task<long> LastSeqAsync(string runId, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT coalesce(max(seq), 0) FROM events WHERE run_id = $run")
                .With("$run", runId);
            return (long)command.ExecuteScalar()!;
        }, ct);

    public Task<IReadOnlyList<RunEvent>> ReadFeedAsync(FeedQuery query, int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunEvent>>(c =>
        {
            using var command = c.Command("");
            var sql = new StringBuilder($"SELECT {EventColumns} FROM events WHERE position > $after");
            command.With("$after", query.After).With("$limit", limit);
            if (query.RunId is { } run)
            {
                sql.Append(" AND run_id = $run");
                command.With("$run", run);
            }

            if (query.TaskId is { } task)
            {
                sql.Append(" AND task_id = $task");
                command.With("$task", task);
            }

            if (query.TypePrefix is { Length: > 0 } prefix)
            {
                // A range on the type keeps the prefix literal (no LIKE wildcards from the user's text).
                sql.Append(" AND type >= $type_lo AND type < $type_hi");
                command.With("$type_lo", prefix).With("$type_hi", prefix + "\uffff");
            }

            command.CommandText = sql.Append(" ORDER BY position LIMIT $limit").ToString();
            return command.ReadAll(ReadEvent);
        }, ct);

    /// <summary>
    /// <c>PRAGMA data_version</c> on a connection of its own that never writes: SQLite changes it whenever another
    /// connection (this process's writer or another process) commits. No page is read, so a follower's idle poll is cheap.
    /// </summary>
    public Task<long> ChangeStampAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_watchGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                if (_watch is null)
                {
                    _watch = Connect(_connectionString);
                    _watchVersion = _watch.Command("PRAGMA data_version");
                    _watchVersion.Prepare();
                }

                return Task.FromResult((long)_watchVersion!.ExecuteScalar()!);
            }
            catch (Exception ex) when (Translate(ex, DatabasePath) is { } mapped)
            {
                throw mapped;
            }
        }
    }

    public Task<long> LastPositionAsync(CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT coalesce(max(position), 0) FROM events");
            return (long)command.ExecuteScalar()!;
        }, ct);

    private static RunEvent ReadEvent(SqliteDataReader r)
    {
        var typeName = r.GetString(6);
        var ts = r.GetString(2);
        var type = EventTypeNames.TryParse(typeName, out var known) ? known : throw new BadRowException($"an unknown event type '{typeName}'");
        return new RunEvent
        {
            Position = r.GetInt64(0),
            Seq = r.IsDBNull(1) ? 0 : r.GetInt64(1),
            Ts = UtcText.TryParse(ts, out var at) ? at : throw new BadRowException($"a malformed event timestamp '{ts}'"),
            TaskId = r.GetString(3),
            RunId = r.IsDBNull(4) ? null : r.GetString(4),
            Stage = r.IsDBNull(5) ? null : r.GetString(5),
            Data = ReadData(type, r.GetString(7)),
        };
    }

    private static EventData ReadData(EventType type, string data)
    {
        try
        {
            return EventDataJson.Read(type, data);
        }
        catch (JsonException ex)
        {
            throw new BadRowException($"event data that is not a JSON object: {data}", ex);
        }
    }
}
