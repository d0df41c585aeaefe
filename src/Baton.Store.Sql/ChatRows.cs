using System.Data.Common;
using System.Text.Json.Nodes;
using Baton.Core.Chat;
using Baton.Core.Text;

namespace Baton.Store.Sql;

/// <summary>Maps chat rooms and outbox messages from their tables.</summary>
internal static class ChatRows
{
    public static ChatRoom ReadRoom(DbDataReader reader)
    {
        var row = new Row(reader);
        return new ChatRoom
        {
            RoomId = row.Text("room_id"),
            Kind = row.Enum<ChatRoomKind>("kind"),
            Key = row.Text("key"),
            Project = row.TextOrNull("project"),
            TaskId = row.TextOrNull("task_id"),
            RunId = row.TextOrNull("run_id"),
            Cursor = row.Long("cursor"),
            StatusTxn = row.TextOrNull("status_txn"),
            StatusEdits = row.Int("status_edits"),
            StatusEditedAt = row.TimeOrNull("status_edited_at"),
            RequestRoomId = row.TextOrNull("request_room_id"),
            RequestEventId = row.TextOrNull("request_event_id"),
            CreatedAt = row.Time("created_at"),
        };
    }

    public static OutboxMessage ReadOutbox(DbDataReader reader)
    {
        var row = new Row(reader);
        return new OutboxMessage
        {
            Id = row.Long("id"),
            RoomId = row.Text("room_id"),
            TxnId = row.Text("txn_id"),
            EventType = row.Text("event_type"),
            Content = JsonNode.Parse(row.Text("content")) as JsonObject ?? throw new BadRowException("chat_outbox.content is not a JSON object"),
            EventId = row.TextOrNull("event_id"),
        };
    }
}
