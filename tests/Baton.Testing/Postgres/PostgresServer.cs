using System.Globalization;
using Npgsql;

namespace Baton.Testing.Postgres;

/// <summary>
/// A real PostgreSQL server: a private cluster (initdb into /var/tmp/baton-postgres/NAME, its own free port on 127.0.0.1)
/// started through <c>scripts/postgres</c>, which the README's test command installs. <see cref="SharedAsync"/> is one
/// cluster per test process, stopped when the process exits; tests that stop or kill the server start their own. Each
/// store gets a database or a schema of its own. A missing install fails the test with what to run; it never skips.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;
    private static int _counter;

    private PostgresServer(string name, int port)
    {
        Name = name;
        Port = port;
    }

    public string Name { get; }
    public int Port { get; }

    /// <summary>The postmaster's pid (to kill or stop it for real).</summary>
    public int Pid { get; private set; }

    /// <summary>A connection string for the server's own <c>postgres</c> database, as the superuser.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>The cluster this test process shares; started on first use.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var server = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
                _shared = server;
            }

            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>A fresh cluster of the test's own.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var name = $"t-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";
        var server = new PostgresServer(name, FreePorts.Next());
        await server.RunStartAsync(keep: false);
        return server;
    }

    public string ConnectionString(string database, string? schema = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "baton",
            Database = database,
            Timeout = 30,
        };
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        return builder.ToString();
    }

    /// <summary>A <c>postgres://</c> URL for a database, as <c>store:</c> in baton.yaml takes it.</summary>
    public string Url(string database) => $"postgres://baton@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    /// <summary>Creates an empty database and returns its name.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"db_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        return name;
    }

    /// <summary>Creates an empty schema in the <c>postgres</c> database and returns a connection string that uses it.</summary>
    public async Task<string> NewSchemaAsync()
    {
        var name = $"s_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {name}");
        return ConnectionString("postgres", name);
    }

    /// <summary>Runs SQL as the superuser in the <c>postgres</c> database.</summary>
    public async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString ?? AdminConnectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query as the superuser and returns its rows (each column's value as text, or null).</summary>
    public async Task<List<string?[]>> QueryAsync(string sql, string connectionString)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Stops the server and starts it again on the same port with the same data, <paramref name="down"/> later.</summary>
    public async Task RestartAsync(TimeSpan? down = null)
    {
        await StopAsync();
        if (down is { } pause)
        {
            await Task.Delay(pause);
        }

        await RunStartAsync(keep: true);
    }

    public Task StopAsync() => Scripts.RunAsync("postgres", "stop", Name);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Path.Combine(Root(), Name), recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The tests' own queries use a connection of their own each: a pooled one may have died with a restart.</summary>
    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    public static string Root() => Environment.GetEnvironmentVariable("BATON_POSTGRES_ROOT") ?? "/var/tmp/baton-postgres";

    private async Task RunStartAsync(bool keep)
    {
        string output;
        try
        {
            output = keep
                ? await Scripts.RunAsync("postgres", "start", Name, Port.ToString(CultureInfo.InvariantCulture), "--keep")
                : await Scripts.RunAsync("postgres", "start", Name, Port.ToString(CultureInfo.InvariantCulture));
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("not installed", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("PostgreSQL is not installed for the tests; run scripts/postgres install (./run-tests does)", ex);
        }

        Pid = int.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    }
}
