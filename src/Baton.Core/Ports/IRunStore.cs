using Baton.Core.Model;

namespace Baton.Core.Ports;

/// <summary>Runs, their stages, and the process groups they started (so a crash never orphans one).</summary>
public interface IRunStore
{
    Task AddRunAsync(RunRecord run, CancellationToken ct);

    Task<RunRecord?> GetRunAsync(string id, CancellationToken ct);

    /// <summary>Runs of a task, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsForTaskAsync(string taskId, CancellationToken ct);

    /// <summary>Most recent runs first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct);

    /// <summary>Runs not yet terminal (including interrupted ones).</summary>
    Task<IReadOnlyList<RunRecord>> ListUnfinishedRunsAsync(CancellationToken ct);

    Task UpdateRunAsync(RunRecord run, CancellationToken ct);

    /// <summary>
    /// Takes ownership of a run if it has no owner or its owner is <paramref name="expectedOwner"/>; false if someone else got there first.
    /// </summary>
    Task<bool> TryTakeOwnershipAsync(string runId, RunOwner? expectedOwner, RunOwner newOwner, CancellationToken ct);

    Task SetStopRequestedAsync(string runId, CancellationToken ct);

    Task HeartbeatAsync(string runId, DateTimeOffset at, CancellationToken ct);

    Task UpsertStageAsync(StageRecord stage, CancellationToken ct);

    Task<IReadOnlyList<StageRecord>> ListStagesAsync(string runId, CancellationToken ct);

    Task AddProcessGroupAsync(string runId, ProcessGroupRecord group, CancellationToken ct);

    Task RemoveProcessGroupAsync(string runId, int pgid, CancellationToken ct);

    Task<IReadOnlyList<ProcessGroupRecord>> ListProcessGroupsAsync(string runId, CancellationToken ct);
}
