using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>
/// The task queue. Contract (every store passes the conformance suite in <c>tests/Baton.Store.Tests/Conformance</c>):
/// <list type="bullet">
/// <item>Every method is one atomic transaction: nothing is half-written, and a failure changes nothing.</item>
/// <item>Every state change of a task is checked against <see cref="TaskTransitions"/> (an illegal one throws
/// <see cref="IllegalTransitionException"/> and changes nothing) and appends a task event (<c>task.queued</c>,
/// <c>task.state</c>, no run, no seq) in the same transaction, so the feed shows every change exactly once.</item>
/// <item>Writes are targeted: a change names the columns it sets and, where it matters, the states it expects
/// (compare-and-set); no method writes a whole record over what another writer stored.</item>
/// <item>Failures are <see cref="Store.StoreException"/>s whose category says whether a retry can help.</item>
/// </list>
/// </summary>
public interface ITaskStore
{
    /// <summary>
    /// Adds the task and its <c>task.queued</c> event — unless its <see cref="TaskItem.ExternalKey"/> is already known,
    /// in which case the stored task is returned and nothing is added. An id already taken is a
    /// <see cref="Store.StoreErrorCategory.Conflict"/>.
    /// </summary>
    Task<TaskAdded> AddTaskAsync(TaskItem task, Actor by, CancellationToken ct);

    Task<TaskItem?> GetTaskAsync(string id, CancellationToken ct);

    Task<TaskItem?> FindTaskByExternalKeyAsync(string externalKey, CancellationToken ct);

    /// <summary>Tasks in queue order (oldest first), optionally only those in the given states.</summary>
    Task<IReadOnlyList<TaskItem>> ListTasksAsync(TaskQuery query, CancellationToken ct);

    /// <summary>
    /// Applies a state change. Returns null (and changes nothing) when <see cref="TaskChange.Expected"/> is given and the
    /// task is not in one of those states; throws <see cref="KeyNotFoundException"/> for an unknown task.
    /// </summary>
    Task<TaskTransition?> TransitionTaskAsync(TaskChange change, CancellationToken ct);

    /// <summary>
    /// Takes the best ready task (queued or waiting past its back-off, every dependency succeeded; priority, then age),
    /// moves it to running with <paramref name="claimer"/> recorded as its <see cref="TaskItem.Claim"/> (at
    /// <paramref name="now"/>) and returns it with its event; null when none is ready. Two callers never get the same task.
    /// </summary>
    Task<TaskTransition?> ClaimNextTaskAsync(RunOwner claimer, DateTimeOffset now, CancellationToken ct);

    /// <summary>Fails every waiting/queued task with a dependency that can no longer succeed (repeatedly, so chains fail too).</summary>
    Task<IReadOnlyList<TaskTransition>> FailBlockedTasksAsync(DateTimeOffset now, CancellationToken ct);
}
