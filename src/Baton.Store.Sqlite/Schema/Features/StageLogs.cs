namespace Baton.Store.Sqlite.Schema;

/// <summary>The store's copy of each stage's raw log, in numbered pieces (written on a shared store, read from any node).</summary>
internal static class StageLogs
{
    public static FeatureMigration Migration { get; } = new("stage-logs", """
        CREATE TABLE stage_logs (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            stage TEXT NOT NULL,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (run_id, stage, seq)
        ) STRICT;
        """);
}
