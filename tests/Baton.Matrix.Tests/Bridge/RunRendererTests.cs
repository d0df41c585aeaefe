using System.Text.Json.Nodes;
using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Events;
using Baton.Core.Events.Data;
using Baton.Core.Model;
using Baton.Matrix.Bridge;

namespace Baton.Matrix.Tests.Bridge;

/// <summary>The renderer against a real SQLite store: what a task room is sent for a run's events.</summary>
public sealed class RunRendererTests
{
    private static readonly MatrixConfig Config = new() { Homeserver = new Uri("http://127.0.0.1:1/"), UserId = "@bot:localhost" };
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<ChatRoom> RoomWithFinishedRunAsync(StoreScope scope, int agentLines)
    {
        var now = DateTimeOffset.UtcNow;
        await scope.Store.AddTaskAsync(new TaskItem { Id = "t1", Title = "many lines", CreatedAt = now, UpdatedAt = now }, Actor.Baton, Ct);
        await scope.Store.AddRunAsync(new RunRecord
        {
            Id = "r1",
            TaskId = "t1",
            Pipeline = "default",
            State = RunState.Succeeded,
            Reason = RunReason.GatesPassed,
            CreatedAt = now,
            StartedAt = now.AddSeconds(-5),
            FinishedAt = now,
        }, Ct);
        var events = new List<RunEvent> { Event(1, new RunStartedData { Task = "t1", Pipeline = "default" }), Event(2, new StageStartedData { Kind = "command", Command = "make" }) };
        events.AddRange(Enumerable.Range(0, agentLines).Select(i => Event(3 + i, new AgentMessageData { Text = $"line {i}" })));
        events.Add(Event(3 + agentLines, new StageFinishedData { Status = "succeeded", ExitCode = 0 }));
        events.Add(Event(4 + agentLines, new RunFinishedData { State = RunState.Succeeded, Reason = RunReason.GatesPassed }));
        await scope.Store.AppendEventsAsync(events, Ct);
        var room = new ChatRoom { RoomId = "!task:localhost", Kind = ChatRoomKind.Task, Key = "t1", TaskId = "t1", StatusTxn = "s-t1", CreatedAt = now };
        await scope.Store.SaveChatRoomAsync(room, Ct);
        return room;
    }

    private static RunEvent Event(long seq, EventData data) =>
        new() { Seq = seq, Ts = DateTimeOffset.UtcNow, TaskId = "t1", RunId = "r1", Stage = data is RunStartedData or RunFinishedData ? null : "build", Data = data };

    private static async Task<List<OutboxMessage>> RenderAllAsync(StoreScope scope, RunRenderer renderer)
    {
        for (var i = 0; i < 20 && await renderer.RenderAsync((await scope.Store.GetChatRoomAsync("!task:localhost", Ct))!, null, Ct) > 0; i++)
        {
        }

        return [.. await scope.Store.PendingChatAsync(1000, Ct)];
    }

    private static string? EditBody(OutboxMessage m) => (string?)m.Content["m.new_content"]?["body"];

    [Fact]
    public async Task A_run_that_ended_while_many_events_waited_gets_one_final_status_edit_not_two()
    {
        await using var scope = await StoreScope.OpenAsync();
        await RoomWithFinishedRunAsync(scope, agentLines: 1000);

        var sent = await RenderAllAsync(scope, new RunRenderer(scope.Store, Config, TimeProvider.System));

        var edits = sent.Where(m => EditBody(m) is not null).Select(m => EditBody(m)!).ToList();
        edits.Count(e => e.Contains("succeeded", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", edits));
        edits[^1].ShouldStartWith("✅ succeeded");
        edits.Take(edits.Count - 1).ShouldAllBe(e => e.StartsWith("⏳ running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_detail_line_is_sent_once_in_batches_and_the_answer_and_mark_come_last()
    {
        await using var scope = await StoreScope.OpenAsync();
        await RoomWithFinishedRunAsync(scope, agentLines: 1000);

        var sent = await RenderAllAsync(scope, new RunRenderer(scope.Store, Config, TimeProvider.System));

        var thread = string.Join("\n", sent.Where(m => (string?)m.Content["m.relates_to"]?["rel_type"] == "m.thread").Select(m => (string)m.Content["body"]!));
        Enumerable.Range(0, 1000).ShouldAllBe(i => thread.Contains($"agent: line {i}\n", StringComparison.Ordinal) || thread.EndsWith($"agent: line {i}", StringComparison.Ordinal));
        sent.Count(m => (string?)m.Content["m.relates_to"]?["rel_type"] == "m.thread").ShouldBeInRange(3, 6, "a thread message per batch of up to 400 events (split at 8,000 characters), not one per event");
        sent[^1].EventType.ShouldBe("m.reaction");
        ((string)sent[^1].Content["m.relates_to"]!["key"]!).ShouldBe("✅");
        ((string)sent[^2].Content["body"]!).ShouldBe("line 999");
    }
}
