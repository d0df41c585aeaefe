namespace Baton.Store.Sqlite.Schema;

/// <summary>Leases on work only one node may do at a time (the Matrix bridge): holder, epoch, when it runs out.</summary>
internal static class SingletonLeases
{
    public static FeatureMigration Migration { get; } = new("singleton-leases", """
        CREATE TABLE singleton_leases (
            name TEXT PRIMARY KEY,
            holder TEXT,
            epoch INTEGER NOT NULL,
            expires_at TEXT NOT NULL
        ) STRICT;
        """);
}
