using Baton.Core.Model;

namespace Baton.Matrix.Bridge;

/// <summary>Makes (or, when it already exists, adopts) a task's room under its project's space, with members invited.</summary>
public interface ITaskRoomOpener
{
    /// <returns>The room id. Idempotent: the room's alias comes from the task id.</returns>
    Task<string> OpenAsync(TaskItem task, string project, IReadOnlyList<string> members, CancellationToken ct);
}
