using System.Text.Json.Nodes;
using Baton.Core.Events;
using Baton.Store.Sqlite.Errors;
using Baton.Store.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

public sealed partial class SqliteStore
{
    // Prepared once on the writer connection: event appends are the hot path.
    private EventInserter? _eventInserter;

    public Task AppendEventsAsync(IReadOnlyList<RunEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync((c, _) =>
        {
            var inserter = _eventInserter ??= new EventInserter(c);
            foreach (var e in events)
            {
                try
                {
                    inserter.Insert(e);
                }
                catch (SqliteException ex) when (StoreErrors.IsConstraint(ex))
                {
                    // The whole batch rolls back with the transaction.
                    throw StoreErrors.Conflict(
                        $"Event {e.Seq} of run {e.RunId} is already stored; sequence numbers are never reused.");
                }
            }
        }, ct);
    }

    public Task<IReadOnlyList<RunEvent>> ReadEventsAsync(string runId, long afterSeq, int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<RunEvent>>(c =>
        {
            using var command = c.Command(
                    "SELECT seq, ts, task_id, stage, type, data FROM events WHERE run_id = $run AND seq > $after " +
                    "ORDER BY seq LIMIT $limit")
                .With("$run", runId)
                .With("$after", afterSeq)
                .With("$limit", limit);
            return command.ReadAll(r => ReadEvent(r, runId));
        }, ct);

    public Task<long> LastSeqAsync(string runId, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT coalesce(max(seq), 0) FROM events WHERE run_id = $run")
                .With("$run", runId);
            return (long)command.ExecuteScalar()!;
        }, ct);

    private static RunEvent ReadEvent(SqliteDataReader r, string runId)
    {
        var typeName = r.GetString(4);
        var ts = r.GetString(1);
        var data = r.GetString(5);
        return new RunEvent
        {
            Seq = r.GetInt64(0),
            Ts = UtcText.TryParse(ts, out var at) ? at : throw new BadRowException($"a malformed event timestamp '{ts}'"),
            TaskId = r.GetString(2),
            RunId = runId,
            Stage = r.IsDBNull(3) ? null : r.GetString(3),
            Type = EventTypeNames.TryParse(typeName, out var type)
                ? type
                : throw new BadRowException($"an unknown event type '{typeName}'"),
            Data = JsonNode.Parse(data) as JsonObject ?? throw new BadRowException($"event data that is not an object: {data}"),
        };
    }
}
