using System.Data.Common;
using Baton.Core.Ports;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task EnqueueSyncAsync(string runId, DateTimeOffset at, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                INSERT INTO sync_outbox (run_id, queued_at, next_attempt_at) VALUES (@run_id, @at, @at)
                ON CONFLICT (run_id) DO NOTHING
                """, tx).With("@run_id", runId).With("@at", UtcText.ToText(at));
            command.ExecuteNonQuery();
        }, ct);

    public Task<IReadOnlyList<SyncItem>> DueSyncsAsync(DateTimeOffset now, int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<SyncItem>>(c =>
        {
            using var command = c.Command("""
                SELECT * FROM sync_outbox WHERE delivered_at IS NULL AND next_attempt_at <= @now
                ORDER BY next_attempt_at, queued_at LIMIT @limit
                """).With("@now", UtcText.ToText(now)).With("@limit", limit);
            return command.ReadAll(SyncRows.ReadSync);
        }, ct);

    public Task<IReadOnlyList<SyncItem>> PendingSyncsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<SyncItem>>(c =>
        {
            using var command = c.Command("SELECT * FROM sync_outbox WHERE delivered_at IS NULL ORDER BY queued_at, run_id");
            return command.ReadAll(SyncRows.ReadSync);
        }, ct);

    public Task<bool> ClaimSyncAsync(string runId, DateTimeOffset now, DateTimeOffset until, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                UPDATE sync_outbox SET next_attempt_at = @until
                WHERE run_id = @run_id AND delivered_at IS NULL AND next_attempt_at <= @now
                """, tx).With("@run_id", runId).With("@now", UtcText.ToText(now)).With("@until", UtcText.ToText(until));
            return command.ExecuteNonQuery() == 1;
        }, ct);

    public Task RecordSyncAttemptAsync(string runId, DateTimeOffset at, string? error, DateTimeOffset? nextAttemptAt, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("""
                UPDATE sync_outbox SET attempts = attempts + 1, last_error = @error,
                    delivered_at = CASE WHEN @error IS NULL THEN @at ELSE NULL END,
                    next_attempt_at = coalesce(@next, next_attempt_at)
                WHERE run_id = @run_id
                """, tx).With("@run_id", runId).With("@at", UtcText.ToText(at)).With("@error", error).WithTime("@next", nextAttemptAt);
            if (command.ExecuteNonQuery() == 0)
            {
                throw new KeyNotFoundException($"Run {runId} is not in the sync outbox.");
            }
        }, ct);

}
