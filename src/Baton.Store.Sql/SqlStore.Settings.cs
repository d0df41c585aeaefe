
namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    public Task<string?> GetSettingAsync(string key, CancellationToken ct) => GetValueAsync("settings", key, ct);

    public Task SetSettingAsync(string key, string? value, CancellationToken ct) => SetValueAsync("settings", key, value, ct);

    /// <summary>A value of a key/value table (<c>settings</c>, <c>chat_values</c>); null when absent.</summary>
    private Task<string?> GetValueAsync(string table, string key, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command($"SELECT value FROM {table} WHERE key = @key").With("@key", key);
            return command.ExecuteScalar() as string;
        }, ct);

    /// <summary>Sets a value of a key/value table, or removes it when <paramref name="value"/> is null.</summary>
    private Task<bool> SetValueAsync(string table, string key, string? value, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = value is null
                ? c.Command($"DELETE FROM {table} WHERE key = @key", tx).With("@key", key)
                : c.Command($"INSERT INTO {table} (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", tx)
                    .With("@key", key).With("@value", value);
            command.ExecuteNonQuery();
        }, ct);
}
