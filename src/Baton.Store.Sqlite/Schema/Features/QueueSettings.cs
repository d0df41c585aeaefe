namespace Baton.Store.Sqlite.Schema;

/// <summary>Settings every Baton process on this store shares (the queue paused or not).</summary>
internal static class QueueSettings
{
    public static FeatureMigration Migration { get; } = new("queue-settings", """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;
        """);
}
