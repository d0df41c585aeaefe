using System.Net.Sockets;
using System.Text.Json;
using Baton.Core.Store;
using Baton.Store.Sql;
using Npgsql;

namespace Baton.Store.Postgres;

/// <summary>Turns Npgsql and server failures into <see cref="StoreException"/>s that name the store and say what to do.</summary>
internal static class PostgresErrors
{
    /// <summary>SQLSTATEs a transaction may simply be run again after: serialization failure and deadlock.</summary>
    public static bool IsRetryable(Exception ex) => ex is PostgresException { SqlState: "40001" or "40P01" };

    /// <summary>
    /// The server could not be reached, or ended the session (shutting down, restarting, not accepting connections yet):
    /// nothing of the transaction was committed.
    /// </summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException { InnerException: SocketException or IOException or EndOfStreamException } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    public static bool IsConstraint(Exception ex) => ex is PostgresException pg && pg.SqlState.StartsWith("23", StringComparison.Ordinal);

    /// <summary>The store failure for <paramref name="ex"/>, or null when it is not about the store.</summary>
    public static StoreException? Translate(Exception ex, string where) => ex switch
    {
        StoreException => null,
        PostgresException pg => FromServer(pg, where),
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } or NpgsqlException { IsTransient: true } => new StoreException(
            StoreErrorCategory.Busy,
            $"The store {where} cannot be reached ({ex.Message}). Check that PostgreSQL is running and reachable from this " +
            "machine; Baton retries what it can.",
            ex),
        NpgsqlException => new StoreException(StoreErrorCategory.Other, $"The store {where} failed: {ex.Message}", ex),
        TimeoutException => new StoreException(StoreErrorCategory.Busy, $"The store {where} did not answer in time ({ex.Message}). Try again.", ex),
        BadRowException bad => new StoreException(
            StoreErrorCategory.Corrupt, $"The store {where} holds {bad.Message}, which this Baton cannot read. Upgrade Baton, or repair the row.", bad),
        JsonException json => new StoreException(
            StoreErrorCategory.Corrupt, $"The store {where} holds malformed JSON ({json.Message}), which this Baton cannot read.", json),
        _ => null,
    };

    private static StoreException FromServer(PostgresException ex, string where) => ex.SqlState switch
    {
        var s when s.StartsWith("23", StringComparison.Ordinal) => new StoreException(
            StoreErrorCategory.Conflict, $"The write conflicts with what the store {where} already holds: {ex.MessageText}", ex),
        "40001" or "40P01" or "55P03" or "53300" or "57P01" or "57P02" or "57P03" => new StoreException(
            StoreErrorCategory.Busy, $"The store {where} is busy or restarting ({ex.SqlState}: {ex.MessageText}). Try again.", ex),
        "53100" => new StoreException(
            StoreErrorCategory.DiskFull, $"The store {where} is out of disk space ({ex.MessageText}). Free space on the database server.", ex),
        "42501" or "25006" => new StoreException(
            StoreErrorCategory.NotWritable,
            $"The store {where} refuses this user's writes ({ex.MessageText}). Grant the Baton user ownership of its schema, or connect to a primary.",
            ex),
        var s when s.StartsWith("28", StringComparison.Ordinal) => new StoreException(
            StoreErrorCategory.Other,
            $"The store {where} refused the login ({ex.MessageText}). Check the user in `store:` and the password in the variable `store_password_env` names.",
            ex),
        "3D000" => new StoreException(
            StoreErrorCategory.Other, $"The database of {where} does not exist ({ex.MessageText}). Create it (createdb) or fix the name in `store:`.", ex),
        _ => new StoreException(StoreErrorCategory.Other, $"The store {where} failed ({ex.SqlState}): {ex.MessageText}", ex),
    };
}
