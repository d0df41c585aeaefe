using Baton.Core.Ports;
using Baton.Core.Store;
using Baton.Store.Sqlite.Errors;
using Baton.Store.Sqlite.Rows;
using Baton.Store.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode that several Baton processes share (a <c>baton status</c> reads
/// while a <c>baton serve</c> writes). Every write is one short <c>BEGIN IMMEDIATE</c> transaction on a dedicated
/// connection, serialized inside the process by a semaphore and across processes by SQLite's lock and busy timeout;
/// reads use pooled connections and never block writers.
/// </summary>
public sealed partial class SqliteStore : IBatonStore
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _disposed;

    private SqliteStore(string path, string connectionString, SqliteConnection writer, int schemaVersion)
    {
        DatabasePath = path;
        _connectionString = connectionString;
        _writer = writer;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    public int SchemaVersion { get; }

    /// <summary>Opens (creating if needed) the database and brings its schema up to date.</summary>
    /// <exception cref="StoreException">The file cannot be created or written, is damaged, or is from a newer Baton.</exception>
    public static Task<SqliteStore> OpenAsync(string databasePath, TimeProvider time, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(time);
        ct.ThrowIfCancellationRequested();
        var path = Path.GetFullPath(databasePath);
        SqliteConnection? writer = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                ForeignKeys = true,
                Pooling = true,
                DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            }.ToString();
            writer = Connect(connectionString);
            using (var wal = writer.Command("PRAGMA journal_mode = WAL"))
            {
                var mode = wal.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new StoreException(
                        StoreErrorCategory.NotWritable,
                        $"The store {path} cannot use write-ahead logging (journal mode is '{mode}'). " +
                        "Put state_dir on a local file system that supports shared memory.");
                }
            }

            var version = Migrator.Migrate(writer, path, time.GetUtcNow());
            return Task.FromResult(new SqliteStore(path, connectionString, writer, version));
        }
        catch (Exception ex) when (Translate(ex, path) is { } mapped)
        {
            writer?.Dispose();
            throw mapped;
        }
        catch
        {
            writer?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _eventInserter?.Dispose();
            lock (_watchGate)
            {
                _watchVersion?.Dispose();
                _watch?.Dispose();
            }

            _writer.Dispose();
            // Close idle pooled connections so the file is not held open after the store is gone.
            SqliteConnection.ClearPool(_writer);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs one write transaction; the work must be short, as it holds the database's only write lock.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _writer.BeginTransaction(deferred: false);
            var result = work(_writer, tx);
            tx.Commit();
            return result;
        }
        catch (Exception ex) when (Translate(ex, DatabasePath) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Task<bool> rather than Task only because the analyzers prefer the concrete type; the value means nothing.
    private Task<bool> WriteAsync(Action<SqliteConnection, SqliteTransaction> work, CancellationToken ct) =>
        WriteAsync<bool>((c, tx) =>
        {
            work(c, tx);
            return true;
        }, ct);

    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            using var connection = Connect(_connectionString);
            return Task.FromResult(work(connection));
        }
        catch (Exception ex) when (Translate(ex, DatabasePath) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Test seam: runs SQL on the writer connection (e.g. <c>PRAGMA max_page_count</c> to simulate a full disk).</summary>
    internal Task ExecuteOnWriterForTestsAsync(string sql, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var command = c.Command(sql, tx);
        command.ExecuteNonQuery();
    }, ct);

    private static SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            // Per-connection settings; cheap enough to repeat when a pooled connection is reused.
            using var pragmas = connection.Command(
                $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static StoreException? Translate(Exception ex, string path) => ex switch
    {
        SqliteException sqlite => StoreErrors.FromSqlite(sqlite, path),
        BadRowException bad => StoreErrors.Unreadable(path, bad.Message),
        System.Text.Json.JsonException json => StoreErrors.Unreadable(path, $"malformed JSON ({json.Message})"),
        _ => StoreErrors.FromIo(ex, path),
    };
}
