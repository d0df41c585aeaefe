using Baton.Store.Sqlite.Rows;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite.Schema;

/// <summary>
/// Brings a database up to <see cref="Migrations.Latest"/>, one step per transaction. Safe when several processes
/// open a new database at once: each step re-reads the version under the write lock, so a step runs exactly once.
/// </summary>
internal static class Migrator
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            applied_at TEXT NOT NULL
        ) STRICT;
        """;

    /// <summary>Applies the missing steps and returns the resulting version.</summary>
    public static int Migrate(SqliteConnection connection, string path, DateTimeOffset now)
    {
        using (var tx = connection.BeginTransaction())
        {
            using var create = connection.Command(CreateTable, tx);
            create.ExecuteNonQuery();
            tx.Commit();
        }

        while (true)
        {
            using var tx = connection.BeginTransaction();
            var version = CurrentVersion(connection, tx);
            if (version > Migrations.Latest)
            {
                throw new StoreException(
                    StoreErrorCategory.Newer,
                    $"The store {path} has schema version {version}, but this Baton knows only versions up to " +
                    $"{Migrations.Latest}. Upgrade Baton to a version that knows it (or point state_dir elsewhere).");
            }

            if (version == Migrations.Latest)
            {
                return version;
            }

            using (var step = connection.Command(Migrations.Steps[version], tx))
            {
                step.ExecuteNonQuery();
            }

            using (var record = connection.Command("INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $at)", tx))
            {
                record.With("$v", version + 1).With("$at", UtcText.ToText(now)).ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var query = connection.Command("SELECT coalesce(max(version), 0) FROM schema_migrations", tx);
        return Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
