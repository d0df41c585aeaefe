using Baton.Core.Chat;
using Baton.Core.Config;
using Baton.Core.Model;
using Baton.Matrix.Client;
using Baton.Matrix.Rooms;

namespace Baton.Matrix.Bridge;

/// <summary>Task rooms as <c>#key.project.t-&lt;task&gt;</c> under the project's space, made once per task.</summary>
public sealed class TaskRoomOpener(MatrixClient client, MatrixConfig config, Hierarchy hierarchy) : ITaskRoomOpener
{
    public async Task<string> OpenAsync(TaskItem task, string project, IReadOnlyList<string> members, CancellationToken ct)
    {
        var alias = $"{config.Workspace.AliasKey}.{MatrixNames.Slug(project)}.{task.Id.ToLowerInvariant()}";
        var (roomId, _) = await new RoomKeeper(client, config.ServerName).EnsureAsync(new RoomSpec
        {
            Alias = alias,
            Name = ChatContent.Line(task.Title, 60),
            Topic = $"Task {task.Id}: {ChatContent.Line(task.Prompt, 200)}",
            ParentSpaceId = await hierarchy.ProjectSpaceAsync(project, ct),
            Members = members,
            Kind = ChatRoomKind.Task,
            Key = task.Id,
        }, ct);
        return roomId;
    }
}
