using Baton.Core.Text;

namespace Baton.Core.Model;

/// <summary>
/// The one table of task state changes (spec §3). Every writer of a task's state goes through it: the store refuses a
/// change it does not list, naming both states. A finished task may go back to the queue (retry, another turn).
/// </summary>
public static class TaskTransitions
{
    private static readonly TaskState[] Reopen = [TaskState.Queued, TaskState.Running];

    public static IReadOnlyList<TaskState> From(TaskState state) => state switch
    {
        TaskState.Queued => [TaskState.Running, TaskState.Waiting, TaskState.Cancelled, TaskState.Failed],
        TaskState.Waiting => [TaskState.Running, TaskState.Queued, TaskState.Cancelled, TaskState.Failed],
        TaskState.Running =>
        [
            TaskState.Gating, TaskState.Succeeded, TaskState.Failed, TaskState.Cancelled, TaskState.Escalated,
            TaskState.Waiting, TaskState.Paused, TaskState.NeedsInput, TaskState.Queued,
        ],
        TaskState.Gating =>
        [
            TaskState.Running, TaskState.Succeeded, TaskState.Failed, TaskState.Cancelled, TaskState.Escalated,
            TaskState.Waiting, TaskState.Paused, TaskState.NeedsInput,
        ],
        TaskState.Paused => [TaskState.Running, TaskState.Queued, TaskState.Cancelled, TaskState.Failed],
        TaskState.NeedsInput =>
            [TaskState.Running, TaskState.Queued, TaskState.Succeeded, TaskState.Failed, TaskState.Cancelled, TaskState.Escalated],
        TaskState.Escalated => [.. Reopen, TaskState.Cancelled],
        TaskState.Succeeded or TaskState.Failed or TaskState.Cancelled => Reopen,
    };

    public static bool IsAllowed(TaskState from, TaskState to) => From(from).Contains(to);

    /// <exception cref="IllegalTransitionException">The table does not allow the change.</exception>
    public static void Check(string taskId, TaskState from, TaskState to)
    {
        if (!IsAllowed(from, to))
        {
            throw new IllegalTransitionException(
                $"task {taskId} cannot go from {from.WireName()} to {to.WireName()}" +
                $" (from {from.WireName()} it may go to: {string.Join(", ", From(from).Select(s => s.WireName()))})");
        }
    }
}
