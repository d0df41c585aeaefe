namespace Baton.Core.Ports;

/// <summary>
/// Leases on singletons: work that must run on exactly one node of a store at a time (the Matrix bridge: one logged-in
/// device, one /sync loop, one sender of the outbox). One row per name says who holds it, until when, and an epoch that
/// grows whenever it changes hands. Every call is one compare-and-set, judged by the time the caller passes (on a shared
/// store, the store's clock), so nodes never decide on two clocks.
/// </summary>
public interface ISingletonLeaseStore
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="until"/>. Granted when
    /// nobody ever held it (epoch 1), when it ran out at <paramref name="now"/> or was released (the epoch grows by one),
    /// or when <paramref name="holder"/> holds it still (the same epoch, extended). Otherwise refused, with the live holder.
    /// </summary>
    Task<LeaseClaim> AcquireLeaseAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Extends the lease to <paramref name="until"/> if <paramref name="holder"/> still holds it at <paramref name="epoch"/>;
    /// false when it changed hands since (or was released): the caller must stop the work at once.
    /// </summary>
    Task<bool> RenewLeaseAsync(string name, string holder, long epoch, DateTimeOffset until, CancellationToken ct);

    /// <summary>Gives the lease up so another node may take it at once; nothing happens when the caller no longer holds it.</summary>
    Task ReleaseLeaseAsync(string name, string holder, long epoch, CancellationToken ct);

    /// <summary>The lease as it stands (live, run out or released), or null when nobody ever took it.</summary>
    Task<SingletonLease?> ReadLeaseAsync(string name, CancellationToken ct);
}

/// <summary>One singleton's lease: its last holder (null once released), the epoch it was taken at, when it runs out.</summary>
public sealed record SingletonLease(string Name, string? Holder, long Epoch, DateTimeOffset ExpiresAt)
{
    /// <summary>Whether someone holds it at <paramref name="now"/>.</summary>
    public bool IsHeldAt(DateTimeOffset now) => Holder is not null && ExpiresAt > now;
}

/// <summary>What a try to take a lease got: whether the caller holds it now, and the lease as it stands after the try.</summary>
public readonly record struct LeaseClaim(bool Granted, SingletonLease Lease);
