using System.Text.Json.Nodes;
using Baton.Core.Chat;
using Baton.Matrix.Bridge;
using Baton.Matrix.Outbox;

namespace Baton.Matrix.Tests.Outbox;

[Collection(SynapseCollection.Name)]
[Trait(Needs.Trait, Needs.Synapse)]
public sealed class OutboxSenderTests(SynapseFixture synapse)
{
    private static OutboxMessage Text(string room, string txn, string body) =>
        new() { RoomId = room, TxnId = txn, EventType = "m.room.message", Content = ChatContent.Notice(body) };

    private static async Task FlushAllAsync(OutboxSender sender, StoreScope store)
    {
        for (var i = 0; i < 50 && (await store.Store.PendingChatAsync(1, CancellationToken.None)).Count > 0; i++)
        {
            await sender.FlushAsync(CancellationToken.None);
        }

        (await store.Store.PendingChatAsync(1, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Messages_go_out_in_order_with_edits_and_reactions_pointing_at_what_they_were_queued_against()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        using var sender = new OutboxSender(s.Client, store.Store);
        var messages = new List<OutboxMessage> { Text(s.Room, "status", "queued") };
        messages.AddRange(Enumerable.Range(1, 12).Select(i => Text(s.Room, $"d{i}", $"detail {i}")));
        messages.Add(new() { RoomId = s.Room, TxnId = "status-e1", EventType = "m.room.message", Content = ChatContent.Edit("status", ChatContent.Notice("done")) });
        messages.Add(new() { RoomId = s.Room, TxnId = "react", EventType = "m.reaction", Content = ChatContent.Reaction("status", "✅") });

        await store.Store.EnqueueChatAsync(messages, null, CancellationToken.None);
        await store.Store.EnqueueChatAsync([Text(s.Room, "d1", "queued twice")], null, CancellationToken.None);
        await FlushAllAsync(sender, store);

        await s.Alice.WaitForEventAsync(s.Room, e => (string?)e["type"] == "m.reaction");
        var seen = s.Alice.EventsIn(s.Room).Where(e => (string?)e["sender"] == s.Bot.UserId && (string?)e["type"] is "m.room.message" or "m.reaction").ToList();
        seen.Select(e => (string?)e["content"]!["body"] ?? "reaction").ShouldBe(
            ["queued", .. Enumerable.Range(1, 12).Select(i => $"detail {i}"), "* done", "reaction"]);
        var statusId = (string)seen[0]["event_id"]!;
        ((string)seen[^2]["content"]!["m.relates_to"]!["event_id"]!).ShouldBe(statusId);
        ((string)seen[^1]["content"]!["m.relates_to"]!["event_id"]!).ShouldBe(statusId);
        sender.Sent.ShouldBe(15);
    }

    [Fact]
    public async Task A_message_the_server_already_has_is_not_sent_twice_after_a_lost_response()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        using var sender = new OutboxSender(s.Client, store.Store);
        // The send reached the server but the process died before recording it: the queue still holds it.
        var first = await s.Client.SendAsync(s.Room, "m.room.message", "lost-response", ChatContent.Notice("once"), CancellationToken.None);
        await store.Store.EnqueueChatAsync([Text(s.Room, "lost-response", "once"), Text(s.Room, "after", "after")], null, CancellationToken.None);

        await FlushAllAsync(sender, store);

        (await store.Store.SentChatEventIdAsync("lost-response", CancellationToken.None)).ShouldBe(first);
        await s.Alice.WaitForEventAsync(s.Room, e => (string?)e["content"]?["body"] == "after");
        s.Alice.EventsIn(s.Room).Count(e => (string?)e["content"]?["body"] == "once").ShouldBe(1);
    }

    [Fact]
    public async Task A_room_that_refuses_fails_its_messages_without_holding_up_other_rooms()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        using var sender = new OutboxSender(s.Client, store.Store);
        var foreign = await s.Alice.CreateRoomAsync(new JsonObject { ["preset"] = "private_chat" });
        await store.Store.EnqueueChatAsync(
        [
            Text(foreign, "f1", "nobody will see this"),
            new() { RoomId = foreign, TxnId = "f1-e1", EventType = "m.room.message", Content = ChatContent.Edit("f1", ChatContent.Notice("nor this")) },
            Text(s.Room, "ok", "delivered"),
        ], null, CancellationToken.None);

        await FlushAllAsync(sender, store);

        (await store.Store.SentChatEventIdAsync("f1", CancellationToken.None))!.ShouldStartWith(OutboxSender.FailedPrefix);
        (await store.Store.SentChatEventIdAsync("f1-e1", CancellationToken.None))!.ShouldStartWith(OutboxSender.FailedPrefix);
        (await store.Store.SentChatEventIdAsync("ok", CancellationToken.None))!.ShouldStartWith("$");
        sender.Failed.ShouldBe(2);
    }

    [Fact]
    public async Task Rate_limits_are_waited_out_and_nothing_is_lost_or_reordered()
    {
        using var s = await BotSetup.CreateAsync(synapse);
        await using var store = await StoreScope.OpenAsync();
        using var sender = new OutboxSender(s.Client, store.Store);
        await synapse.Server.OverrideRateLimitAsync(synapse.Admin, s.Bot.UserId, 1, 1);
        try
        {
            var bodies = Enumerable.Range(1, 6).Select(i => $"limited {i}").ToList();
            await store.Store.EnqueueChatAsync(bodies.Select((b, i) => Text(s.Room, $"rl{i}", b)).ToList(), null, CancellationToken.None);

            await FlushAllAsync(sender, store);

            await s.Alice.WaitForEventAsync(s.Room, e => (string?)e["content"]?["body"] == "limited 6");
            s.Alice.EventsIn(s.Room).Select(e => (string?)e["content"]?["body"]).Where(b => b?.StartsWith("limited", StringComparison.Ordinal) == true).ShouldBe(bodies);
            s.Client.RateLimitedRequests.ShouldBeGreaterThan(0);
        }
        finally
        {
            await synapse.Server.RemoveRateLimitOverrideAsync(synapse.Admin, s.Bot.UserId);
        }
    }
}
