using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>
/// Runs, their stages, and the process groups they started (so a crash never orphans one). Contract: as
/// <see cref="ITaskStore"/> (atomic, targeted writes, <see cref="Store.StoreException"/> failures), and runs are fenced:
/// <see cref="TryTakeOwnershipAsync"/> bumps the run's integer epoch, and every owner write carries the epoch it got:
/// <see cref="TransitionRunAsync"/> fails with <see cref="Store.StoreErrorCategory.Fenced"/> once another process has
/// taken the run, and <see cref="HeartbeatAsync"/> then answers <see cref="RunBeat.Owned"/> = false.
/// </summary>
public interface IRunStore
{
    /// <summary>
    /// Adds a run (owned by <see cref="RunRecord.Owner"/>, epoch 1) and, in the same transaction, counts it on its task
    /// (<see cref="TaskItem.Attempts"/> becomes at least the run's number). Returns the run as stored (read back).
    /// </summary>
    Task<RunRecord> AddRunAsync(RunRecord run, CancellationToken ct);

    Task<RunRecord?> GetRunAsync(string id, CancellationToken ct);

    /// <summary>Runs of a task, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsForTaskAsync(string taskId, CancellationToken ct);

    /// <summary>Most recent runs first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct);

    /// <summary>Runs not yet terminal (including interrupted and parked ones).</summary>
    Task<IReadOnlyList<RunRecord>> ListUnfinishedRunsAsync(CancellationToken ct);

    /// <summary>
    /// Takes ownership of a run if its owner is still <paramref name="expectedOwner"/> (null: it has none), bumping its
    /// epoch and moving its heartbeat to <paramref name="at"/> (taking a run renews its lease); returns the new epoch, or
    /// null if someone else got there first — also when that someone has already let go of it again, so two nodes that
    /// both saw a dead owner never both take its run over.
    /// </summary>
    Task<long?> TryTakeOwnershipAsync(string runId, RunOwner? expectedOwner, RunOwner newOwner, DateTimeOffset at, CancellationToken ct);

    /// <summary>Applies a fenced change and returns the run as stored; <see cref="IllegalTransitionException"/> for a change the table refuses.</summary>
    Task<RunRecord> TransitionRunAsync(RunChange change, CancellationToken ct);

    /// <summary>Asks the run's owner to stop it (anyone may; the owner notices at its next heartbeat). Never cleared.</summary>
    Task SetStopRequestedAsync(string runId, CancellationToken ct);

    /// <summary>
    /// The store's own clock when it is shared by several machines (PostgreSQL's <c>clock_timestamp()</c>), so that every
    /// node judges leases by one clock; null for a store on this machine, whose clock is this machine's.
    /// </summary>
    Task<DateTimeOffset?> ReadClockAsync(CancellationToken ct) => Task.FromResult<DateTimeOffset?>(null);

    /// <summary>Moves the heartbeat forward (never back) if <paramref name="epoch"/> still holds the run.</summary>
    Task<RunBeat> HeartbeatAsync(string runId, long epoch, DateTimeOffset at, CancellationToken ct);

    Task UpsertStageAsync(StageRecord stage, CancellationToken ct);

    /// <summary>The owner's stage write: stored only while the run still holds <paramref name="fence"/> (else <see cref="Store.StoreErrorCategory.Fenced"/>).</summary>
    Task UpsertStageAsync(StageRecord stage, long fence, CancellationToken ct);

    Task<IReadOnlyList<StageRecord>> ListStagesAsync(string runId, CancellationToken ct);

    /// <summary>
    /// Appends the next piece of a stage's raw log to the store's copy (so any node can read it), only while the run
    /// still holds <paramref name="fence"/> (else <see cref="Store.StoreErrorCategory.Fenced"/>).
    /// </summary>
    Task AppendStageLogAsync(string runId, string stage, string text, long fence, CancellationToken ct);

    /// <summary>The store's copy of a stage's raw log, its pieces joined in order; null when none was stored.</summary>
    Task<string?> ReadStageLogAsync(string runId, string stage, CancellationToken ct);

    /// <summary>
    /// Keeps a copy of one of the run's files (<c>manifest</c>, <c>result</c>) in the store, replacing the one before, only
    /// while the run still holds <paramref name="fence"/> — so a node that did not run it (syncing it, say) can read it.
    /// </summary>
    Task SaveRunDocumentAsync(string runId, string name, string json, long fence, CancellationToken ct);

    /// <summary>The store's copy of one of the run's files; null when none was kept.</summary>
    Task<string?> ReadRunDocumentAsync(string runId, string name, CancellationToken ct);

    /// <summary>Records a gate's result as a row (all attempts are kept, in order).</summary>
    Task AddGateResultAsync(string runId, GateResult result, CancellationToken ct);

    /// <summary>The owner's gate result: stored only while the run still holds <paramref name="fence"/> (else <see cref="Store.StoreErrorCategory.Fenced"/>).</summary>
    Task AddGateResultAsync(string runId, GateResult result, long fence, CancellationToken ct);

    /// <summary>Every gate result of the run, all attempts, in the order they were added.</summary>
    Task<IReadOnlyList<GateResult>> ListGateResultsAsync(string runId, CancellationToken ct);

    Task AddProcessGroupAsync(string runId, ProcessGroupRecord group, CancellationToken ct);

    Task RemoveProcessGroupAsync(string runId, int pgid, CancellationToken ct);

    Task<IReadOnlyList<ProcessGroupRecord>> ListProcessGroupsAsync(string runId, CancellationToken ct);
}
