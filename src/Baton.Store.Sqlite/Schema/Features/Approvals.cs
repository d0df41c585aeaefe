namespace Baton.Store.Sqlite.Schema;

/// <summary>Questions runs put to people (approval stages, review decisions, escalations) and their answers.</summary>
internal static class Approvals
{
    public static FeatureMigration Migration { get; } = new("approvals", """
        CREATE TABLE approvals (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            task_id TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            question TEXT NOT NULL,
            stage TEXT,
            attempt INTEGER NOT NULL,
            requested_at TEXT NOT NULL,
            answer TEXT,
            answered_by TEXT,
            answered_at TEXT,
            note TEXT,
            UNIQUE (run_id, key)
        ) STRICT;
        CREATE INDEX approvals_pending ON approvals (requested_at) WHERE answer IS NULL;
        """);
}
