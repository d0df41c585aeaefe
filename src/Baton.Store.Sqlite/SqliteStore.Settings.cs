using Baton.Store.Sqlite.Rows;

namespace Baton.Store.Sqlite;

public sealed partial class SqliteStore
{
    public Task<string?> GetSettingAsync(string key, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT value FROM settings WHERE key = $key").With("$key", key);
            return command.ExecuteScalar() as string;
        }, ct);

    public Task SetSettingAsync(string key, string? value, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = value is null
                ? c.Command("DELETE FROM settings WHERE key = $key", tx).With("$key", key)
                : c.Command("INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", tx)
                    .With("$key", key).With("$value", value);
            command.ExecuteNonQuery();
        }, ct);
}
