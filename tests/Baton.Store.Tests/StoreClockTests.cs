using Baton.Engine.Execution;
using Baton.Store.Postgres;
using Baton.Store.Sqlite;
using Baton.Testing;
using Baton.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Store.Tests;

/// <summary>Nodes whose clocks disagree still judge leases by one clock: the shared store's.</summary>
public sealed class StoreClockTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>This machine's clock, <paramref name="skew"/> off.</summary>
    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }

    [Fact]
    [Trait(Needs.Trait, Needs.Postgres)]
    public async Task A_node_an_hour_ahead_reads_the_stores_time_after_it_syncs()
    {
        var server = await PostgresServer.SharedAsync();
        await using var store = await PostgresStore.OpenAsync(await server.NewSchemaAsync(), "clock", TimeProvider.System, None);
        var clock = new StoreClock(new SkewedClock(TimeSpan.FromHours(1)), NullLogger.Instance);
        (clock.GetUtcNow() - DateTimeOffset.UtcNow).ShouldBeGreaterThan(TimeSpan.FromMinutes(59), "before it syncs it is the machine's clock");

        await clock.SyncAsync(store, None);

        var stores = (await store.ReadClockAsync(None))!.Value;
        (clock.GetUtcNow() - stores).Duration().ShouldBeLessThan(TimeSpan.FromSeconds(2));
        clock.Offset.TotalMinutes.ShouldBeInRange(-61, -59);
    }

    [Fact]
    [Trait(Needs.Trait, Needs.Postgres)]
    public async Task A_resync_is_skipped_until_it_is_due()
    {
        var server = await PostgresServer.SharedAsync();
        await using var store = await PostgresStore.OpenAsync(await server.NewSchemaAsync(), "clock", TimeProvider.System, None);
        var skew = new SkewedClock(TimeSpan.FromMinutes(-10));
        var clock = new StoreClock(skew, NullLogger.Instance);

        await clock.SyncIfDueAsync(store, None);
        var first = clock.Offset;
        first.TotalMinutes.ShouldBeInRange(9.9, 10.1);
        await clock.SyncIfDueAsync(store, None);

        clock.Offset.ShouldBe(first, "measured once per ResyncEvery, not per call");
    }

    [Fact]
    public async Task A_store_on_this_machine_has_no_clock_of_its_own_and_leaves_the_time_alone()
    {
        var dir = TempDir.Create("clock");
        try
        {
            await using var store = await SqliteStore.OpenAsync(Path.Combine(dir, "baton.db"), TimeProvider.System, None);
            (await store.ReadClockAsync(None)).ShouldBeNull();
            var clock = new StoreClock(new SkewedClock(TimeSpan.FromHours(1)), NullLogger.Instance);

            await clock.SyncAsync(store, None);

            clock.Offset.ShouldBe(TimeSpan.Zero);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
