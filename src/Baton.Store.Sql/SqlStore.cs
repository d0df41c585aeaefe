using System.Data.Common;
using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Core.Store;

namespace Baton.Store.Sql;

/// <summary>
/// The store contract written once, in the SQL that SQLite and PostgreSQL both speak (<see cref="SqlDialect"/> holds the
/// rest). A subclass brings the connections: how a write transaction and a read run, how an event row is inserted (the
/// hot path, and where positions come from), how a change is noticed, and what a constraint failure looks like.
/// Every method is one transaction; see the port interfaces for the contract.
/// </summary>
public abstract partial class SqlStore : IBatonStore
{
    private readonly SqlDialect _dialect;

    protected SqlStore(SqlDialect dialect)
    {
        _dialect = dialect;
    }

    public abstract int SchemaVersion { get; }

    public abstract ValueTask DisposeAsync();

    /// <inheritdoc cref="IEventStore.ChangeStampAsync"/>
    public abstract Task<long> ChangeStampAsync(CancellationToken ct);

    /// <inheritdoc cref="IEventStore.ChangeSignal"/>
    public virtual Task? ChangeSignal() => null;

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it; failures come out as <see cref="StoreException"/>s.</summary>
    protected abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> on a connection that sees everything committed before it started.</summary>
    protected abstract Task<T> ReadAsync<T>(Func<DbConnection, T> work, CancellationToken ct);

    /// <summary>
    /// Inserts one event row inside a write transaction that holds the feed lock, and returns the position it got; a
    /// duplicate seq surfaces as a constraint failure (<see cref="IsConstraint"/>).
    /// </summary>
    protected abstract long InsertEventRow(DbConnection c, DbTransaction tx, RunEvent e);

    /// <summary>
    /// Called first by every write transaction that appends events: from here to its commit no other transaction may
    /// append, so positions become visible in order. A no-op where the store admits one writer at a time.
    /// </summary>
    protected virtual void LockFeed(DbConnection c, DbTransaction tx)
    {
    }

    /// <summary>Whether <paramref name="ex"/> is a unique, foreign-key or check constraint failing.</summary>
    protected abstract bool IsConstraint(DbException ex);

    // Task<bool> rather than Task only because the analyzers prefer the concrete type; the value means nothing.
    protected Task<bool> WriteAsync(Action<DbConnection, DbTransaction> work, CancellationToken ct) =>
        WriteAsync<bool>((c, tx) =>
        {
            work(c, tx);
            return true;
        }, ct);

    private static StoreException Conflict(string message) => new(StoreErrorCategory.Conflict, message);
}
