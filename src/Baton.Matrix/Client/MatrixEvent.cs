using System.Text.Json.Nodes;

namespace Baton.Matrix.Client;

/// <summary>One room event as the bot sees it in <c>/sync</c> or <c>/messages</c>.</summary>
public sealed record MatrixEvent
{
    public required string EventId { get; init; }
    public required string RoomId { get; init; }
    public required string Sender { get; init; }
    public required string Type { get; init; }
    public string? StateKey { get; init; }
    public JsonObject Content { get; init; } = [];
    public DateTimeOffset OriginServerTs { get; init; }
    /// <summary>Our own transaction id, on the echo of an event this device sent.</summary>
    public string? TransactionId { get; init; }

    public string? MsgType => Content["msgtype"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string Body => Content["body"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>The relation type (<c>m.replace</c>, <c>m.thread</c>, <c>m.annotation</c>), if any.</summary>
    public string? RelType => Content["m.relates_to"]?["rel_type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The event this one relates to (the target of a reaction, an edit or a thread).</summary>
    public string? RelatesTo => Content["m.relates_to"]?["event_id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The event this one replies to, if it is a reply.</summary>
    public string? InReplyTo => Content["m.relates_to"]?["m.in_reply_to"]?["event_id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A reaction's key (an emoji).</summary>
    public string? ReactionKey => Content["m.relates_to"]?["key"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static MatrixEvent? FromJson(JsonObject json, string roomId)
    {
        if (json["event_id"]?.GetValue<string>() is not { } id || json["type"]?.GetValue<string>() is not { } type)
        {
            return null;
        }

        return new MatrixEvent
        {
            EventId = id,
            RoomId = json["room_id"]?.GetValue<string>() ?? roomId,
            Sender = json["sender"]?.GetValue<string>() ?? "",
            Type = type,
            StateKey = json["state_key"]?.GetValue<string>(),
            Content = json["content"] as JsonObject is { } content ? (JsonObject)content.DeepClone() : [],
            OriginServerTs = json["origin_server_ts"] is JsonValue ts && ts.TryGetValue<long>(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : default,
            TransactionId = json["unsigned"]?["transaction_id"]?.GetValue<string>(),
        };
    }
}
