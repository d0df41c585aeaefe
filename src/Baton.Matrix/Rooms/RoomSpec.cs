using Baton.Core.Chat;

namespace Baton.Matrix.Rooms;

/// <summary>A room Baton keeps: found by its alias, made when missing, kept named, linked and with its members invited.</summary>
public sealed record RoomSpec
{
    /// <summary>Alias localpart (<c>coding.app.lobby</c> for <c>#coding.app.lobby:server</c>); deterministic, so a restart finds it.</summary>
    public required string Alias { get; init; }
    public required string Name { get; init; }
    public string Topic { get; init; } = "";
    public bool IsSpace { get; init; }
    /// <summary>The space this room sits under (a child link there, a parent link here).</summary>
    public string? ParentSpaceId { get; init; }
    public IReadOnlyList<string> Members { get; init; } = [];
    public required ChatRoomKind Kind { get; init; }
    public required string Key { get; init; }
}
