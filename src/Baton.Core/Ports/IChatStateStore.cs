using Baton.Core.Chat;

namespace Baton.Core.Ports;

/// <summary>What the chat bridge must not forget across restarts: sync position, handled events, its rooms, its outbox.</summary>
public interface IChatStateStore
{
    Task<string?> GetChatValueAsync(string key, CancellationToken ct);

    /// <summary>Sets or (with null) removes a value (the sync token, the filter id).</summary>
    Task SetChatValueAsync(string key, string? value, CancellationToken ct);

    Task<bool> IsChatEventHandledAsync(string eventId, CancellationToken ct);

    /// <summary>Records that an incoming event's effects are done, so it is never handled again.</summary>
    Task MarkChatEventHandledAsync(string eventId, DateTimeOffset at, CancellationToken ct);

    Task SaveChatRoomAsync(ChatRoom room, CancellationToken ct);

    Task<ChatRoom?> GetChatRoomAsync(string roomId, CancellationToken ct);

    Task<ChatRoom?> FindChatRoomAsync(ChatRoomKind kind, string key, CancellationToken ct);

    Task<IReadOnlyList<ChatRoom>> ListChatRoomsAsync(CancellationToken ct);

    /// <summary>
    /// Queues messages (ignoring any whose transaction id is already queued or sent) and, in the same transaction,
    /// saves <paramref name="room"/> (the rendering cursor that produced them), so a crash never loses or doubles one.
    /// </summary>
    Task EnqueueChatAsync(IReadOnlyList<OutboxMessage> messages, ChatRoom? room, CancellationToken ct);

    /// <summary>Unsent messages in queue order.</summary>
    Task<IReadOnlyList<OutboxMessage>> PendingChatAsync(int limit, CancellationToken ct);

    Task MarkChatSentAsync(long id, string eventId, CancellationToken ct);

    /// <summary>The event id a sent message got, or null when it is unsent or unknown.</summary>
    Task<string?> SentChatEventIdAsync(string txnId, CancellationToken ct);

    /// <summary>Forgets every room, value, handled event and queued message (<c>baton matrix reset</c>).</summary>
    Task ForgetChatStateAsync(CancellationToken ct);
}
