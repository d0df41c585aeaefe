using System.Text.Json.Nodes;
using Baton.Testing;
using static Baton.EndToEnd.Tests.Matrix.MatrixServe;
using static Baton.EndToEnd.Tests.Matrix.MatrixServeTests;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary>
/// <c>baton serve</c> over Matrix when things go wrong for real: Baton killed with SIGKILL mid-task, Synapse restarted
/// mid-task, the homeserver rate-limiting the bot, a stop from the room. Nothing is lost, doubled or reordered.
/// </summary>
[Collection(SynapseE2ECollection.Name)]
[Trait("Category", "Matrix")]
[Trait(Needs.Trait, Needs.Synapse)]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class MatrixResilienceTests(SynapseE2EFixture synapse)
{
    [Fact]
    public async Task Baton_killed_mid_task_and_restarted_finishes_without_a_second_room_or_a_doubled_message()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        // The agent's command takes a while, so the kill lands while it works.
        var request = await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: sleep 8; echo survived > out.txt");
        var room = await serve.TaskRoomForAsync(lobby, request);
        await serve.Alice.WaitForEventAsync(room, e => RelType(e) == "m.thread", TimeSpan.FromSeconds(60), "the first detail message");

        await serve.KillAsync();
        serve.Start();
        await WaitForReactionAsync(serve, room, 1);

        var bot = serve.Alice.EventsIn(room).Where(e => Sender(e) == serve.Bot.UserId).ToList();
        var thread = string.Join("\n", bot.Where(e => RelType(e) == "m.thread").Select(Body));
        var taskId = TaskIdIn(Body(serve.Alice.EventsIn(lobby).First(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread"))!);
        var runId = Path.GetFileName(Directory.GetDirectories(Path.Combine(serve.Project.StateDir, "runs", taskId)).Single());
        var events = serve.Project.Events(taskId, runId);
        foreach (var type in new[] { "stage.started", "agent.command", "run.finished" })
        {
            // Each of these events is one line in the thread: none lost across the kill, none said twice.
            var lines = thread.Split('\n').Count(l => l.Contains(type switch { "stage.started" => "stage started", "agent.command" => "agent ran", _ => "run finished" }, StringComparison.Ordinal));
            lines.ShouldBe(events.Count(e => (string?)e["type"] == type), $"{type} lines in the thread\n{thread}");
        }

        events.ShouldContain(e => (string?)e["type"] == "run.state" && (string?)e["data"]!["state"] == "interrupted");
        bot.Count(e => Body(e)?.StartsWith("🕓 queued", StringComparison.Ordinal) == true).ShouldBe(1);
        bot.Count(e => Body(e)?.Contains("asked:", StringComparison.Ordinal) == true).ShouldBe(1);
        bot.Count(e => (string?)e["type"] == "m.reaction").ShouldBe(1);
        serve.Alice.EventsIn(lobby).Count(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread").ShouldBe(1, "one task room, linked once");
        var tasks = await BatonCli.RunAsync(serve.Project.Path, serve.Environment(), TimeSpan.FromSeconds(60), "tasks", "list", "--format", "json");
        JsonNode.Parse(tasks.Stdout)!.AsArray().Count.ShouldBe(1, "the lobby message made one task");
    }

    [Fact]
    public async Task Synapse_restarted_mid_task_the_task_still_reports_in_its_room()
    {
        await using var restartable = await Baton.Testing.Synapse.SynapseServer.StartAsync();
        await using var serve = await MatrixServe.CreateAsync(restartable);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var request = await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: sleep 6; echo still-here > out.txt");
        var room = await serve.TaskRoomForAsync(lobby, request);

        await restartable.RestartAsync();
        await WaitForReactionAsync(serve, room, 1);

        ((string)serve.Alice.EventsIn(room).Last(e => RelType(e) == "m.replace")["content"]!["m.new_content"]!["body"]!).ShouldContain("succeeded");
    }

    [Fact]
    public async Task A_rate_limited_bot_still_delivers_every_message_in_order()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        await synapse.Server.OverrideRateLimitAsync(synapse.Admin, serve.Bot.UserId, 1, 1);
        try
        {
            var room = await serve.TaskRoomForAsync(lobby, await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: echo limited > out.txt"));
            await WaitForReactionAsync(serve, room, 1);

            var bot = serve.Alice.EventsIn(room).Where(e => Sender(e) == serve.Bot.UserId && (string?)e["type"] is "m.room.message" or "m.reaction").ToList();
            Body(bot[0])!.ShouldStartWith("🕓 queued", customMessage: "the status message comes first");
            var answer = bot.FindIndex(e => RelType(e) is null && Body(e)?.StartsWith("🕓", StringComparison.Ordinal) == false && !Body(e)!.Contains("asked:", StringComparison.Ordinal));
            answer.ShouldBeGreaterThan(0);
            bot.FindIndex(e => (string?)e["type"] == "m.reaction").ShouldBeGreaterThan(answer, "the reaction follows the answer it marks");
            serve.Log.ShouldNotContain("failed:");
        }
        finally
        {
            await synapse.Server.RemoveRateLimitOverrideAsync(synapse.Admin, serve.Bot.UserId);
        }
    }

    [Fact]
    public async Task Stop_from_the_room_ends_the_run_and_marks_it()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var room = await serve.TaskRoomForAsync(lobby, await serve.Alice.SendTextAsync(lobby, "HANG"));
        await serve.Alice.WaitForEventAsync(room, e => RelType(e) == "m.thread", TimeSpan.FromSeconds(60), "the agent starting");

        var stop = await serve.Alice.SendTextAsync(room, "!stop");
        (await ReplyToAsync(serve, room, stop)).ShouldContain("Stopping");

        var reaction = await WaitForReactionAsync(serve, room, 1);
        ((string)reaction["content"]!["m.relates_to"]!["key"]!).ShouldBe("❌");
        ((string)serve.Alice.EventsIn(room).Last(e => RelType(e) == "m.replace")["content"]!["m.new_content"]!["body"]!).ShouldContain("stopped");
    }
}
