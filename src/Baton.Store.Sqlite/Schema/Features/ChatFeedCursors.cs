namespace Baton.Store.Sqlite.Schema;

/// <summary>
/// Task rooms render from the feed now: a room's cursor, which was the last rendered seq of its run, becomes that
/// event's feed position (everything before it was rendered).
/// </summary>
internal static class ChatFeedCursors
{
    public static FeatureMigration Migration { get; } = new("chat-feed-cursors", """
        UPDATE chat_rooms SET cursor = coalesce(
            (SELECT e.position FROM events e WHERE e.run_id = chat_rooms.run_id AND e.seq = chat_rooms.cursor), cursor)
        WHERE kind = 'task' AND run_id IS NOT NULL AND cursor > 0;
        """);
}
