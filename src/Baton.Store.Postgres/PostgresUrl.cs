using System.Globalization;
using Npgsql;

namespace Baton.Store.Postgres;

/// <summary>
/// Reads <c>store: postgres://user[:password]@host[:port]/database[?sslmode=…]</c> into an Npgsql connection string.
/// The password comes from the environment (the variable <c>store_password_env</c> names) rather than the file; a
/// password written in the URL still works, but the environment's wins. <see cref="Where"/> names the store in messages
/// and never carries the password.
/// </summary>
public sealed record PostgresUrl(string ConnectionString, string Where)
{
    private static readonly Dictionary<string, Action<NpgsqlConnectionStringBuilder, string>> Options = new(StringComparer.Ordinal)
    {
        ["sslmode"] = (b, v) => b.SslMode = Enum.TryParse<SslMode>(v.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
            ? mode
            : throw new FormatException($"sslmode '{v}' is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        ["search_path"] = (b, v) => b.SearchPath = v,
        ["application_name"] = (b, v) => b.ApplicationName = v,
        ["connect_timeout"] = (b, v) => b.Timeout = int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 1024
            ? s
            : throw new FormatException($"connect_timeout '{v}' is not a whole number of seconds from 1 to 1024"),
    };

    /// <exception cref="FormatException">The URL is not a PostgreSQL URL Baton can use; the message says what to fix.</exception>
    public static PostgresUrl Parse(string url, string? password)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || uri.Host.Length == 0)
        {
            throw new FormatException("`store:` must be `sqlite` or a URL such as postgres://baton@db.example.com:5432/baton");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (user.Length == 0)
        {
            throw new FormatException("`store:` names no user: write it before the host, as in postgres://baton@db.example.com:5432/baton");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = user,
            Database = database.Length > 0 ? database : user,
            Password = password ?? (userInfo.Length == 2 ? Uri.UnescapeDataString(userInfo[1]) : null),
            ApplicationName = "baton",
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=', StringComparison.Ordinal) is var i and >= 0
                ? (Uri.UnescapeDataString(pair[..i]), Uri.UnescapeDataString(pair[(i + 1)..]))
                : (Uri.UnescapeDataString(pair), "");
            if (!Options.TryGetValue(key, out var apply))
            {
                throw new FormatException($"`store:` has the option '{key}', which Baton does not read; it reads {string.Join(", ", Options.Keys)}");
            }

            apply(builder, value);
        }

        return new PostgresUrl(builder.ConnectionString, $"postgres://{user}@{uri.Host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}/{builder.Database}");
    }
}
