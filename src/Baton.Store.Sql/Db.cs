using System.Data;
using System.Data.Common;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>
/// The few ADO.NET helpers the stores share. Parameters are <c>@name</c> (both SQLite and PostgreSQL read that) and
/// always typed, null or not: PostgreSQL must know a null's type, and a column is never given a value of another one.
/// Timestamps are <see cref="UtcText"/> (sortable text), flags are 0/1 integers, lists are JSON arrays.
/// </summary>
internal static class Db
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, string? value) =>
        command.Add(name, DbType.String, value);

    public static DbCommand With(this DbCommand command, string name, long? value) =>
        command.Add(name, DbType.Int64, value);

    public static DbCommand With(this DbCommand command, string name, double? value) =>
        command.Add(name, DbType.Double, value);

    /// <summary>A flag, stored as 0 or 1.</summary>
    public static DbCommand With(this DbCommand command, string name, bool value) =>
        command.Add(name, DbType.Int64, value ? 1L : 0L);

    public static DbCommand WithTime(this DbCommand command, string name, DateTimeOffset? value) =>
        command.Add(name, DbType.String, value is { } v ? UtcText.ToText(v) : null);

    public static List<T> ReadAll<T>(this DbCommand command, Func<DbDataReader, T> read)
    {
        var list = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }

    public static T? ReadFirst<T>(this DbCommand command, Func<DbDataReader, T> read) where T : class
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    private static DbCommand Add(this DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
