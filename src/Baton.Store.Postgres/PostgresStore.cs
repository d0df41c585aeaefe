using System.Data.Common;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Store;
using Baton.Store.Postgres.Schema;
using Baton.Store.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Baton.Store.Postgres;

/// <summary>
/// The shared store: one PostgreSQL database that every Baton node works from. Each write is one READ COMMITTED
/// transaction on a pooled connection (run again on a serialization failure or deadlock); writers run concurrently,
/// except that a transaction that appends events first locks the feed's head row and takes its positions from it, so
/// positions are handed out in commit order: a reader past position P never later finds a new event at or below P.
/// </summary>
public sealed class PostgresStore : SqlStore
{
    private const int Attempts = 3;

    /// <summary>How long the server lets one of Baton's transactions sit idle before it rolls it back.</summary>
    public static readonly TimeSpan IdleInTransaction = TimeSpan.FromSeconds(3);

    private static readonly SqlDialect Postgres = new()
    {
        Dependencies = "jsonb_array_elements_text(t.depends_on::jsonb) WITH ORDINALITY AS d(value, key)",
        ForUpdate = " FOR UPDATE",
        ForShare = " FOR SHARE",
        ClockQuery = "SELECT clock_timestamp()",
    };

    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private readonly PgFeedListener _listener;

    private PostgresStore(NpgsqlDataSource source, string where, int schemaVersion, string channel, ILogger log)
        : base(Postgres)
    {
        _source = source;
        _where = where;
        SchemaVersion = schemaVersion;
        _listener = new PgFeedListener(source, channel, log);
    }

    public override int SchemaVersion { get; }

    /// <summary>How messages name the store: its URL without the password.</summary>
    public string Where => _where;

    /// <summary>Connects, and brings the schema up to date (or refuses a schema from a newer Baton).</summary>
    /// <param name="connectionString">An Npgsql connection string (see <see cref="PostgresUrl"/> for <c>store:</c> URLs).</param>
    /// <param name="where">How messages name the store (never with its password).</param>
    /// <exception cref="StoreException">The server cannot be reached, refuses the login, or holds a newer schema.</exception>
    /// <param name="log">Where the feed listener's connection failures go (with their exceptions).</param>
    public static async Task<PostgresStore> OpenAsync(string connectionString, string where, TimeProvider time, CancellationToken ct, ILogger? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(time);
        var builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        // A node stopped (SIGSTOP, a VM paused) inside one of its transactions would hold its row locks — the feed head,
        // a run — and stall every other node. Baton's transactions last milliseconds; the server ends one idle for
        // longer than this, rolling it back, so the others go on (and the stopped node's lease runs out as usual).
        builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c idle_in_transaction_session_timeout={IdleInTransaction.TotalMilliseconds:0}".Trim();
        var source = builder.Build();
        try
        {
            var version = await PgMigrator.MigrateAsync(source, where, time.GetUtcNow(), ct);
            return new PostgresStore(source, where, version, PgFeedListener.ChannelFor(builder.ConnectionStringBuilder.SearchPath), log ?? NullLogger.Instance);
        }
        catch (Exception ex) when (PostgresErrors.Translate(ex, where) is { } mapped)
        {
            await source.DisposeAsync();
            throw mapped;
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _source.DisposeAsync();
    }

    /// <summary>LISTEN/NOTIFY: completes at the next commit that appended events (see <see cref="PgFeedListener"/>).</summary>
    public override Task? ChangeSignal() => _listener.Signal();

    /// <summary>The feed head: it moves exactly when a transaction that appended events commits.</summary>
    public override Task<long> ChangeStampAsync(CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT position FROM feed_head");
            return (long)command.ExecuteScalar()!;
        }, ct);

