using System.Data.Common;
using System.Text.Json.Nodes;
using Baton.Core.Chat;
using Baton.Core.Text;

namespace Baton.Store.Sql;

public abstract partial class SqlStore
{
    /// <summary>Handled chat event ids kept; older ones are pruned (the sync token keeps them from coming back).</summary>
    private const int HandledKept = 50_000;

    public Task<string?> GetChatValueAsync(string key, CancellationToken ct) => GetValueAsync("chat_values", key, ct);

    public Task SetChatValueAsync(string key, string? value, CancellationToken ct) => SetValueAsync("chat_values", key, value, ct);

    public Task<bool> IsChatEventHandledAsync(string eventId, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT 1 FROM chat_handled WHERE event_id = @id").With("@id", eventId);
            return command.ExecuteScalar() is not null;
        }, ct);

    public Task MarkChatEventHandledAsync(string eventId, DateTimeOffset at, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using (var insert = c.Command("INSERT INTO chat_handled (event_id, at) VALUES (@id, @at) ON CONFLICT DO NOTHING", tx)
                .With("@id", eventId).With("@at", UtcText.ToText(at)))
            {
                insert.ExecuteNonQuery();
            }

            using var prune = c.Command($"""
                DELETE FROM chat_handled WHERE at < (
                    SELECT at FROM chat_handled ORDER BY at DESC LIMIT 1 OFFSET {HandledKept})
                """, tx);
            prune.ExecuteNonQuery();
        }, ct);

    public Task SaveChatRoomAsync(ChatRoom room, CancellationToken ct) =>
        WriteAsync((c, tx) => UpsertRoom(c, tx, room), ct);

    public Task<ChatRoom?> GetChatRoomAsync(string roomId, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT * FROM chat_rooms WHERE room_id = @id").With("@id", roomId);
            return command.ReadFirst(ChatRows.ReadRoom);
        }, ct);

    public Task<ChatRoom?> FindChatRoomAsync(ChatRoomKind kind, string key, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT * FROM chat_rooms WHERE kind = @kind AND key = @key")
                .With("@kind", kind.WireName()).With("@key", key);
            return command.ReadFirst(ChatRows.ReadRoom);
        }, ct);

    public Task<IReadOnlyList<ChatRoom>> ListChatRoomsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<ChatRoom>>(c =>
        {
            using var command = c.Command("SELECT * FROM chat_rooms ORDER BY created_at, room_id");
            return command.ReadAll(ChatRows.ReadRoom);
        }, ct);

    public Task EnqueueChatAsync(IReadOnlyList<OutboxMessage> messages, ChatRoom? room, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            foreach (var message in messages)
            {
                using var insert = c.Command("""
                        INSERT INTO chat_outbox (room_id, txn_id, event_type, content) VALUES (@room, @txn, @type, @content)
                        ON CONFLICT DO NOTHING
                        """, tx)
                    .With("@room", message.RoomId).With("@txn", message.TxnId).With("@type", message.EventType)
                    .With("@content", message.Content.ToJsonString());
                insert.ExecuteNonQuery();
            }

            if (room is not null)
            {
                UpsertRoom(c, tx, room);
            }
        }, ct);

    public Task<IReadOnlyList<OutboxMessage>> PendingChatAsync(int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<OutboxMessage>>(c =>
        {
            using var command = c.Command("SELECT * FROM chat_outbox WHERE event_id IS NULL ORDER BY id LIMIT @limit").With("@limit", limit);
            return command.ReadAll(ChatRows.ReadOutbox);
        }, ct);

    public Task MarkChatSentAsync(long id, string eventId, CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("UPDATE chat_outbox SET event_id = @event WHERE id = @id", tx).With("@event", eventId).With("@id", id);
            command.ExecuteNonQuery();
        }, ct);

    public Task<string?> SentChatEventIdAsync(string txnId, CancellationToken ct) =>
        ReadAsync(c =>
        {
            using var command = c.Command("SELECT event_id FROM chat_outbox WHERE txn_id = @txn").With("@txn", txnId);
            return command.ExecuteScalar() as string;
        }, ct);

    public Task ForgetChatStateAsync(CancellationToken ct) =>
        WriteAsync((c, tx) =>
        {
            using var command = c.Command("DELETE FROM chat_values; DELETE FROM chat_handled; DELETE FROM chat_rooms; DELETE FROM chat_outbox;", tx);
            command.ExecuteNonQuery();
        }, ct);

    private static void UpsertRoom(DbConnection c, DbTransaction tx, ChatRoom room)
    {
        using var command = c.Command("""
                INSERT INTO chat_rooms (room_id, kind, key, project, task_id, run_id, cursor, status_txn, status_edits, status_edited_at,
                    request_room_id, request_event_id, created_at)
                VALUES (@room, @kind, @key, @project, @task, @run, @cursor, @status, @edits, @edited, @reqRoom, @reqEvent, @created)
                ON CONFLICT (room_id) DO UPDATE SET kind = excluded.kind, key = excluded.key, project = excluded.project,
                    task_id = excluded.task_id, run_id = excluded.run_id, cursor = excluded.cursor, status_txn = excluded.status_txn,
                    status_edits = excluded.status_edits, status_edited_at = excluded.status_edited_at,
                    request_room_id = excluded.request_room_id, request_event_id = excluded.request_event_id
                """, tx)
            .With("@room", room.RoomId).With("@kind", room.Kind.WireName()).With("@key", room.Key)
            .With("@project", room.Project).With("@task", room.TaskId).With("@run", room.RunId).With("@cursor", room.Cursor)
            .With("@status", room.StatusTxn).With("@edits", room.StatusEdits).WithTime("@edited", room.StatusEditedAt)
            .With("@reqRoom", room.RequestRoomId).With("@reqEvent", room.RequestEventId).With("@created", UtcText.ToText(room.CreatedAt));
        command.ExecuteNonQuery();
    }


}
