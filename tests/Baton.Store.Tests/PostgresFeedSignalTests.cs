using Baton.Core.Store;
using Baton.Engine.Feed;
using Baton.Store.Postgres;
using Baton.Testing;
using Baton.Testing.Postgres;

namespace Baton.Store.Tests;

/// <summary>
/// LISTEN/NOTIFY on a real PostgreSQL: a commit that appended events on one node wakes the followers of every node at
/// once; nothing that did not commit wakes them; the listening connection comes back after a server restart.
/// </summary>
[Trait(Needs.Trait, Needs.Postgres)]
public sealed class PostgresFeedSignalTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<Task> ListeningSignalAsync(PostgresStore store)
    {
        Task? signal = null;
        (await Eventually.TrueAsync(() => (signal = store.ChangeSignal()) is not null, Soon)).ShouldBeTrue("the store started listening");
        // Handed out once listening began: it waits for a commit (the listener's own wake-up came before).
        signal!.IsCompleted.ShouldBeFalse("a listening store's signal waits for a commit");
        return signal;
    }

    private static async Task<PostgresStore> OpenWithRunAsync(string connectionString, string name)
    {
        var store = await PostgresStore.OpenAsync(connectionString, name, TimeProvider.System, None);
        if (await store.GetRunAsync("r1", None) is null)
        {
            await store.AddTaskAsync(Samples.NewTask("t1"), Core.Model.Actor.Baton, None);
            await store.AddRunAsync(Samples.NewRun("r1", "t1"), None);
        }

        return store;
    }

    [Fact]
    public async Task A_commit_on_another_node_wakes_a_listener_and_a_write_that_rolled_back_does_not()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.NewSchemaAsync();
        await using var writer = await OpenWithRunAsync(connectionString, "writer");
        await using var listener = await OpenWithRunAsync(connectionString, "listener");
        await using var elsewhere = await OpenWithRunAsync(await server.NewSchemaAsync(), "another schema");

        var signal = await ListeningSignalAsync(listener);
        await writer.AppendEventsAsync(Samples.NewEvents("r1", 1, 2), None);
        (await Eventually.TrueAsync(() => signal.IsCompleted, Soon)).ShouldBeTrue("the commit completed the listener's signal");

        signal = await ListeningSignalAsync(listener);
        var duplicate = await Should.ThrowAsync<StoreException>(() => writer.AppendEventsAsync(Samples.NewEvents("r1", 2, 1), None));
        duplicate.Category.ShouldBe(StoreErrorCategory.Conflict);
        await elsewhere.AppendEventsAsync(Samples.NewEvents("r1", 1, 1), None);
        await Task.Delay(500);
        signal.IsCompleted.ShouldBeFalse("a rolled-back append, or a commit in another schema, sends nothing here");
    }

    [Fact]
    public async Task A_follower_on_one_node_sees_an_event_stored_by_another_at_once_without_polling()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.NewSchemaAsync();
        await using var writer = await OpenWithRunAsync(connectionString, "writer");
        await using var reader = await OpenWithRunAsync(connectionString, "reader");
        var after = await writer.LastPositionAsync(None);
        await ListeningSignalAsync(reader);
        // Polls so slow that only the notification can deliver the event within the test's limit.
        var feed = new EventFeed(reader, TimeProvider.System) { PollInterval = TimeSpan.FromMinutes(1), IdlePollInterval = TimeSpan.FromMinutes(1), SignalledPollInterval = TimeSpan.FromMinutes(1) };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var follow = feed.ReadAsync(new Core.Events.FeedQuery(after, null, null, null), follow: true, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = follow.MoveNextAsync().AsTask();
        await Task.Delay(300);
        next.IsCompleted.ShouldBeFalse("nothing stored yet");

        var started = System.Diagnostics.Stopwatch.StartNew();
        await writer.AppendEventsAsync(Samples.NewEvents("r1", 1, 1), None);
        (await next.WaitAsync(TimeSpan.FromSeconds(3))).ShouldBeTrue();

        follow.Current.RunId.ShouldBe("r1");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task After_a_server_restart_the_listener_reconnects_and_wakes_followers_again()
    {
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.NewSchemaAsync();
        await using var writer = await OpenWithRunAsync(connectionString, "writer");
        await using var reader = await OpenWithRunAsync(connectionString, "reader");
        var before = await ListeningSignalAsync(reader);

        await server.RestartAsync();

        (await Eventually.TrueAsync(() => before.IsCompleted, Soon)).ShouldBeTrue("losing the connection woke the waiters (they poll meanwhile)");
        var after = await ListeningSignalAsync(reader);
        await writer.AppendEventsAsync(Samples.NewEvents("r1", 1, 1), None);
        (await Eventually.TrueAsync(() => after.IsCompleted, Soon)).ShouldBeTrue("a commit after the restart is signalled again");
    }
}
