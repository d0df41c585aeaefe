using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Matrix.Client;

namespace Baton.Matrix.Tests;

/// <summary>A bot user with Baton's client, and a person in a room with it.</summary>
public sealed class BotSetup : IDisposable
{
    private BotSetup(MatrixTestUser bot, MatrixTestUser alice, MatrixClient client, string room)
    {
        Bot = bot;
        Alice = alice;
        Client = client;
        Room = room;
    }

    public MatrixTestUser Bot { get; }
    public MatrixTestUser Alice { get; }
    public MatrixClient Client { get; }
    public string Room { get; }

    public static async Task<BotSetup> CreateAsync(SynapseFixture synapse)
    {
        var bot = await synapse.NewUserAsync("bot");
        var alice = await synapse.NewUserAsync("alice");
        var client = NewClient(synapse, bot);
        await client.ConnectAsync(CancellationToken.None);
        var room = await client.CreateRoomAsync(new JsonObject { ["preset"] = "private_chat", ["invite"] = new JsonArray(alice.UserId) }, CancellationToken.None);
        await alice.JoinAsync(room);
        return new BotSetup(bot, alice, client, room);
    }

    public static MatrixClient NewClient(SynapseFixture synapse, MatrixTestUser bot) =>
        new(synapse.Server.BaseUrl, new MatrixLogin { UserId = bot.UserId, DeviceId = "BATON", Password = new AgentSecret(bot.Password) });

    public void Dispose() => Client.Dispose();
}