    /// <summary>
    /// One transaction. Run again whole when it lost a race (serialization failure, deadlock), and — for up to
    /// <see cref="Outage"/> — when the server could not be reached or went away before the commit was sent (a restart,
    /// a failover): the server rolled it back, so running it again cannot apply it twice. A failure during the commit
    /// itself is not retried (it may have committed) and comes out as a store failure.
    /// <para>
    /// The transaction runs synchronously on the calling thread from its first statement to its commit: a transaction
    /// that awaited midway would need a free pool thread to go on, while the threads of writers queued behind its row
    /// locks wait for it — under load that stalls until the server ends the idle transaction.
    /// </para>
    /// </summary>
    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct)
    {
        var outage = new OutageClock();
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            try
            {
                ct.ThrowIfCancellationRequested();
                using var connection = _source.OpenConnection();
                using var tx = connection.BeginTransaction();
                var result = work(connection, tx);
                committing = true;
                tx.Commit();
                return result;
            }
            catch (Exception ex) when (attempt < Attempts && PostgresErrors.IsRetryable(ex))
            {
                // Another transaction won a race on the same rows; this one rolled back whole and runs again.
            }
            catch (Exception ex) when (!committing && PostgresErrors.IsUnavailable(ex) && outage.Lasting)
            {
                // The server is restarting or out of reach; the transaction never committed. Try again shortly, on
                // fresh connections (the pooled ones died with the server's sessions).
                _source.Clear();
                await outage.BackOffAsync(ct);
            }
            catch (Exception ex) when (PostgresErrors.Translate(ex, _where) is { } mapped)
            {
                throw mapped;
            }
        }
    }

    protected override async Task<T> ReadAsync<T>(Func<DbConnection, T> work, CancellationToken ct)
    {
        var outage = new OutageClock();
        while (true)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct);
                return work(connection);
            }
            catch (Exception ex) when (PostgresErrors.IsUnavailable(ex) && outage.Lasting)
            {
                // A read is always safe to repeat.
                _source.Clear();
                await outage.BackOffAsync(ct);
            }
            catch (Exception ex) when (PostgresErrors.Translate(ex, _where) is { } mapped)
            {
                throw mapped;
            }
        }
    }

    /// <summary>How long a store call rides out a server that cannot be reached (a restart, a failover) before it fails.</summary>
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    /// <summary>One call's view of an outage: still within <see cref="Outage"/>, and a back-off of 50 ms doubling to 1 s.</summary>
    private sealed class OutageClock
    {
        private readonly long _started = Environment.TickCount64;
        private int _delayMs = 50;

        public bool Lasting => Environment.TickCount64 - _started <= Outage.TotalMilliseconds;

        public async Task BackOffAsync(CancellationToken ct)
        {
            await Task.Delay(_delayMs, ct);
            _delayMs = Math.Min(_delayMs * 2, 1000);
        }
    }

    protected override void LockFeed(DbConnection c, DbTransaction tx)
    {
        // The notification goes out when (and only if) the transaction commits; one round trip for both.
        using var command = c.Command($"SELECT position FROM feed_head WHERE one = 1 FOR UPDATE; NOTIFY {_listener.Channel}", tx);
        command.ExecuteNonQuery();
    }

    protected override long InsertEventRow(DbConnection c, DbTransaction tx, RunEvent e)
    {
        using var command = c.Command("""
                WITH next AS (UPDATE feed_head SET position = position + 1 WHERE one = 1 RETURNING position)
                INSERT INTO events (position, run_id, seq, ts, task_id, stage, type, data)
                SELECT position, @run_id, @seq, @ts, @task_id, @stage, @type, @data FROM next
                RETURNING position
                """, tx)
            .With("@run_id", e.RunId)
            .With("@seq", e.RunId is null ? null : e.Seq)
            .WithTime("@ts", e.Ts)
            .With("@task_id", e.TaskId)
            .With("@stage", e.Stage)
            .With("@type", e.Type.Name())
            .With("@data", EventDataJson.Serialize(e.Data));
        return (long)command.ExecuteScalar()!;
    }

    protected override bool IsConstraint(DbException ex) => PostgresErrors.IsConstraint(ex);

    /// <summary>Test seam: runs SQL in a transaction of its own (e.g. a trigger that makes some inserts fail).</summary>
    internal Task ExecuteForTestsAsync(string sql, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var command = c.Command(sql, tx);
        command.ExecuteNonQuery();
    }, ct);
}
