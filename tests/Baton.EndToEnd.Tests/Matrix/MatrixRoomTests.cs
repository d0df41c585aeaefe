using System.Text.Json.Nodes;
using Baton.Testing;
using static Baton.EndToEnd.Tests.Matrix.MatrixServe;
using static Baton.EndToEnd.Tests.Matrix.MatrixServeTests;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary>Task-room details over the real Synapse: typing, retry, encrypted messages, Ctrl-C of serve, doctor.</summary>
[Collection(SynapseE2ECollection.Name)]
[Trait("Category", "Matrix")]
[Trait(Needs.Trait, Needs.Synapse)]
[Trait(Needs.Trait, Needs.AgentCli)]
public sealed class MatrixRoomTests(SynapseE2EFixture synapse)
{
    [Fact]
    public async Task The_bot_types_while_the_agent_works_and_retry_runs_the_task_again()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var room = await serve.TaskRoomForAsync(lobby, await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: sleep 5; echo typed >> out.txt"));

        (await Eventually.TrueAsync(async () => (await serve.Alice.TypingNowAsync(room)).Contains(serve.Bot.UserId), TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("the bot types while the agent works");
        await WaitForReactionAsync(serve, room, 1);
        IReadOnlyList<string> typing = [];
        (await Eventually.TrueAsync(async () => (typing = await serve.Alice.TypingNowAsync(room)).Count == 0, TimeSpan.FromSeconds(20)))
            .ShouldBeTrue($"typing stops when the run ends; still typing: {string.Join(", ", typing)}\n{serve.Log}");

        var retry = await serve.Alice.SendTextAsync(room, "!retry");
        (await ReplyToAsync(serve, room, retry)).ShouldContain("queued");
        await WaitForReactionAsync(serve, room, 2);
        var taskId = TaskIdIn(Body(serve.Alice.EventsIn(lobby).First(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread"))!);
        serve.Project.Repo.Git("show", $"baton/{taskId}:out.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["typed", "typed"]);
    }

    [Fact]
    public async Task An_encrypted_message_gets_one_notice_that_encryption_is_not_supported()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var encrypted = new JsonObject { ["algorithm"] = "m.megolm.v1.aes-sha2", ["ciphertext"] = "AwgAEnAC", ["sender_key"] = "x", ["session_id"] = "y", ["device_id"] = "D" };

        var first = await serve.Alice.SendEventAsync(lobby, "m.room.encrypted", encrypted);
        (await ReplyToAsync(serve, lobby, first)).ShouldContain("encrypted");
        await serve.Alice.SendEventAsync(lobby, "m.room.encrypted", encrypted);
        var marker = await serve.Alice.SendTextAsync(lobby, "!help");
        await ReplyToAsync(serve, lobby, marker);

        serve.Alice.EventsIn(lobby).Count(e => Sender(e) == serve.Bot.UserId && (Body(e) ?? "").Contains("encrypted", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Ctrl_c_keeps_the_run_interrupted_and_the_next_serve_finishes_it_in_the_same_room()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);
        serve.Start();
        var lobby = await serve.JoinLobbyAsync();
        var room = await serve.TaskRoomForAsync(lobby, await serve.Alice.SendTextAsync(lobby, "RUN_SHELL: sleep 8; echo resumed > out.txt"));
        await serve.Alice.WaitForEventAsync(room, e => (Body(e) ?? "").Contains("stage started", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the agent starting");

        await serve.InterruptAsync();
        serve.Process.ExitCode.ShouldBe(130, serve.Log);
        var status = await BatonCli.RunAsync(serve.Project.Path, serve.Environment(), TimeSpan.FromSeconds(60), "status", "--format", "json");
        status.Stdout.ShouldContain("interrupted");

        serve.Start();
        var done = await WaitForReactionAsync(serve, room, 1);
        ((string)done["content"]!["m.relates_to"]!["key"]!).ShouldBe("✅");
        var taskId = TaskIdIn(Body(serve.Alice.EventsIn(lobby).First(e => Sender(e) == serve.Bot.UserId && RelType(e) == "m.thread"))!);
        serve.Project.Repo.Git("show", $"baton/{taskId}:out.txt").Trim().ShouldBe("resumed");
        (await serve.Bot.JoinedRoomsAsync()).Count.ShouldBe(4, "workspace, project space, lobby and one task room; nothing made twice on restart");
    }

    [Fact]
    public async Task Doctor_checks_the_homeserver_and_the_bot_login()
    {
        await using var serve = await MatrixServe.CreateAsync(synapse);

        var ok = await BatonCli.RunAsync(serve.Project.Path, serve.Environment(), TimeSpan.FromSeconds(60), "doctor", "--format", "json");
        var missing = await BatonCli.RunAsync(serve.Project.Path, AgentCliProject.Environment(), TimeSpan.FromSeconds(60), "doctor");

        var check = JsonNode.Parse(ok.Stdout)!.AsArray().Single(c => (string?)c!["name"] == "matrix")!;
        ((string?)check["status"]).ShouldBe("ok", ok.ToString());
        missing.ExitCode.ShouldBe(1);
        missing.Stdout.ShouldContain(MatrixServe.PasswordVariable);
        (missing.Stdout + missing.Stderr + ok.Stdout + ok.Stderr).ShouldNotContain(serve.Bot.Password);
    }
}
