namespace Baton.Store.Sqlite.Schema;

/// <summary>The run sync outbox: finished runs to deliver to <c>sync.url</c>, with attempts and back-off.</summary>
internal static class SyncOutbox
{
    public static FeatureMigration Migration { get; } = new("sync-outbox", """
        CREATE TABLE sync_outbox (
            run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            delivered_at TEXT
        ) STRICT;
        CREATE INDEX sync_outbox_due ON sync_outbox (next_attempt_at) WHERE delivered_at IS NULL;
        """);
}
