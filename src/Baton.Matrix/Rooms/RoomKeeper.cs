using System.Text.Json.Nodes;
using Baton.Matrix.Client;

namespace Baton.Matrix.Rooms;

/// <summary>
/// Makes a room exist as specified, adopting what the homeserver already has: an alias in use means the room is there
/// (join it), so running twice or after losing local state creates nothing twice. Only what differs is changed; every
/// change is reported in words.
/// </summary>
public sealed class RoomKeeper(MatrixClient client, string serverName)
{
    /// <summary>State event marking a room as Baton's, so a reset can find its rooms even without local state.</summary>
    public const string MarkerType = "dev.baton.managed";

    public async Task<(string RoomId, IReadOnlyList<string> Changes)> EnsureAsync(RoomSpec spec, CancellationToken ct)
    {
        var changes = new List<string>();
        var alias = $"#{spec.Alias}:{serverName}";
        var roomId = await client.ResolveAliasAsync(alias, ct);
        if (roomId is null)
        {
            try
            {
                roomId = await client.CreateRoomAsync(CreateRequest(spec), ct);
                changes.Add($"created {(spec.IsSpace ? "space" : "room")} {alias}");
                changes.AddRange(Invitees(spec).Select(user => $"invited {user} to {alias}"));
            }
            catch (MatrixException ex) when (ex.ErrorCode == "M_ROOM_IN_USE")
            {
                // Someone made it between our lookup and our create: adopt theirs.
                roomId = await client.ResolveAliasAsync(alias, ct)
                    ?? throw new InvalidOperationException($"{alias} is reported in use but does not resolve", ex);
            }
        }

        var created = changes.Count > 0;
        if (!created)
        {
            if (!(await client.JoinedRoomsAsync(ct)).Contains(roomId))
            {
                await client.JoinAsync(roomId, ct);
                changes.Add($"adopted {alias} (joined)");
            }

            await EnsureStateAsync(roomId, "m.room.name", "", new JsonObject { ["name"] = spec.Name }, "name", alias, changes, ct);
            await EnsureStateAsync(roomId, "m.room.topic", "", new JsonObject { ["topic"] = spec.Topic }, "topic", alias, changes, ct);
            await EnsureStateAsync(roomId, MarkerType, "", Marker(spec), null, alias, changes, ct);
            if (spec.ParentSpaceId is { } parent)
            {
                await EnsureStateAsync(roomId, "m.space.parent", parent, ParentLink(), null, alias, changes, ct);
            }
        }

        if (spec.ParentSpaceId is { } space && (created || (await client.GetStateAsync(space, "m.space.child", roomId, ct))?["via"] is null))
        {
            await client.SetStateAsync(space, "m.space.child", roomId, new JsonObject { ["via"] = new JsonArray(serverName) }, ct);
            changes.Add($"linked {alias} under its space");
        }

        if (!created)
        {
            await InviteAsync(roomId, spec, alias, changes, ct);
        }

        return (roomId, changes);
    }

    private async Task EnsureStateAsync(string roomId, string type, string stateKey, JsonObject want, string? field, string alias, List<string> changes, CancellationToken ct)
    {
        var have = await client.GetStateAsync(roomId, type, stateKey, ct);
        var same = field is null ? have is not null && want.All(p => JsonNode.DeepEquals(have[p.Key], p.Value)) : have?[field]?.GetValue<string>() == want[field]!.GetValue<string>();
        if (!same)
        {
            await client.SetStateAsync(roomId, type, stateKey, want, ct);
            changes.Add($"set {type} of {alias}");
        }
    }

    private async Task InviteAsync(string roomId, RoomSpec spec, string alias, List<string> changes, CancellationToken ct)
    {
        if (spec.Members.Count == 0)
        {
            return;
        }

        var memberships = await client.MembershipsAsync(roomId, ct);
        foreach (var user in Invitees(spec))
        {
            var state = memberships.GetValueOrDefault(user);
            if (state is "join" or "invite" or "ban")
            {
                continue;
            }

            await client.InviteAsync(roomId, user, ct);
            changes.Add($"invited {user} to {alias}");
        }
    }

    private JsonObject CreateRequest(RoomSpec spec)
    {
        var initial = new JsonArray
        {
            (JsonNode)new JsonObject { ["type"] = MarkerType, ["state_key"] = "", ["content"] = Marker(spec) },
            (JsonNode)new JsonObject { ["type"] = "m.room.history_visibility", ["state_key"] = "", ["content"] = new JsonObject { ["history_visibility"] = "shared" } },
        };
        if (spec.ParentSpaceId is { } parent)
        {
            initial.Add((JsonNode)new JsonObject { ["type"] = "m.space.parent", ["state_key"] = parent, ["content"] = ParentLink() });
        }

        var request = new JsonObject
        {
            ["preset"] = "private_chat",
            ["room_alias_name"] = spec.Alias,
            ["name"] = spec.Name,
            ["topic"] = spec.Topic,
            ["initial_state"] = initial,
            // A new room's members are invited with its creation (one call); an adopted room's are checked and invited after.
            ["invite"] = new JsonArray(Invitees(spec).Select(u => (JsonNode)u).ToArray()),
        };
        if (spec.IsSpace)
        {
            request["creation_content"] = new JsonObject { ["type"] = "m.space" };
            request["power_level_content_override"] = new JsonObject { ["events_default"] = 100 };
        }

        return request;
    }

    private IEnumerable<string> Invitees(RoomSpec spec) => spec.Members.Where(u => u != client.UserId).Distinct(StringComparer.Ordinal);

    private static JsonObject Marker(RoomSpec spec) => new() { ["kind"] = spec.Kind.ToString().ToLowerInvariant(), ["key"] = spec.Key };

    private JsonObject ParentLink() => new() { ["via"] = new JsonArray(serverName), ["canonical"] = true };
}
