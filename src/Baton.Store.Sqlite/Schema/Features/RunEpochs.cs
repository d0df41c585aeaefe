namespace Baton.Store.Sqlite.Schema;

/// <summary>Each run's fencing token: bumped whenever a process takes the run; every owner write must carry it.</summary>
internal static class RunEpochs
{
    public static FeatureMigration Migration { get; } = new("run-epochs", """
        ALTER TABLE runs ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
        UPDATE runs SET epoch = 1 WHERE owner_host IS NOT NULL;
        """);
}
