using System.Text.Json.Nodes;
using Baton.Testing;
using static Baton.EndToEnd.Tests.Matrix.MatrixServe;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary>
/// <c>baton serve</c> driven from Matrix rooms on a real Synapse, with a real agent CLI (codex) against the scripted model
/// server: lobby → task room → agent session → status, thread, reaction, answer; commands; the control room; strangers.
/// </summary>
[Collection(SynapseE2ECollection.Name)]
[Trait("Category", "Matrix")]
[Trait(Needs.Trait, Needs.Synapse)]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class MatrixServeTests(SynapseE2EFixture synapse)
{
    private static readonly TimeSpan Turn = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_lobby_message_becomes_a_task_room_where_the_agent_works_and_reports()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();

        var request = await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: echo from-matrix > out.txt");
        var room = await serve.TaskRoomForAsync(lobby, request);
        var done = await WaitForReactionAsync(serve, room, 1);

        ((string)done["content"]!["m.relates_to"]!["key"]!).ShouldBe("✅", serve.Log);
        var events = serve.Alice.EventsIn(room).Where(e => Sender(e) == serve.Bot.UserId).ToList();
        var status = events.First(e => (string?)e["type"] == "m.room.message" && RelType(e) is null);
        Body(status)!.ShouldStartWith("🕓 queued");
        var statusId = (string)status["event_id"]!;
        var edits = events.Where(e => RelType(e) == "m.replace").ToList();
        edits.ShouldNotBeEmpty();
        edits.ShouldAllBe(e => (string?)e["content"]!["m.relates_to"]!["event_id"] == statusId);
        ((string)edits[^1]["content"]!["m.new_content"]!["body"]!).ShouldContain("succeeded");
        var thread = events.Where(e => RelType(e) == "m.thread").ToList();
        thread.ShouldAllBe(e => (string?)e["content"]!["m.relates_to"]!["event_id"] == statusId);
        string.Join("\n", thread.Select(Body)).ShouldContain("from-matrix");
        events.ShouldAllBe(e => (string?)e["type"] != "m.room.message" || (string?)e["content"]!["msgtype"] == "m.notice");

        var reply = serve.Alice.EventsIn(lobby).First(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread");
        var taskId = TaskIdIn(Body(reply)!);
        serve.Project.Repo.Git("show", $"baton/{taskId}:out.txt").Trim().ShouldBe("from-matrix");
        var answer = events.Single(e => (string?)e["event_id"] == (string?)done["content"]!["m.relates_to"]!["event_id"]);
        RelType(answer).ShouldBeNull("the final answer is a message of its own in the room");
    }

    [Fact]
    public async Task Run_continues_the_same_agent_session_and_new_starts_a_fresh_one()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var room = await serve.TaskRoomForAsync(lobby, await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: echo one > out.txt"));
        await WaitForReactionAsync(serve, room, 1);

        await serve.Alice.SendTextAsync(room, "!run RUN_SHELL: echo two >> out.txt");
        await WaitForReactionAsync(serve, room, 2);
        var fresh = await serve.Alice.SendTextAsync(room, "!new");
        (await ReplyToAsync(serve, room, fresh)).ShouldContain("fresh");
        await serve.Alice.SendTextAsync(room, "/run RUN_SHELL: echo three >> out.txt");
        await WaitForReactionAsync(serve, room, 3);
        var status = await serve.Alice.SendTextAsync(room, "!status");
        (await ReplyToAsync(serve, room, status)).ShouldContain("run 3");

        var taskId = TaskIdIn(Body(serve.Alice.EventsIn(lobby).First(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread"))!);
        serve.Project.Repo.Git("show", $"baton/{taskId}:out.txt").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ShouldBe(["one", "two", "three"]);
        var sessions = Directory.GetDirectories(Path.Combine(serve.Project.StateDir, "runs", taskId))
            .SelectMany(run => serve.Project.Events(taskId, Path.GetFileName(run)))
            .Where(e => (string?)e["type"] == "agent.session")
            .OrderBy(e => (DateTimeOffset)e["ts"]!)
            .ToList();
        sessions.Select(e => (bool?)e["data"]!["resumed"] ?? false).ShouldBe([false, true, false], "run 2 continues run 1's session; !new makes run 3 start afresh");
        ((string)sessions[1]["data"]!["session_id"]!).ShouldBe((string)sessions[0]["data"]!["session_id"]!);
    }

    [Fact]
    public async Task Only_allowed_users_are_obeyed_and_a_stranger_is_refused_once()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        await serve.Alice.SendAsync(HttpMethod.Post, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(lobby)}/invite", new JsonObject { ["user_id"] = serve.Bob.UserId });
        await serve.Bob.JoinAsync(lobby);

        await serve.Bob.SendTextAsync(lobby, "RUN_SHELL: echo stranger > out.txt");
        await serve.Bob.SendTextAsync(lobby, "please?");
        var marker = await serve.Alice.SendTextAsync(lobby, "!help");
        await ReplyToAsync(serve, lobby, marker);

        var botMessages = serve.Alice.EventsIn(lobby).Where(e => Sender(e) == serve.Bot.UserId && (string?)e["type"] == "m.room.message").ToList();
        botMessages.Count(e => Body(e)!.Contains("only take instructions", StringComparison.Ordinal)).ShouldBe(1, serve.Log);
        botMessages.ShouldNotContain(e => RelType(e) == "m.thread", "no task room for a stranger");
        var tasks = await BatonCli.RunAsync(serve.Project.Path, serve.Environment(), TimeSpan.FromSeconds(60), "tasks", "list", "--format", "json");
        JsonNode.Parse(tasks.Stdout)!.AsArray().ShouldBeEmpty();
        serve.Log.ShouldContain(serve.Bob.UserId);
    }

    [Fact]
    public async Task Task_json_in_the_control_room_queues_a_valid_task_and_names_the_bad_field_of_an_invalid_one()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse, control: true);
        serve.Start();
        await serve.JoinLobbyAsync();
        var control = serve.ControlRoomId!;
        (await Eventually.TrueAsync(async () => (await serve.Bot.JoinedRoomsAsync()).Contains(control), TimeSpan.FromSeconds(60)))
            .ShouldBeTrue($"the bot never joined the control room; baton said:\n{serve.Log}");

        var bad = await serve.Alice.SendTextAsync(control, "!task {\"title\": 5, \"prompt\": \"x\"}");
        (await ReplyToAsync(serve, control, bad)).ShouldContain("title");
        var broken = await serve.Alice.SendTextAsync(control, "!task {not json");
        (await ReplyToAsync(serve, control, broken)).ShouldContain("Nothing was queued");
        var good = await serve.Alice.SendTextAsync(control, "!task {\"title\": \"from json\", \"prompt\": \"RUN_SHELL: echo json > j.txt\"}");
        var room = await serve.TaskRoomForAsync(control, good);
        await WaitForReactionAsync(serve, room, 1);

        await serve.Alice.WaitForEventAsync(control, e => Sender(e) == serve.Bot.UserId && (Body(e) ?? "").Contains("finished: succeeded", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the task's finish published in the control room");
        var tasks = await BatonCli.RunAsync(serve.Project.Path, serve.Environment(), TimeSpan.FromSeconds(60), "tasks", "list", "--format", "json");
        JsonNode.Parse(tasks.Stdout)!.AsArray().Count.ShouldBe(1, "the invalid ones queued nothing");
    }

    internal static async Task<JsonObject> WaitForReactionAsync(MatrixServe serve, string room, int count)
    {
        JsonObject? last = null;
        await serve.Alice.WaitForEventAsync(room, _ =>
        {
            var reactions = serve.Alice.EventsIn(room).Where(e => (string?)e["type"] == "m.reaction" && Sender(e) == serve.Bot.UserId).ToList();
            last = reactions.Count >= count ? reactions[count - 1] : null;
            return last is not null;
        }, Turn, $"reaction #{count} (baton said:\n{serve.Log})");
        return last!;
    }

    internal static async Task<string> ReplyToAsync(MatrixServe serve, string room, string eventId)
    {
        var reply = await serve.Alice.WaitForEventAsync(room,
            e => Sender(e) == serve.Bot.UserId && (string?)e["content"]?["m.relates_to"]?["m.in_reply_to"]?["event_id"] == eventId,
            TimeSpan.FromSeconds(60), $"a reply to {eventId}");
        return Body(reply)!;
    }

    internal static string TaskIdIn(string body)
    {
        var at = body.IndexOf("task ", StringComparison.Ordinal) + 5;
        return body[at..].Split(' ')[0];
    }
}
