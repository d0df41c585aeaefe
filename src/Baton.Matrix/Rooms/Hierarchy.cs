using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Ports;
using Baton.Matrix.Client;

namespace Baton.Matrix.Rooms;

/// <summary>
/// The rooms Baton keeps: workspace space <c>#key</c> → a space per project <c>#key.project</c> → its lobby
/// <c>#key.project.lobby</c>, members invited; and the configured control room joined. Records them as chat rooms.
/// Running it again changes nothing; after local state is lost it adopts everything by alias.
/// </summary>
public sealed class Hierarchy(MatrixClient client, IChatStateStore state, MatrixConfig config, IReadOnlyList<string> projects, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> ReconcileAsync(CancellationToken ct)
    {
        var keeper = new RoomKeeper(client, config.ServerName);
        var changes = new List<string>();
        var ws = config.Workspace;
        var members = ws.Members;
        var top = await EnsureAsync(keeper, new RoomSpec
        {
            Alias = ws.AliasKey,
            Name = ws.Name,
            Topic = "Baton: one space per project, a lobby in each",
            IsSpace = true,
            Members = members,
            Kind = ChatRoomKind.Workspace,
            Key = ws.AliasKey,
        }, null, changes, ct);
        foreach (var project in projects)
        {
            var key = $"{ws.AliasKey}.{MatrixNames.Slug(project)}";
            var space = await EnsureAsync(keeper, new RoomSpec
            {
                Alias = key,
                Name = project,
                Topic = $"Project {project}: its lobby and one room per task",
                IsSpace = true,
                ParentSpaceId = top,
                Members = members,
                Kind = ChatRoomKind.Project,
                Key = key,
            }, project, changes, ct);
            await EnsureAsync(keeper, new RoomSpec
            {
                Alias = key + ".lobby",
                Name = $"{project} lobby",
                Topic = $"Write what you want done in {project}; Baton opens a room for each task.",
                ParentSpaceId = space,
                Members = members,
                Kind = ChatRoomKind.Lobby,
                Key = key + ".lobby",
            }, project, changes, ct);
        }

        if (config.ControlRoom is { } control)
        {
            await JoinControlAsync(control, changes, ct);
        }

        return changes;
    }

    /// <summary>The project space's room id (task rooms go under it), or null when the hierarchy has not been made.</summary>
    public async Task<string?> ProjectSpaceAsync(string project, CancellationToken ct) =>
        (await state.FindChatRoomAsync(ChatRoomKind.Project, $"{config.Workspace.AliasKey}.{MatrixNames.Slug(project)}", ct))?.RoomId;

    private async Task<string> EnsureAsync(RoomKeeper keeper, RoomSpec spec, string? project, List<string> changes, CancellationToken ct)
    {
        var (roomId, made) = await keeper.EnsureAsync(spec, ct);
        changes.AddRange(made);
        var known = await state.GetChatRoomAsync(roomId, ct);
        if (known is null || known.Kind != spec.Kind || known.Key != spec.Key)
        {
            await state.SaveChatRoomAsync(new ChatRoom { RoomId = roomId, Kind = spec.Kind, Key = spec.Key, Project = project, CreatedAt = time.GetUtcNow() }, ct);
        }

        return roomId;
    }

    private async Task JoinControlAsync(string control, List<string> changes, CancellationToken ct)
    {
        var roomId = control.StartsWith('#') ? await client.ResolveAliasAsync(control, ct) : control;
        if (roomId is null)
        {
            throw new MatrixException(System.Net.HttpStatusCode.NotFound, "M_NOT_FOUND",
                $"matrix.control_room {control} does not exist; create it and invite {client.UserId}, or remove control_room");
        }

        if (!(await client.JoinedRoomsAsync(ct)).Contains(roomId))
        {
            await client.JoinAsync(roomId, ct);
            changes.Add($"joined the control room {control}");
        }

        if (await state.GetChatRoomAsync(roomId, ct) is null)
        {
            await state.SaveChatRoomAsync(new ChatRoom { RoomId = roomId, Kind = ChatRoomKind.Control, Key = control, CreatedAt = time.GetUtcNow() }, ct);
        }
    }
}
