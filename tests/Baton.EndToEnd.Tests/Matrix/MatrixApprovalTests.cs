using System.Text.Json.Nodes;
using Baton.Testing;
using static Baton.EndToEnd.Tests.Matrix.MatrixServe;
using static Baton.EndToEnd.Tests.Matrix.MatrixServeTests;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary>
/// Approval in a Matrix room, against the real Synapse and a real agent CLI: the question mentions the allowed people,
/// a 👍 on it (or `!deny`) answers it.
/// </summary>
[Collection(SynapseE2ECollection.Name)]
[Trait("Category", "Matrix")]
[Trait(Needs.Trait, Needs.Synapse)]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class MatrixApprovalTests(SynapseE2EFixture synapse)
{
    private const string Stages = "[ { id: build, kind: agent, role: builder, agent: codex }, { id: sign-off, kind: approval, prompt: \"Ship it?\" } ]";
    private const string Policy = "policy: { approval: on-request }";

    private static async Task<(MatrixServe Serve, string Room, JsonObject Question)> AskedAsync(SynapseE2EFixture synapse)
    {
        var serve = await MatrixServe.CreateAsync(synapse, extraYaml: Policy, stages: Stages);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var room = await serve.TaskRoomForAsync(lobby, await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: echo approved > out.txt"));
        var question = await serve.Alice.WaitForEventAsync(room,
            e => Sender(e) == serve.Bot.UserId && (Body(e) ?? "").Contains("Ship it?", StringComparison.Ordinal) && RelType(e) is null,
            TimeSpan.FromSeconds(120), $"the question (baton said:\n{serve.Log})");
        return (serve, room, question);
    }

    [Fact]
    public async Task The_question_mentions_the_allowed_people_and_a_thumbs_up_on_it_lets_the_run_finish()
    {
        var (serve, room, question) = await AskedAsync(synapse);
        await using var _ = serve;

        ((string)question["content"]!["msgtype"]!).ShouldBe("m.text", "a question notifies; notices do not");
        question["content"]!["m.mentions"]!["user_ids"]!.AsArray().Select(u => (string)u!).ShouldBe([serve.Alice.UserId]);
        Body(question)!.ShouldContain(serve.Alice.UserId);
        var questionId = (string)question["event_id"]!;
        await serve.Alice.SendEventAsync(room, "m.reaction", new JsonObject
        {
            ["m.relates_to"] = new JsonObject { ["rel_type"] = "m.annotation", ["event_id"] = questionId, ["key"] = "👍" },
        });

        var done = await WaitForReactionAsync(serve, room, 1);

        ((string)done["content"]!["m.relates_to"]!["key"]!).ShouldBe("✅", serve.Log);
        serve.Alice.EventsIn(room).ShouldContain(e => Sender(e) == serve.Bot.UserId && (Body(e) ?? "").Contains("Approved by " + serve.Alice.UserId, StringComparison.Ordinal));
        var taskId = TaskIdIn(Body(serve.Alice.EventsIn(await serve.JoinLobbyAsync()).First(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread"))!);
        var events = await BatonCli.RunAsync(serve.Project.Path, serve.Environment(), TimeSpan.FromSeconds(60), "events", "--task", taskId, "--type", "approval.", "--format", "json");
        events.Stdout.ShouldContain("\"approval.answered\"");
        events.Stdout.ShouldContain($"{serve.Alice.UserId} (matrix)");
    }

    [Fact]
    public async Task Deny_in_the_room_ends_the_run_and_escalates_the_task()
    {
        var (serve, room, _) = await AskedAsync(synapse);
        await using var __ = serve;

        var deny = await serve.Alice.SendTextAsync(room, "!deny not today");

        (await ReplyToAsync(serve, room, deny)).ShouldContain("Denied by");
        var ended = await WaitForReactionAsync(serve, room, 1);
        ((string)ended["content"]!["m.relates_to"]!["key"]!).ShouldBe("❌", serve.Log);
        var tasks = await BatonCli.RunAsync(serve.Project.Path, serve.Environment(), TimeSpan.FromSeconds(60), "tasks", "list", "--format", "json");
        ((string)JsonNode.Parse(tasks.Stdout)!.AsArray().Single()!["state"]!).ShouldBe("escalated");
    }

    [Fact]
    public async Task A_command_the_agent_waits_on_is_approved_with_a_thumbs_up_and_then_runs()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse, extraYaml: "policy: { confirm_commands: [\"touch confirmed\"], confirm_timeout: 5m }",
            stages: "[ { id: build, kind: agent, role: builder, agent: claude } ]");
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var room = await serve.TaskRoomForAsync(lobby, await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: touch confirmed.txt"));
        var question = await serve.Alice.WaitForEventAsync(room,
            e => Sender(e) == serve.Bot.UserId && (Body(e) ?? "").Contains("may the agent run `touch confirmed.txt`", StringComparison.Ordinal) && RelType(e) is null,
            TimeSpan.FromSeconds(120), $"the question (baton said:\n{serve.Log})");
        question["content"]!["m.mentions"]!["user_ids"]!.AsArray().Select(u => (string)u!).ShouldBe([serve.Alice.UserId]);

        await serve.Alice.SendEventAsync(room, "m.reaction", new JsonObject
        {
            ["m.relates_to"] = new JsonObject { ["rel_type"] = "m.annotation", ["event_id"] = (string)question["event_id"]!, ["key"] = "👍" },
        });

        var done = await WaitForReactionAsync(serve, room, 1);
        ((string)done["content"]!["m.relates_to"]!["key"]!).ShouldBe("✅", serve.Log);
        serve.Alice.EventsIn(room).ShouldContain(e => Sender(e) == serve.Bot.UserId && (Body(e) ?? "").Contains("the agent runs it", StringComparison.Ordinal));
        var taskId = TaskIdIn(Body(serve.Alice.EventsIn(lobby).First(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread"))!);
        File.Exists(Path.Combine(serve.Project.StateDir, "workspaces", taskId, "confirmed.txt")).ShouldBeTrue("the approved command ran");
    }
}
