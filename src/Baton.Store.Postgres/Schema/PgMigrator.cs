using Baton.Core.Store;
using Baton.Core.Text;
using Baton.Store.Sql;
using Npgsql;

namespace Baton.Store.Postgres.Schema;

/// <summary>
/// Brings a database up to every migration in <see cref="PgSchema"/>, in one transaction under an advisory lock, so
/// several nodes starting at once migrate exactly once. A database that holds a migration this build does not know was
/// migrated by a newer Baton: this node refuses to start rather than misread it.
/// </summary>
internal static class PgMigrator
{
    private const string UndefinedTable = "42P01";

    /// <summary>Applies what is missing and returns the schema version (the number of migrations applied).</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource source, string where, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        // The common case (every command opens the store): up to date, known in one round trip and without the lock.
        if (await AppliedAsync(connection, null, ct) is { } applied && IsCurrent(applied, where))
        {
            return PgSchema.Migrations.Count;
        }

        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(4242, hashtext(current_schema()))", ct);
        await ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL
            )
            """, ct);
        var done = await AppliedAsync(connection, tx, ct) ?? [];
        if (!IsCurrent(done, where))
        {
            foreach (var (name, sql) in PgSchema.Migrations.Where(m => !done.Contains(m.Name)))
            {
                await ExecuteAsync(connection, tx, sql, ct);
                await using var record = connection.Command("INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)", tx)
                    .With("@name", name).With("@at", UtcText.ToText(now));
                await record.ExecuteNonQueryAsync(ct);
            }
        }

        await tx.CommitAsync(ct);
        return PgSchema.Migrations.Count;
    }

    /// <summary>True when every known migration is applied; throws when one this build does not know is.</summary>
    private static bool IsCurrent(HashSet<string> applied, string where)
    {
        var known = PgSchema.Migrations.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        if (applied.Except(known).FirstOrDefault() is { } unknown)
        {
            throw new StoreException(
                StoreErrorCategory.Newer,
                $"The store {where} was migrated by a newer Baton (it has schema migration '{unknown}', which this Baton does " +
                "not know). Upgrade Baton on this node to the version the other nodes run.");
        }

        return known.IsSubsetOf(applied);
    }

    private static async Task<HashSet<string>?> AppliedAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken ct)
    {
        try
        {
            await using var query = connection.Command("SELECT name FROM schema_migrations", tx);
            await using var reader = await query.ExecuteReaderAsync(ct);
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
        catch (PostgresException ex) when (ex.SqlState == UndefinedTable && tx is null)
        {
            return null;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = connection.Command(sql, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
