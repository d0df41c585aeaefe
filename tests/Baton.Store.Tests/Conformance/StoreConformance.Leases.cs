using Baton.Core.Ports;

namespace Baton.Store.Tests.Conformance;

/// <summary>The store contract: singleton leases (one holder at a time, taken over after expiry with a higher epoch).</summary>
public abstract partial class StoreConformance
{
    // ---------------------------------------------------------------- singleton leases

    private const string Bridge = "matrix-bridge";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_free_lease_is_granted_once_and_a_second_holder_is_refused_while_it_is_live()
    {
        (await Store.ReadLeaseAsync(Bridge, None)).ShouldBeNull();

        var first = await Store.AcquireLeaseAsync(Bridge, "node-a", T0, T0 + LeaseTime, None);
        var second = await Store.AcquireLeaseAsync(Bridge, "node-b", T0.AddSeconds(1), T0.AddSeconds(1) + LeaseTime, None);

        first.ShouldBe(new LeaseClaim(true, new SingletonLease(Bridge, "node-a", 1, T0 + LeaseTime)));
        second.ShouldBe(new LeaseClaim(false, new SingletonLease(Bridge, "node-a", 1, T0 + LeaseTime)));
        (await Store.ReadLeaseAsync(Bridge, None)).ShouldBe(first.Lease);
        first.Lease.IsHeldAt(T0.AddSeconds(14)).ShouldBeTrue();
        first.Lease.IsHeldAt(T0 + LeaseTime).ShouldBeFalse();
        (await Store.ReadLeaseAsync("another", None)).ShouldBeNull("leases are per name");
        (await Store.AcquireLeaseAsync("another", "node-b", T0, T0 + LeaseTime, None)).Granted.ShouldBeTrue();
    }

    [Fact]
    public async Task The_holder_taking_its_live_lease_again_keeps_its_epoch_and_renewing_extends_it()
    {
        await Store.AcquireLeaseAsync(Bridge, "node-a", T0, T0 + LeaseTime, None);

        var again = await Store.AcquireLeaseAsync(Bridge, "node-a", T0.AddSeconds(5), T0.AddSeconds(5) + LeaseTime, None);
        var renewed = await Store.RenewLeaseAsync(Bridge, "node-a", 1, T0.AddSeconds(10) + LeaseTime, None);

        again.ShouldBe(new LeaseClaim(true, new SingletonLease(Bridge, "node-a", 1, T0.AddSeconds(5) + LeaseTime)));
        renewed.ShouldBeTrue();
        (await Store.ReadLeaseAsync(Bridge, None)).ShouldBe(new SingletonLease(Bridge, "node-a", 1, T0.AddSeconds(10) + LeaseTime));
        (await Store.AcquireLeaseAsync(Bridge, "node-b", T0.AddSeconds(20), T0.AddSeconds(20) + LeaseTime, None)).Granted
            .ShouldBeFalse("the renewal moved the expiry past this try");
    }

    [Fact]
    public async Task A_lease_run_out_is_taken_with_a_higher_epoch_and_its_last_holder_can_no_longer_renew_or_release_it()
    {
        await Store.AcquireLeaseAsync(Bridge, "node-a", T0, T0 + LeaseTime, None);

        var taken = await Store.AcquireLeaseAsync(Bridge, "node-b", T0 + LeaseTime, T0 + (2 * LeaseTime), None);

        taken.ShouldBe(new LeaseClaim(true, new SingletonLease(Bridge, "node-b", 2, T0 + (2 * LeaseTime))));
        (await Store.RenewLeaseAsync(Bridge, "node-a", 1, T0.AddHours(1), None)).ShouldBeFalse("node-a lost it");
        await Store.ReleaseLeaseAsync(Bridge, "node-a", 1, None);
        (await Store.ReadLeaseAsync(Bridge, None)).ShouldBe(taken.Lease, "a release by a holder that lost the lease changes nothing");
        (await Store.AcquireLeaseAsync(Bridge, "node-a", T0.AddSeconds(20), T0.AddSeconds(20) + LeaseTime, None)).Granted.ShouldBeFalse();
        (await Store.RenewLeaseAsync(Bridge, "node-b", 2, T0.AddSeconds(40), None)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_released_lease_is_taken_at_once_by_another_holder()
    {
        await Store.AcquireLeaseAsync(Bridge, "node-a", T0, T0 + LeaseTime, None);

        await Store.ReleaseLeaseAsync(Bridge, "node-a", 1, None);
        var released = await Store.ReadLeaseAsync(Bridge, None);
        var taken = await Store.AcquireLeaseAsync(Bridge, "node-b", T0.AddSeconds(1), T0.AddSeconds(1) + LeaseTime, None);

        released.ShouldNotBeNull().Holder.ShouldBeNull();
        released.IsHeldAt(T0.AddSeconds(1)).ShouldBeFalse();
        taken.ShouldBe(new LeaseClaim(true, new SingletonLease(Bridge, "node-b", 2, T0.AddSeconds(1) + LeaseTime)));
        (await Store.RenewLeaseAsync(Bridge, "node-a", 1, T0.AddSeconds(30), None)).ShouldBeFalse("a released lease is not renewed");
    }

    [Fact]
    public async Task Nodes_racing_for_a_free_lease_get_exactly_one_holder()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Store.AcquireLeaseAsync(Bridge, $"node-{i}", T0, T0 + LeaseTime, None))));

        claims.Count(c => c.Granted).ShouldBe(1);
        var holder = claims.Single(c => c.Granted).Lease;
        claims.ShouldAllBe(c => c.Lease == holder);
        holder.Epoch.ShouldBe(1);
        (await Store.ReadLeaseAsync(Bridge, None)).ShouldBe(holder);
    }
}
