using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Matrix.Client;

namespace Baton.Matrix.Tests.Client;

[Collection(SynapseCollection.Name)]
public sealed class MatrixClientTests(SynapseFixture synapse)
{
    [Fact]
    public async Task A_bot_logs_in_with_its_password_and_a_person_sees_what_it_sends()
    {
        var bot = await synapse.NewUserAsync("bot");
        var alice = await synapse.NewUserAsync("alice");
        using var client = new MatrixClient(synapse.Server.BaseUrl, new MatrixLogin { UserId = bot.UserId, DeviceId = "BATON", Password = new AgentSecret(bot.Password) });
        await client.ConnectAsync(CancellationToken.None);

        var room = await client.CreateRoomAsync(new JsonObject { ["preset"] = "private_chat", ["invite"] = new JsonArray(alice.UserId) }, CancellationToken.None);
        await alice.JoinAsync(room);
        var first = await client.SendAsync(room, "m.room.message", "txn-1", new JsonObject { ["msgtype"] = "m.notice", ["body"] = "hello" }, CancellationToken.None);
        var again = await client.SendAsync(room, "m.room.message", "txn-1", new JsonObject { ["msgtype"] = "m.notice", ["body"] = "hello" }, CancellationToken.None);

        again.ShouldBe(first);
        var seen = await alice.WaitForEventAsync(room, e => e["event_id"]?.GetValue<string>() == first);
        seen["content"]!["body"]!.GetValue<string>().ShouldBe("hello");
        alice.EventsIn(room).Count(e => e["content"]?["body"]?.GetValue<string>() == "hello").ShouldBe(1);
    }
}
