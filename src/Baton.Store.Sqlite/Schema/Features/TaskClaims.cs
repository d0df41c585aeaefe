namespace Baton.Store.Sqlite.Schema;

/// <summary>Who claimed a running task, and when: a claim whose claimer died before writing its run goes back at once.</summary>
internal static class TaskClaims
{
    public static FeatureMigration Migration { get; } = new("task-claims", """
        ALTER TABLE tasks ADD COLUMN claim_host TEXT;
        ALTER TABLE tasks ADD COLUMN claim_pid INTEGER;
        ALTER TABLE tasks ADD COLUMN claim_start_ticks INTEGER;
        ALTER TABLE tasks ADD COLUMN claimed_at TEXT;
        """);
}
