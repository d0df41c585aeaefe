namespace Baton.Store.Sqlite.Schema;

/// <summary>The store's copy of a run's manifest and result (written on a shared store, read by any node that syncs the run).</summary>
internal static class RunDocuments
{
    public static FeatureMigration Migration { get; } = new("run-documents", """
        CREATE TABLE run_documents (
            run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        ) STRICT;
        """);
}
