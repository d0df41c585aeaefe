using Baton.Core.Ports;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    /// <summary>A released lease: no holder, run out since long ago, so the next try takes it whatever its clock says.</summary>
    private static readonly string Released = UtcText.ToText(DateTimeOffset.UnixEpoch);

    public Task<LeaseClaim> AcquireLeaseAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            // One upsert, so two nodes racing for a free or run-out lease cannot both win: the row is locked by the
            // first, and the second's WHERE is judged on what the first wrote.
            using var take = c.Command("""
                    INSERT INTO singleton_leases (name, holder, epoch, expires_at) VALUES (@name, @holder, 1, @until)
                    ON CONFLICT (name) DO UPDATE SET
                        epoch = CASE WHEN singleton_leases.holder = excluded.holder AND singleton_leases.expires_at > @now
                                     THEN singleton_leases.epoch ELSE singleton_leases.epoch + 1 END,
                        holder = excluded.holder,
                        expires_at = excluded.expires_at
                    WHERE singleton_leases.holder = excluded.holder OR singleton_leases.holder IS NULL OR singleton_leases.expires_at <= @now
                    """, tx)
                .With("@name", name).With("@holder", holder).With("@now", UtcText.ToText(now)).With("@until", UtcText.ToText(until));
            var granted = take.ExecuteNonQuery() == 1;
            return new LeaseClaim(granted, ReadLease(c, tx, name) ?? throw new InvalidOperationException($"The lease {name} vanished while it was taken."));
        }, ct);

    public Task<bool> RenewLeaseAsync(string name, string holder, long epoch, DateTimeOffset until, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var renew = c.Command("UPDATE singleton_leases SET expires_at = @until WHERE name = @name AND holder = @holder AND epoch = @epoch", tx)
                .With("@name", name).With("@holder", holder).With("@epoch", epoch).With("@until", UtcText.ToText(until));
            return renew.ExecuteNonQuery() == 1;
        }, ct);

    public Task ReleaseLeaseAsync(string name, string holder, long epoch, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var release = c.Command("UPDATE singleton_leases SET holder = NULL, expires_at = @released WHERE name = @name AND holder = @holder AND epoch = @epoch", tx)
                .With("@name", name).With("@holder", holder).With("@epoch", epoch).With("@released", Released);
            release.ExecuteNonQuery();
        }, ct);

    public Task<SingletonLease?> ReadLeaseAsync(string name, CancellationToken ct) =>
        ReadAsync(c => ReadLease(c, null, name), ct);

    private static SingletonLease? ReadLease(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, string name)
    {
        using var read = c.Command("SELECT * FROM singleton_leases WHERE name = @name", tx).With("@name", name);
        return read.ReadFirst(reader =>
        {
            var row = new Row(reader);
            return new SingletonLease(row.Text("name"), row.TextOrNull("holder"), row.Long("epoch"), row.Time("expires_at"));
        });
    }
}
