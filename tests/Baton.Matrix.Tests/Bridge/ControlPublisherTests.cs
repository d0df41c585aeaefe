using Baton.Core.Chat;
using Baton.Core.Model;
using Baton.Core.Ports;
using Baton.Matrix.Bridge;


namespace Baton.Matrix.Tests.Bridge;

/// <summary>The control room gets every task's events from the feed, once, whatever surface queued the task.</summary>
public sealed class ControlPublisherTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static TaskItem Task(string id) => new() { Id = id, Title = "title " + id, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task A_first_start_begins_at_the_end_then_each_task_event_is_published_once_with_its_cursor()
    {
        await using var scope = await StoreScope.OpenAsync();
        await scope.Store.AddTaskAsync(Task("old"), Actor.Baton, Ct);
        var control = new ChatRoom { RoomId = "!control:localhost", Kind = ChatRoomKind.Control, Key = "#baton-control", CreatedAt = DateTimeOffset.UtcNow };
        await scope.Store.SaveChatRoomAsync(control, Ct);
        var publisher = new ControlPublisher(scope.Store);

        (await publisher.PublishAsync((await scope.Store.GetChatRoomAsync(control.RoomId, Ct))!, Ct)).ShouldBe(0, "history is not replayed into the room");
        await scope.Store.AddTaskAsync(Task("cli") with { Source = TaskSource.Cli }, Actor.Cli("alice"), Ct);
        await scope.Store.TransitionTaskAsync(new TaskChange { TaskId = "cli", To = TaskState.Cancelled, Reason = "not needed", By = Actor.Cli("alice"), At = DateTimeOffset.UtcNow }, Ct);
        var first = await publisher.PublishAsync((await scope.Store.GetChatRoomAsync(control.RoomId, Ct))!, Ct);
        var again = await publisher.PublishAsync((await scope.Store.GetChatRoomAsync(control.RoomId, Ct))!, Ct);

        first.ShouldBe(2);
        again.ShouldBe(0);
        var sent = await scope.Store.PendingChatAsync(100, Ct);
        sent.Select(m => (string)m.Content["body"]!).ShouldBe([
            "task cli: queued (queued): title cli — by alice (cli)",
            "task cli: task queued → cancelled: not needed (by alice (cli))",
        ]);
        sent.ShouldAllBe(m => m.RoomId == control.RoomId);
    }
}
