using System.Text.Json.Nodes;

namespace Baton.Matrix.Client;

/// <summary>What one <c>/sync</c> brought: new timeline events per joined room, invites, rooms left, the next token.</summary>
public sealed record SyncBatch
{
    public required string NextBatch { get; init; }
    public IReadOnlyList<JoinedRoomUpdate> Joined { get; init; } = [];
    /// <summary>Rooms we were invited to, with who invited us and whether the room is encrypted.</summary>
    public IReadOnlyList<RoomInvite> Invites { get; init; } = [];
    public IReadOnlyList<string> Left { get; init; } = [];

    public static SyncBatch Parse(JsonObject json)
    {
        var joined = new List<JoinedRoomUpdate>();
        if (json["rooms"]?["join"] is JsonObject join)
        {
            foreach (var (roomId, node) in join)
            {
                var timeline = node?["timeline"];
                joined.Add(new JoinedRoomUpdate
                {
                    RoomId = roomId,
                    Events = Events(timeline?["events"], roomId).ToList(),
                    State = Events(node?["state"]?["events"], roomId).ToList(),
                    Limited = timeline?["limited"] is JsonValue l && l.TryGetValue<bool>(out var b) && b,
                    PrevBatch = timeline?["prev_batch"]?.GetValue<string>(),
                });
            }
        }

        var invites = new List<RoomInvite>();
        if (json["rooms"]?["invite"] is JsonObject invite)
        {
            foreach (var (roomId, node) in invite)
            {
                var state = node?["invite_state"]?["events"] as JsonArray ?? [];
                var objects = state.OfType<JsonObject>().ToList();
                invites.Add(new RoomInvite(
                    roomId,
                    objects.FirstOrDefault(e => e["type"]?.GetValue<string>() == "m.room.member" && e["content"]?["membership"]?.GetValue<string>() == "invite")?["sender"]?.GetValue<string>(),
                    objects.Any(e => e["type"]?.GetValue<string>() == "m.room.encryption")));
            }
        }

        var left = json["rooms"]?["leave"] is JsonObject leave ? leave.Select(p => p.Key).ToList() : [];
        return new SyncBatch
        {
            NextBatch = json["next_batch"]?.GetValue<string>() ?? throw new InvalidDataException("the /sync response has no next_batch"),
            Joined = joined,
            Invites = invites,
            Left = left,
        };
    }

    internal static IEnumerable<MatrixEvent> Events(JsonNode? array, string roomId) =>
        (array as JsonArray ?? []).OfType<JsonObject>().Select(e => MatrixEvent.FromJson(e, roomId)).OfType<MatrixEvent>();
}

public sealed record JoinedRoomUpdate
{
    public required string RoomId { get; init; }
    public IReadOnlyList<MatrixEvent> Events { get; init; } = [];
    /// <summary>State from before the timeline (on a first sync, or after a gap).</summary>
    public IReadOnlyList<MatrixEvent> State { get; init; } = [];
    /// <summary>The server left out events between the last sync and these; fetch them from <see cref="PrevBatch"/> back.</summary>
    public bool Limited { get; init; }
    public string? PrevBatch { get; init; }
}

public sealed record RoomInvite(string RoomId, string? Inviter, bool Encrypted);
