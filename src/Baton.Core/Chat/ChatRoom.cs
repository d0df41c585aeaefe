namespace Baton.Core.Chat;

/// <summary>A room Baton created or adopted, and where its rendering of a run has got to.</summary>
public sealed record ChatRoom
{
    public required string RoomId { get; init; }
    public required ChatRoomKind Kind { get; init; }
    /// <summary>Unique per kind: the alias localpart for spaces and lobbies, the task id for task rooms.</summary>
    public required string Key { get; init; }
    public string? Project { get; init; }
    public string? TaskId { get; init; }
    /// <summary>The run whose events the room shows now, and the last event seq already turned into messages.</summary>
    public string? RunId { get; init; }
    public long Cursor { get; init; }
    /// <summary>The transaction id of the room's status message (edits point at it).</summary>
    public string? StatusTxn { get; init; }
    /// <summary>How many edits of the status message were queued (makes each edit's transaction id unique).</summary>
    public int StatusEdits { get; init; }
    public DateTimeOffset? StatusEditedAt { get; init; }
    /// <summary>The request (a lobby message) that made this task room: its room and event.</summary>
    public string? RequestRoomId { get; init; }
    public string? RequestEventId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
