namespace Baton.Store.Sqlite.Schema;

/// <summary>
/// The feed: every event gets a global <c>position</c> (the rowid, so it is assigned inside the one write transaction and
/// becomes visible in order); task-level events have no run and no seq. Old events are ordered by time, but never out of
/// their run's seq order (a clock that stepped back mid-run sorts by the latest time seen so far in that run).
/// </summary>
internal static class FeedPositions
{
    public static FeatureMigration Migration { get; } = new("feed-positions", """
        CREATE TABLE events_feed (
            position INTEGER PRIMARY KEY,
            run_id TEXT,
            seq INTEGER,
            ts TEXT NOT NULL,
            task_id TEXT NOT NULL,
            stage TEXT,
            type TEXT NOT NULL,
            data TEXT NOT NULL,
            CHECK ((run_id IS NULL) = (seq IS NULL))
        ) STRICT;
        INSERT INTO events_feed (run_id, seq, ts, task_id, stage, type, data)
            SELECT run_id, seq, ts, task_id, stage, type, data FROM events
            ORDER BY max(ts) OVER (PARTITION BY run_id ORDER BY seq ROWS UNBOUNDED PRECEDING), run_id, seq;
        DROP TABLE events;
        ALTER TABLE events_feed RENAME TO events;
        CREATE UNIQUE INDEX events_by_run ON events (run_id, seq) WHERE run_id IS NOT NULL;
        CREATE INDEX events_by_task ON events (task_id, position);
        """);
}
