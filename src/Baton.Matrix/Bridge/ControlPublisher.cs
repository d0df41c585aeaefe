using Baton.Core.Chat;
using Baton.Core.Events;
using Baton.Core.Ports;

namespace Baton.Matrix.Bridge;

/// <summary>
/// Publishes the task events of every task — whatever surface queued it — to the control room, read from the event
/// feed. The control room's cursor is the last feed position published, stored in the same transaction as the messages
/// (deterministic transaction ids), so a restart neither loses nor repeats one. A first start begins at the feed's end.
/// </summary>
public sealed class ControlPublisher(IBatonStore store)
{
    private const int Batch = 200;
    private static readonly FeedQuery TaskEventsOnly = new(TypePrefix: "task.");

    /// <summary>Queues what is new for the control room; returns how many messages were queued.</summary>
    public async Task<int> PublishAsync(ChatRoom control, CancellationToken ct)
    {
        if (control.Cursor == 0)
        {
            await store.SaveChatRoomAsync(control with { Cursor = Math.Max(1, await store.LastPositionAsync(ct)) }, ct);
            return 0;
        }

        var events = await store.ReadFeedAsync(TaskEventsOnly with { After = control.Cursor }, Batch, ct);
        if (events.Count == 0)
        {
            return 0;
        }

        var messages = events.Select(e => new OutboxMessage
        {
            RoomId = control.RoomId,
            TxnId = $"cf-{e.Position}",
            EventType = "m.room.message",
            Content = ChatContent.Notice(Line(e)),
        }).ToList();
        await store.EnqueueChatAsync(messages, control with { Cursor = events[^1].Position }, ct);
        return messages.Count;
    }

    public static string Line(RunEvent e) => $"task {e.TaskId}: {EventText.Describe(e)}";
}
