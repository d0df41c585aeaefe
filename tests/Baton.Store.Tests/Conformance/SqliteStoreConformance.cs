using Baton.Core.Events;
using Baton.Core.Ports;
using Baton.Store.Sqlite;
using Baton.Testing;

namespace Baton.Store.Tests.Conformance;

/// <summary>The conformance suite on <see cref="SqliteStore"/>: each store is a new database file in a temporary directory.</summary>
public sealed class SqliteStoreConformance : StoreConformance
{
    private readonly string _dir;

    public SqliteStoreConformance()
        : this(TempDir.Create("conformance"))
    {
    }

    private SqliteStoreConformance(string dir)
        : base(async () => await SqliteStore.OpenAsync(
            Path.Combine(dir, $"baton-{Guid.NewGuid():N}.db"), TimeProvider.System, CancellationToken.None))
    {
        _dir = dir;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        TempDir.Delete(_dir);
    }

    /// <summary>A trigger that aborts the insert, so the write transaction that appends the event fails part-way.</summary>
    protected override Task FailEventInsertsAsync(IBatonStore store, EventType type) =>
        ((SqliteStore)store).ExecuteOnWriterForTestsAsync($"""
            CREATE TRIGGER fail_{type.Name().Replace('.', '_')} BEFORE INSERT ON events
            WHEN NEW.type = '{type.Name()}'
            BEGIN SELECT RAISE(ABORT, 'event inserts of this type fail (test)'); END
            """, None);

    [Fact]
    public async Task Two_stores_on_one_file_like_two_processes_keep_feed_positions_in_order()
    {
        var path = ((SqliteStore)Store).DatabasePath;
        await using var second = await SqliteStore.OpenAsync(path, TimeProvider.System, None);
        await using var reader = await SqliteStore.OpenAsync(path, TimeProvider.System, None);

        // Writers alternate between the two stores; the follower reads through a third.
        var race = await RaceWritersAgainstFollowerAsync([Store, second], reader, writers: 6, rounds: 25);

        race.Seen.Select(e => e.TaskId).Distinct().Count().ShouldBeGreaterThan(6);
        (await Store.LastPositionAsync(None)).ShouldBe(race.Seen[^1].Position);
        (await second.LastPositionAsync(None)).ShouldBe(race.Seen[^1].Position);
    }
}
