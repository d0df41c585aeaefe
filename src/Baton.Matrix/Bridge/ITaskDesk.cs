using Baton.Core.Model;

namespace Baton.Matrix.Bridge;

/// <summary>
/// What the chat bridge may ask of the rest of Baton (the composition root implements it over the engine), so the bridge
/// knows nothing of processes, git or the scheduler. Every answer is a sentence fit for the room.
/// </summary>
public interface ITaskDesk
{
    /// <summary>
    /// Queues a task from chat, once per <see cref="ChatTaskRequest.ExternalKey"/> (a second call returns the first task).
    /// Throws <see cref="InvalidOperationException"/> with a sentence for the room when the request can't be taken.
    /// </summary>
    Task<TaskItem> SubmitAsync(ChatTaskRequest request, CancellationToken ct);

    /// <summary>Queues a task from <c>!task {json}</c>; on bad input nothing is queued and the errors name the fields.</summary>
    Task<(TaskItem? Task, IReadOnlyList<string> Errors)> SubmitJsonAsync(string json, string requester, string externalKey, CancellationToken ct);

    /// <summary>Another turn in the task's agent session with a new prompt (a new run of the same task, same workspace).</summary>
    Task<string> ContinueAsync(string taskId, string prompt, string requester, CancellationToken ct);

    /// <summary>Forgets the task's agent sessions, so the next turn starts a fresh conversation.</summary>
    Task<string> NewSessionAsync(string taskId, CancellationToken ct);

    Task<string> StopAsync(string taskId, CancellationToken ct);

    Task<string> RetryAsync(string taskId, CancellationToken ct);
}
