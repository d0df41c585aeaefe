using Microsoft.Extensions.Logging;

namespace Baton.Engine.Logging;

/// <summary>The engine's log entries (event ids 2000–2099), source-generated: nothing is formatted unless written.</summary>
internal static partial class EngineLog
{
    public const string Category = "Baton.Engine";

    [LoggerMessage(2000, LogLevel.Information, "run {RunId} of task {TaskId} started (pipeline {Pipeline}, attempt {Attempt})")]
    public static partial void RunStarted(ILogger logger, string runId, string taskId, string pipeline, int attempt);

    [LoggerMessage(2001, LogLevel.Information, "run {RunId} ended {State}: {Reason}")]
    public static partial void RunEnded(ILogger logger, string runId, string state, string reason);

    [LoggerMessage(2002, LogLevel.Error, "run {RunId} failed with an internal error")]
    public static partial void RunCrashed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(2003, LogLevel.Error, "run {RunId}: stage {Stage} could not run")]
    public static partial void StageCrashed(ILogger logger, string runId, string stage, Exception exception);

    [LoggerMessage(2004, LogLevel.Error, "run {RunId}: gate `{Gate}` could not run")]
    public static partial void GateCrashed(ILogger logger, string runId, string gate, Exception exception);

    [LoggerMessage(2005, LogLevel.Warning, "run {RunId}: the heartbeat could not be written; trying again each tick")]
    public static partial void HeartbeatFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(2006, LogLevel.Information, "run {RunId}: the heartbeat is written again")]
    public static partial void HeartbeatRecovered(ILogger logger, string runId);

    [LoggerMessage(2007, LogLevel.Error, "run {RunId}: events could not be written; the run fails on its next flush")]
    public static partial void JournalFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(2008, LogLevel.Warning, "workspace {Path} could not be removed; the next sweep tries again")]
    public static partial void JanitorFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(2009, LogLevel.Error, "sync: a pass failed; trying again")]
    public static partial void SyncPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(2011, LogLevel.Error, "sync: run {RunId}: its manifest or result cannot be read")]
    public static partial void SyncRunUnreadable(ILogger logger, string runId, Exception exception);

    [LoggerMessage(2012, LogLevel.Warning, "sync: run {RunId}, attempt {Attempt}: {Error}; next attempt at {Next}")]
    public static partial void SyncAttemptFailed(ILogger logger, string runId, int attempt, string error, DateTimeOffset? next);

    [LoggerMessage(2013, LogLevel.Warning, "run {RunId}: policy.limits are set but not enforced: {Why}")]
    public static partial void LimitsUnenforced(ILogger logger, string runId, string why);

    [LoggerMessage(2014, LogLevel.Error, "run {RunId}: reading its limits' counters failed")]
    public static partial void LimitsUnreadable(ILogger logger, string runId, Exception exception);

    [LoggerMessage(2015, LogLevel.Warning, "run {RunId}: this node lost its lease ({Why}); its processes end and it writes nothing more")]
    public static partial void LeaseLost(ILogger logger, string runId, string why);

    [LoggerMessage(2016, LogLevel.Warning, "run {RunId}: taken over from node {Node}, which is gone or stopped renewing its lease (last heartbeat {LastHeartbeat})")]
    public static partial void LeaseTakenOver(ILogger logger, string runId, string node, DateTimeOffset? lastHeartbeat);

    [LoggerMessage(2017, LogLevel.Warning, "run {RunId}: pushing {Branch} failed (try {Try}); trying again")]
    public static partial void PushRetried(ILogger logger, string runId, string branch, int @try, Exception exception);

    [LoggerMessage(2018, LogLevel.Error, "run {RunId}: the last push of {Branch} failed; the branch stays on this node until a later push")]
    public static partial void FinalPushFailed(ILogger logger, string runId, string branch, Exception exception);

    [LoggerMessage(2019, LogLevel.Error, "run {RunId}: the store failed under the run; it is handed back to resume from its last finished stage")]
    public static partial void StoreOutage(ILogger logger, string runId, Exception exception);

    [LoggerMessage(2020, LogLevel.Warning, "this machine's clock is {Seconds:0.0} s off the shared store's; leases and event times follow the store's clock")]
    public static partial void ClockOffset(ILogger logger, double seconds);

    [LoggerMessage(2021, LogLevel.Warning, "reading the shared store's clock failed; leases go on by the last offset measured")]
    public static partial void ClockReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(2022, LogLevel.Warning, "run {RunId}: storing a copy of stage {Stage}'s log failed; the log stays whole in its file on this node")]
    public static partial void StageLogCopyFailed(ILogger logger, string runId, string stage, Exception exception);

    [LoggerMessage(2032, LogLevel.Error, "a run's work ended with an error the run could not record (the queue goes on; recovery looks at the run)")]
    public static partial void RunWorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(2023, LogLevel.Error, "the queue's store call failed; it looks again in a second (runs in flight go on)")]
    public static partial void QueueStoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(2024, LogLevel.Information, "retention: {Events} store event(s) of runs that ended before {EventsBefore} deleted (their files keep them); {Dirs} run director(ies) removed")]
    public static partial void RetentionSwept(ILogger logger, int events, DateTimeOffset? eventsBefore, int dirs);

    [LoggerMessage(2025, LogLevel.Warning, "run directory {Path} could not be removed; the next sweep tries again")]
    public static partial void RunDirectoryNotRemoved(ILogger logger, string path, Exception exception);

    [LoggerMessage(2028, LogLevel.Information, "janitor: {Count} task branch(es) of finished tasks deleted in {Repo} (retention.merged_branches / abandoned_branches): {Branches}")]
    public static partial void BranchesDeleted(ILogger logger, int count, string repo, string branches);

    [LoggerMessage(2029, LogLevel.Information, "janitor: {Count} task branch(es) of finished tasks deleted on the remote of {Clone} (retention.merged_branches / abandoned_branches): {Branches}")]
    public static partial void RemoteBranchesDeleted(ILogger logger, int count, string clone, string branches);

    [LoggerMessage(2030, LogLevel.Information, "janitor: task branch(es) kept on the remote of {Clone}, moved there since they were judged (new work pushed); the next sweep judges them again: {Branches}")]
    public static partial void RemoteBranchesMoved(ILogger logger, string clone, string branches);

    [LoggerMessage(2031, LogLevel.Warning, "janitor: task branches of {Repo} could not be swept; the next sweep tries again")]
    public static partial void BranchSweepFailed(ILogger logger, string repo, Exception exception);

    [LoggerMessage(2027, LogLevel.Warning, "run {RunId}: storing a copy of its {Name} failed; the file stays on this node, and a sync from another node sends it as null")]
    public static partial void RunDocumentCopyFailed(ILogger logger, string runId, string name, Exception exception);

    [LoggerMessage(2026, LogLevel.Error, "run {RunId}: the review of its stalled stage {Stage} failed; the run goes on and is looked at again after the next quiet period")]
    public static partial void StallReviewFailed(ILogger logger, string runId, string stage, Exception exception);

    [LoggerMessage(2040, LogLevel.Information, "{Name}: this node ({Holder}) took the lease (epoch {Epoch}) and runs it")]
    public static partial void LeadershipTaken(ILogger logger, string name, string holder, long epoch);

    [LoggerMessage(2041, LogLevel.Warning, "{Name}: this node ({Holder}) lost the lease (epoch {Epoch}): {Why}; it stopped at once and tries to take it again")]
    public static partial void LeadershipLost(ILogger logger, string name, string holder, long epoch, string why);

    [LoggerMessage(2042, LogLevel.Information, "{Name}: this node ({Holder}) released the lease (epoch {Epoch}) for another node to take at once")]
    public static partial void LeadershipReleased(ILogger logger, string name, string holder, long epoch);

    [LoggerMessage(2043, LogLevel.Warning, "{Name}: the lease could not be taken, renewed or released; trying again")]
    public static partial void LeaseStoreFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(2044, LogLevel.Error, "{Name}: the work failed while this node stopped it after losing the lease")]
    public static partial void LeadershipWorkFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(2045, LogLevel.Information, "{Name}: node {Holder} holds the lease; this node takes it if that one stops renewing it")]
    public static partial void LeadershipElsewhere(ILogger logger, string name, string holder);
}
