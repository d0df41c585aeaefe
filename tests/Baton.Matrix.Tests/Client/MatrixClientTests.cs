using System.Text.Json.Nodes;
using Baton.Core.Agents;
using Baton.Matrix.Client;

namespace Baton.Matrix.Tests.Client;

[Collection(SynapseCollection.Name)]
[Trait(Needs.Trait, Needs.Synapse)]
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

    private static MatrixClient TokenClient(SynapseFixture synapse, string userId, string token) =>
        new(synapse.Server.BaseUrl, new MatrixLogin { UserId = userId, DeviceId = "BATON", AccessToken = new AgentSecret(token) });

    [Fact]
    public async Task An_access_token_works_and_a_token_of_someone_else_is_refused_naming_both_users()
    {
        var bot = await synapse.NewUserAsync("bot");
        var alice = await synapse.NewUserAsync("alice");
        using var good = TokenClient(synapse, bot.UserId, bot.AccessToken);
        using var wrong = TokenClient(synapse, bot.UserId, alice.AccessToken);

        await good.ConnectAsync(CancellationToken.None);
        var ex = await Should.ThrowAsync<MatrixException>(() => wrong.ConnectAsync(CancellationToken.None));

        ex.Message.ShouldContain(alice.UserId);
        ex.Message.ShouldContain(bot.UserId);
    }

    [Fact]
    public async Task A_revoked_token_logs_in_again_with_the_password_but_a_token_alone_says_what_to_do()
    {
        var bot = await synapse.NewUserAsync("bot");
        using var withPassword = new MatrixClient(synapse.Server.BaseUrl, new MatrixLogin { UserId = bot.UserId, DeviceId = "BATON", Password = new AgentSecret(bot.Password) });
        await withPassword.ConnectAsync(CancellationToken.None);
        var tokenOnly = await synapse.Server.RegisterAsync($"tok{Guid.NewGuid():N}"[..12]);
        using var onlyToken = TokenClient(synapse, tokenOnly.UserId, tokenOnly.AccessToken);
        await onlyToken.ConnectAsync(CancellationToken.None);

        // Revoke every token of both users, as an admin or a password change would.
        await LogoutAllAsync(synapse, bot);
        await LogoutAllAsync(synapse, tokenOnly);

        (await withPassword.JoinedRoomsAsync(CancellationToken.None)).ShouldBeEmpty("the call went through after logging in again");
        var ex = await Should.ThrowAsync<MatrixException>(() => onlyToken.JoinedRoomsAsync(CancellationToken.None));
        ex.IsUnknownToken.ShouldBeTrue();
    }

    private static async Task LogoutAllAsync(SynapseFixture synapse, MatrixTestUser user)
    {
        // A fresh login (another device) to call logout/all with: it ends every session of the user.
        using var http = new HttpClient();
        var login = new JsonObject
        {
            ["type"] = "m.login.password",
            ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = user.Localpart },
            ["password"] = user.Password,
        };
        using var response = await http.PostAsync(new Uri(synapse.Server.BaseUrl, "_matrix/client/v3/login"), new StringContent(login.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri(synapse.Server.BaseUrl, "_matrix/client/v3/logout/all")) { Content = new StringContent("{}") };
        logout.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await http.SendAsync(logout)).EnsureSuccessStatusCode();
    }
}
