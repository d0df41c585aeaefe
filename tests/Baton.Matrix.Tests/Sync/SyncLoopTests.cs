using Baton.Matrix.Client;
using Baton.Matrix.Sync;

namespace Baton.Matrix.Tests.Sync;

[Collection(SynapseCollection.Name)]
[Trait(Needs.Trait, Needs.Synapse)]
public sealed class SyncLoopTests(SynapseFixture synapse)
{
    private sealed class Recorder(Baton.Core.Ports.IChatStateStore state) : ISyncHandler
    {
        public List<MatrixEvent> Seen { get; } = [];

        public async Task HandleEventAsync(MatrixEvent evt, CancellationToken ct)
        {
            if (evt.Type == "m.room.message")
            {
                Seen.Add(evt);
            }

            await state.MarkChatEventHandledAsync(evt.EventId, DateTimeOffset.UtcNow, ct);
        }

        public Task HandleInviteAsync(RoomInvite invite, CancellationToken ct) => Task.CompletedTask;

        public IReadOnlyList<string> Bodies(string from) => Seen.Where(e => e.Sender == from).Select(e => e.Body).ToList();
    }

    private static SyncLoop Loop(BotSetup s, StoreScope store, Recorder recorder) => new(s.Client, store.Store, recorder, TimeSpan.FromSeconds(2));

    [Fact]
    public async Task Each_event_is_handled_once_across_a_restart_and_history_before_the_first_start_is_skipped()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        await s.Alice.SendTextAsync(s.Room, "history");
        var first = new Recorder(store.Store);
        await Loop(s, store, first).OnceAsync(null, CancellationToken.None);
        first.Seen.ShouldBeEmpty("the first sync only finds out where now is");
        var before = await store.Store.GetChatValueAsync(SyncLoop.TokenKey, CancellationToken.None);

        await s.Alice.SendTextAsync(s.Room, "one");
        await s.Alice.SendTextAsync(s.Room, "two");
        await Loop(s, store, first).OnceAsync(null, CancellationToken.None);
        first.Bodies(s.Alice.UserId).ShouldBe(["one", "two"]);

        // A crash after handling but before the token was stored: the same events come again and are skipped.
        await store.Store.SetChatValueAsync(SyncLoop.TokenKey, before, CancellationToken.None);
        await store.ReopenAsync();
        using var restarted = BotSetup.NewClient(synapse, s.Bot);
        await restarted.ConnectAsync(CancellationToken.None);
        var second = new Recorder(store.Store);
        var loop = new SyncLoop(restarted, store.Store, second, TimeSpan.FromSeconds(2));
        await loop.OnceAsync(null, CancellationToken.None);
        second.Seen.ShouldBeEmpty("one and two came again and were already handled");
        await s.Alice.SendTextAsync(s.Room, "three");
        await loop.OnceAsync(null, CancellationToken.None);
        second.Bodies(s.Alice.UserId).ShouldBe(["three"]);
    }

    [Fact]
    public async Task On_a_first_start_what_was_written_after_the_start_is_handled_and_older_history_is_not()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        await s.Alice.SendTextAsync(s.Room, "before");
        await Task.Delay(50);   // origin_server_ts has millisecond resolution; the two must not share one
        var start = DateTimeOffset.UtcNow;
        await s.Alice.SendTextAsync(s.Room, "while starting");
        var recorder = new Recorder(store.Store);

        await new SyncLoop(s.Client, store.Store, recorder, TimeSpan.FromSeconds(2)) { HandleFrom = start }.OnceAsync(null, CancellationToken.None);

        recorder.Bodies(s.Alice.UserId).ShouldBe(["while starting"]);
    }

    [Fact]
    public async Task A_gap_in_the_timeline_is_filled_from_the_room_history_in_order()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        var recorder = new Recorder(store.Store);
        var loop = Loop(s, store, recorder);
        var filter = await s.Client.UploadFilterAsync(SyncLoop.Filter(), CancellationToken.None);
        await loop.OnceAsync(filter, CancellationToken.None);

        var sent = Enumerable.Range(1, 80).Select(i => $"m{i}").ToList();
        foreach (var body in sent)
        {
            await s.Alice.SendTextAsync(s.Room, body);
        }

        await loop.OnceAsync(filter, CancellationToken.None);

        recorder.Bodies(s.Alice.UserId).ShouldBe(sent, "80 messages against a timeline limit of 50: the gap is backfilled");
    }

    [Fact]
    public async Task A_sync_token_the_server_does_not_know_starts_over_without_replaying_history()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        await s.Alice.SendTextAsync(s.Room, "old");
        await store.Store.SetChatValueAsync(SyncLoop.TokenKey, "s999999_bogus", CancellationToken.None);
        var recorder = new Recorder(store.Store);
        var errors = new List<Exception>();
        var loop = new SyncLoop(s.Client, store.Store, recorder, TimeSpan.FromMilliseconds(200)) { OnError = errors.Add };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var running = loop.RunAsync(cts.Token);
        (await Eventually.TrueAsync(() => loop.Syncs >= 2, TimeSpan.FromSeconds(20))).ShouldBeTrue(string.Join("\n", errors));
        await s.Alice.SendTextAsync(s.Room, "new");
        (await Eventually.TrueAsync(() => recorder.Seen.Count > 0, TimeSpan.FromSeconds(20))).ShouldBeTrue();
        await cts.CancelAsync();
        await running;

        errors.ShouldContain(e => e is MatrixException);
        recorder.Bodies(s.Alice.UserId).ShouldBe(["new"]);
    }
}
