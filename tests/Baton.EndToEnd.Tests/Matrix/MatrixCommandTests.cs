using System.Text.Json.Nodes;
using Baton.Testing;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary><c>baton matrix reconcile</c> and <c>baton matrix reset</c> in all modes, against the real Synapse.</summary>
[Collection(SynapseE2ECollection.Name)]
[Trait("Category", "Matrix")]
[Trait(Needs.Trait, Needs.Synapse)]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class MatrixCommandTests(SynapseE2EFixture synapse)
{
    private static Task<CliResult> BatonAsync(MatrixServe s, params string[] args) =>
        BatonCli.RunAsync(s.Project.Path, s.Environment(), TimeSpan.FromSeconds(60), args);

    private static async Task<JsonNode> JsonAsync(MatrixServe s, params string[] args)
    {
        var result = await BatonAsync(s, [.. args, "--format", "json"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    [Fact]
    public async Task Reconcile_makes_the_hierarchy_once_links_it_both_ways_and_repairs_a_missing_link()
    {
        await using var s = await MatrixServe.CreateAsync(synapse);

        var first = await JsonAsync(s, "matrix", "reconcile");
        var again = await BatonAsync(s, "matrix", "reconcile");

        var changes = first["changes"]!.AsArray().Select(c => (string)c!).ToList();
        changes.ShouldContain($"created space #{s.Key}:localhost");
        changes.ShouldContain($"created space #{s.Key}.app:localhost");
        changes.ShouldContain($"created room #{s.Key}.app.lobby:localhost");
        changes.ShouldContain($"invited {s.Alice.UserId} to #{s.Key}.app.lobby:localhost");
        again.Stdout.Trim().ShouldBe("nothing to change", again.ToString());
        var rooms = first["rooms"]!.AsArray();
        rooms.Select(r => (string)r!["kind"]!).Order().ShouldBe(["lobby", "project", "workspace"]);
        string Id(string kind) => (string)rooms.Single(r => (string?)r!["kind"] == kind)!["room_id"]!;

        var lobby = await s.JoinLobbyAsync();
        lobby.ShouldBe(Id("lobby"));
        (await s.Alice.JoinAsync(Id("project"))).ShouldBe(Id("project"));
        await s.Alice.JoinAsync(Id("workspace"));
        (await s.Alice.StateAsync(Id("workspace"), "m.space.child", Id("project"))).ShouldNotBeNull()["via"].ShouldNotBeNull();
        (await s.Alice.StateAsync(Id("project"), "m.space.child", lobby)).ShouldNotBeNull()["via"].ShouldNotBeNull();
        ((bool)(await s.Alice.StateAsync(lobby, "m.space.parent", Id("project")))!["canonical"]!).ShouldBeTrue();
        (await s.Alice.StateAsync(Id("workspace"), "m.room.create"))!["type"]!.GetValue<string>().ShouldBe("m.space");

        // Someone removed the project space's link to the lobby: reconcile puts it back and nothing else.
        await s.Bot.SendAsync(HttpMethod.Put, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(Id("project"))}/state/m.space.child/{Uri.EscapeDataString(lobby)}", new JsonObject());
        var repaired = await JsonAsync(s, "matrix", "reconcile");
        repaired["changes"]!.AsArray().Select(c => (string)c!).ShouldBe([$"linked #{s.Key}.app.lobby:localhost under its space"]);
    }

    [Fact]
    public async Task Reset_forgets_locally_or_leaves_and_forgets_on_the_server_and_a_dry_run_changes_nothing()
    {
        await using var s = await MatrixServe.CreateAsync(synapse);
        var made = (await JsonAsync(s, "matrix", "reconcile"))["rooms"]!.AsArray().Select(r => (string)r!["room_id"]!).Order().ToList();

        var local = await JsonAsync(s, "matrix", "reset", "--mode", "local-only");
        ((string)local["actions"]![0]!).ShouldContain("3 room(s)");
        var adopted = await JsonAsync(s, "matrix", "reconcile");
        adopted["changes"]!.AsArray().ShouldBeEmpty("after a local reset everything is adopted by alias");
        adopted["rooms"]!.AsArray().Select(r => (string)r!["room_id"]!).Order().ToList().ShouldBe(made);

        var dry = await JsonAsync(s, "matrix", "reset", "--mode", "server-leave-forget", "--dry-run");
        dry["actions"]!.AsArray().Count(a => ((string)a!).StartsWith("leave and forget", StringComparison.Ordinal)).ShouldBe(3);
        (await s.Bot.JoinedRoomsAsync()).Order().ToList().ShouldBe(made, "a dry run changes nothing");
        (await JsonAsync(s, "matrix", "reconcile"))["changes"]!.AsArray().ShouldBeEmpty();

        await JsonAsync(s, "matrix", "reset", "--mode", "server-leave-forget");
        (await s.Bot.JoinedRoomsAsync()).ShouldBeEmpty();
        (await s.Alice.ResolveAliasAsync(s.LobbyAlias)).ShouldBeNull("Baton's aliases are removed");

        var rebuilt = await JsonAsync(s, "matrix", "reconcile");
        rebuilt["changes"]!.AsArray().Count(c => ((string)c!).StartsWith("created", StringComparison.Ordinal)).ShouldBe(3);
        rebuilt["rooms"]!.AsArray().Select(r => (string)r!["room_id"]!).ShouldNotContain(id => made.Contains(id));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_and_no_secret_is_printed()
    {
        await using var s = await MatrixServe.CreateAsync(synapse);

        var noSecret = await BatonCli.RunAsync(s.Project.Path, AgentCliProject.Environment(), TimeSpan.FromSeconds(60), "matrix", "reconcile");
        var badMode = await BatonAsync(s, "matrix", "reset", "--mode", "everything");
        var noServe = await BatonCli.RunAsync(s.Project.Path, AgentCliProject.Environment(), TimeSpan.FromSeconds(60), "serve");

        noSecret.ExitCode.ShouldBe(2);
        noSecret.Stderr.ShouldContain(MatrixServe.PasswordVariable);
        badMode.ExitCode.ShouldBe(2);
        badMode.Stderr.ShouldContain("local-only");
        noServe.ExitCode.ShouldBe(2, "serve refuses to start without the bot's secret");
        noServe.Stderr.ShouldContain(MatrixServe.PasswordVariable);
        foreach (var result in new[] { noSecret, badMode, noServe })
        {
            (result.Stdout + result.Stderr).ShouldNotContain(s.Bot.Password);
        }
    }
}
