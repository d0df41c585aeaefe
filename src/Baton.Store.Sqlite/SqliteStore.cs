using System.Data.Common;
using Baton.Core.Events;
using Baton.Core.Store;
using Baton.Store.Sql;
using Baton.Store.Sqlite.Errors;
using Baton.Store.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Baton.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode that several Baton processes share (a <c>baton status</c> reads
/// while a <c>baton serve</c> writes). Every write is one short <c>BEGIN IMMEDIATE</c> transaction on a dedicated
/// connection, serialized inside the process by a semaphore and across processes by SQLite's lock and busy timeout;
/// reads use pooled connections and never block writers.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    private static readonly SqlDialect Sqlite = new()
    {
        Dependencies = "json_each(t.depends_on) d",
        ForUpdate = "",
        ForShare = "",
    };

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _disposed;

    // Prepared once on the writer connection: event appends are the hot path.
    private EventInserter? _eventInserter;

    // A read-only connection kept open for ChangeStampAsync (data_version is per connection).
    private readonly Lock _watchGate = new();
    private SqliteConnection? _watch;
    private DbCommand? _watchVersion;

    private SqliteStore(string path, string connectionString, SqliteConnection writer, int schemaVersion)
        : base(Sqlite)
    {
        DatabasePath = path;
        _connectionString = connectionString;
        _writer = writer;
        SchemaVersion = schemaVersion;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    public override int SchemaVersion { get; }

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

    public override async ValueTask DisposeAsync()
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
    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct)
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

    protected override Task<T> ReadAsync<T>(Func<DbConnection, T> work, CancellationToken ct)
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

    /// <summary>The rowid the insert got is the event's position (the prepared, raw-bound hot path).</summary>
    protected override long InsertEventRow(DbConnection c, DbTransaction tx, RunEvent e) =>
        (_eventInserter ??= new EventInserter((SqliteConnection)c)).Insert(e);

    protected override bool IsConstraint(DbException ex) => ex is SqliteException sqlite && StoreErrors.IsConstraint(sqlite);

    /// <summary>
    /// <c>PRAGMA data_version</c> on a connection of its own that never writes: SQLite changes it whenever another
    /// connection (this process's writer or another process) commits. No page is read, so a follower's idle poll is cheap.
    /// </summary>
    public override Task<long> ChangeStampAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_watchGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                if (_watch is null)
                {
                    _watch = Connect(_connectionString);
                    _watchVersion = _watch.Command("PRAGMA data_version");
                    _watchVersion.Prepare();
                }

                return Task.FromResult((long)_watchVersion!.ExecuteScalar()!);
            }
            catch (Exception ex) when (Translate(ex, DatabasePath) is { } mapped)
            {
                throw mapped;
            }
        }
    }

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
