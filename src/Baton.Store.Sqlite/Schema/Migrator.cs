using Baton.Core.Store;
using Baton.Core.Text;
using Baton.Store.Sql;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite.Schema;

/// <summary>
/// Brings a database up to <see cref="Migrations.Latest"/> and every named feature, in one transaction. Safe when several
/// processes open a new database at once: the version is read under the write lock, so a step runs exactly once.
/// </summary>
internal static class Migrator
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            applied_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS schema_features (
            name TEXT PRIMARY KEY,
            applied_at TEXT NOT NULL
        ) STRICT;
        """;

    /// <summary>Applies the missing steps and returns the resulting version.</summary>
    public static int Migrate(SqliteConnection connection, string path, DateTimeOffset now)
    {
        if (UpToDate(connection) is { } current)
        {
            return current;
        }

        // One transaction for every missing step and feature: it holds the write lock throughout (a concurrent first
        // open waits, then finds the store up to date), a failure leaves the store as it was, and a new store costs one
        // commit instead of one per step.
        using var tx = connection.BeginTransaction();
        using (var create = connection.Command(CreateTable, tx))
        {
            create.ExecuteNonQuery();
        }

        var version = CurrentVersion(connection, tx);
        if (version > Migrations.Latest)
        {
            throw new StoreException(
                StoreErrorCategory.Newer,
                $"The store {path} has schema version {version}, but this Baton knows only versions up to " +
                $"{Migrations.Latest}. Upgrade Baton to a version that knows it (or point state_dir elsewhere).");
        }

        for (; version < Migrations.Latest; version++)
        {
            using (var step = connection.Command(Migrations.Steps[version], tx))
            {
                step.ExecuteNonQuery();
            }

            using var record = connection.Command("INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", tx);
            record.With("@v", version + 1).With("@at", UtcText.ToText(now)).ExecuteNonQuery();
        }

        var features = MigrateFeatures(connection, tx, path, now);
        tx.Commit();
        return version + features;
    }

    /// <summary>
    /// The schema version when every step and every known feature is applied and nothing unknown is, read without the
    /// write lock (every command opens the store, and an up-to-date store is the common case); null otherwise.
    /// </summary>
    private static int? UpToDate(SqliteConnection connection)
    {
        using (var tables = connection.Command(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'schema_features')"))
        {
            if ((long)tables.ExecuteScalar()! != 2)
            {
                return null;
            }
        }

        using var query = connection.Command(
            "SELECT (SELECT coalesce(max(version), 0) FROM schema_migrations), (SELECT group_concat(name, char(10)) FROM schema_features)");
        using var reader = query.ExecuteReader();
        if (!reader.Read() || reader.GetInt64(0) != Migrations.Latest || reader.IsDBNull(1))
        {
            return null;
        }

        var applied = reader.GetString(1).Split('\n').ToHashSet(StringComparer.Ordinal);
        return applied.SetEquals(Migrations.Features.Select(f => f.Name)) ? Migrations.All : null;
    }

    /// <summary>Applies the named feature migrations not yet applied, in list order; returns how many are applied.</summary>
    private static int MigrateFeatures(SqliteConnection connection, SqliteTransaction tx, string path, DateTimeOffset now)
    {
        var applied = AppliedFeatures(connection, tx);
        RefuseUnknown(applied, path);
        foreach (var feature in Migrations.Features.Where(f => !applied.Contains(f.Name)))
        {
            using (var step = connection.Command(feature.Sql, tx))
            {
                step.ExecuteNonQuery();
            }

            using var record = connection.Command("INSERT INTO schema_features (name, applied_at) VALUES (@n, @at)", tx);
            record.With("@n", feature.Name).With("@at", UtcText.ToText(now)).ExecuteNonQuery();
            applied.Add(feature.Name);
        }

        return applied.Count;
    }

    /// <summary>A feature this Baton does not know was applied by a newer one: refuse rather than misread the data.</summary>
    private static void RefuseUnknown(HashSet<string> applied, string path)
    {
        if (applied.Except(Migrations.Features.Select(f => f.Name)).FirstOrDefault() is { } unknown)
        {
            throw new StoreException(
                StoreErrorCategory.Newer,
                $"The store {path} has the schema feature '{unknown}', which this Baton does not know. Upgrade Baton " +
                "to a version that knows it (or point state_dir elsewhere).");
        }
    }

    private static HashSet<string> AppliedFeatures(SqliteConnection connection, SqliteTransaction tx)
    {
        using var query = connection.Command("SELECT name FROM schema_features", tx);
        return query.ReadAll(r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var query = connection.Command("SELECT coalesce(max(version), 0) FROM schema_migrations", tx);
        return Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
