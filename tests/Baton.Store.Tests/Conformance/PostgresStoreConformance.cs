using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Store.Postgres;
using Baton.Testing;
using Baton.Testing.Postgres;

namespace Baton.Store.Tests.Conformance;

/// <summary>
/// The conformance suite on <see cref="PostgresStore"/> against a real PostgreSQL server: each store is a new, empty
/// schema of the test process's private cluster.
/// </summary>
[Trait(Needs.Trait, Needs.Postgres)]
public sealed class PostgresStoreConformance : StoreConformance
{
    public PostgresStoreConformance()
        : base(async () =>
        {
            var server = await PostgresServer.SharedAsync();
            var connectionString = await server.NewSchemaAsync();
            return await PostgresStore.OpenAsync(connectionString, $"postgres test cluster {server.Name}", TimeProvider.System, CancellationToken.None);
        })
    {
    }

    /// <summary>A trigger that raises, so the write transaction that appends the event fails part-way.</summary>
    protected override Task FailEventInsertsAsync(IBatonStore store, EventType type)
    {
        var name = $"fail_{type.Name().Replace('.', '_')}";
        return ((PostgresStore)store).ExecuteForTestsAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.type = '{type.Name()}' THEN RAISE EXCEPTION 'event inserts of this type fail (test)'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER {name} BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION {name}();
            """, None);
    }

    [Fact]
    public async Task Two_stores_on_one_database_like_two_nodes_keep_feed_positions_in_order()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.NewSchemaAsync();
        await using var first = await PostgresStore.OpenAsync(connectionString, "first", TimeProvider.System, None);
        await using var second = await PostgresStore.OpenAsync(connectionString, "second", TimeProvider.System, None);
        await using var reader = await PostgresStore.OpenAsync(connectionString, "reader", TimeProvider.System, None);

        // Writers alternate between the two stores (each with its own connection pool); the follower reads through a third.
        var race = await RaceWritersAgainstFollowerAsync([first, second], reader, writers: 8, rounds: 25);

        race.Seen.Select(e => e.TaskId).Distinct().Count().ShouldBeGreaterThan(8);
        (await first.LastPositionAsync(None)).ShouldBe(race.Seen[^1].Position);
    }
}
