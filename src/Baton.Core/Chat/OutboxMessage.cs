using System.Text.Json.Nodes;

namespace Baton.Core.Chat;

/// <summary>
/// A chat event waiting to be sent, in order per room. <see cref="TxnId"/> is deterministic (what it is for, not when),
/// so queuing it twice stores it once and sending it twice makes one event. Content may say <c>{{txn:ID}}</c> where the
/// event id of an earlier message of the same room belongs (an edit's target); the sender fills it in.
/// </summary>
public sealed record OutboxMessage
{
    /// <summary>Queue position, assigned by the store.</summary>
    public long Id { get; init; }
    public required string RoomId { get; init; }
    public required string TxnId { get; init; }
    public required string EventType { get; init; }
    public required JsonObject Content { get; init; }
    /// <summary>Set once the server accepted it.</summary>
    public string? EventId { get; init; }
}
