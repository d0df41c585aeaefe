using Baton.Core.Chat;
using Baton.Core.Ports;
using Baton.Matrix.Client;

namespace Baton.Matrix.Rooms;

/// <summary>
/// <c>baton matrix reset</c>: <c>local-only</c> forgets Baton's Matrix state (rooms, sync token, handled events, outbox);
/// <c>server-leave-forget</c> first removes the aliases Baton set, leaves and forgets every room it manages — those in
/// the store and any joined room carrying its marker, so it works after a local reset too. A dry run changes nothing.
/// </summary>
public sealed class MatrixReset(IChatStateStore state)
{
    public async Task<IReadOnlyList<string>> LocalAsync(bool dryRun, CancellationToken ct)
    {
        var rooms = await state.ListChatRoomsAsync(ct);
        var pending = await state.PendingChatAsync(100_000, ct);
        var action = $"forget the local Matrix state: {rooms.Count} room(s), the sync position, handled events, {pending.Count} unsent message(s)";
        if (!dryRun)
        {
            await state.ForgetChatStateAsync(ct);
        }

        return [action];
    }

    public async Task<IReadOnlyList<string>> ServerAsync(MatrixClient client, bool dryRun, CancellationToken ct)
    {
        var actions = new List<string>();
        foreach (var roomId in await ManagedRoomsAsync(client, ct))
        {
            var alias = (await client.GetStateAsync(roomId, "m.room.canonical_alias", "", ct))?["alias"]?.GetValue<string>();
            actions.Add($"leave and forget {alias ?? roomId}{(alias is null ? "" : $" ({roomId}), removing its alias")}");
            if (dryRun)
            {
                continue;
            }

            if (alias is not null)
            {
                try
                {
                    await client.DeleteAliasAsync(alias, ct);
                }
                catch (MatrixException ex) when (ex.IsNotFound || ex.Status == System.Net.HttpStatusCode.Forbidden)
                {
                    // Gone already, or someone else's: leaving still takes Baton out.
                }
            }

            await client.LeaveAsync(roomId, ct);
            await client.ForgetAsync(roomId, ct);
        }

        actions.AddRange(await LocalAsync(dryRun, ct));
        return actions;
    }

    /// <summary>Rooms Baton made (not the control room, which a person made): in the store or marked, and joined.</summary>
    private async Task<IReadOnlyList<string>> ManagedRoomsAsync(MatrixClient client, CancellationToken ct)
    {
        var joined = await client.JoinedRoomsAsync(ct);
        var known = (await state.ListChatRoomsAsync(ct)).Where(r => r.Kind != ChatRoomKind.Control).Select(r => r.RoomId).ToHashSet(StringComparer.Ordinal);
        var managed = new List<string>();
        foreach (var roomId in joined)
        {
            if (known.Contains(roomId) || await client.GetStateAsync(roomId, RoomKeeper.MarkerType, "", ct) is not null)
            {
                managed.Add(roomId);
            }
        }

        return managed;
    }
}
