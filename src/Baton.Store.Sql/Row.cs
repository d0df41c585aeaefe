using System.Data.Common;
using System.Text.Json;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Typed, by-name access to the current row of a reader.</summary>
internal readonly struct Row(DbDataReader reader)
{
    public string Text(string column) => reader.GetString(reader.GetOrdinal(column));

    public string? TextOrNull(string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    public long Long(string column) => reader.GetInt64(reader.GetOrdinal(column));

    public double Double(string column) => reader.GetDouble(reader.GetOrdinal(column));

    public int Int(string column) => checked((int)Long(column));

    public int? IntOrNull(string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : checked((int)reader.GetInt64(i));
    }

    public long? LongOrNull(string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetInt64(i);
    }

    public bool Bool(string column) => Long(column) != 0;

    public DateTimeOffset Time(string column) => ParseTime(column, Text(column));

    public DateTimeOffset? TimeOrNull(string column) => TextOrNull(column) is { } text ? ParseTime(column, text) : null;

    public T Enum<T>(string column) where T : struct, Enum
    {
        var text = Text(column);
        return BatonJson.TryParseWireName<T>(text, out var value)
            ? value
            : throw new BadRowException($"an unknown {typeof(T).Name} '{text}' in column {column}");
    }

    public T? EnumOrNull<T>(string column) where T : struct, Enum =>
        TextOrNull(column) is null ? null : Enum<T>(column);

    public IReadOnlyList<string> StringList(string column)
    {
        var text = Text(column);
        try
        {
            return BatonJson.ReadStrings(text);
        }
        catch (JsonException)
        {
            throw new BadRowException($"malformed JSON '{text}' in column {column}");
        }
    }

    private static DateTimeOffset ParseTime(string column, string text) => UtcText.TryParse(text, out var value)
        ? value
        : throw new BadRowException($"a malformed timestamp '{text}' in column {column}");
}
