using Baton.Core.Events;

namespace Baton.Core.Model;

/// <summary>
/// Who produces each state, reason and event type of spec §3/§7: this build, or the issue that will. A test
/// (<c>StateCatalogTests</c>) keeps it honest: every value marked <see cref="Produced"/> is written somewhere in the
/// engine, store or surfaces, and every name in the spec is either produced or owned.
/// </summary>
public static class StateCatalog
{
    public const string Produced = "produced";
    public const string Oversight = "oversight (review, approval, safety, budgets)";
    public const string Window = "the window (HTTP API, dashboard, run sync)";
    public const string Unused = "not used: a task stays running while its run gates (spec §3 marks it optional)";

    public static string Owner(TaskState state) => state switch
    {
        TaskState.Queued or TaskState.Waiting or TaskState.Running or TaskState.Paused or TaskState.Succeeded
            or TaskState.Failed or TaskState.Cancelled or TaskState.Escalated or TaskState.NeedsInput => Produced,
        TaskState.Gating => Unused,
    };

    public static string Owner(RunState state) => state switch
    {
        RunState.Preparing or RunState.Running or RunState.Gating or RunState.Interrupted or RunState.Succeeded
            or RunState.Failed or RunState.Stopped or RunState.NeedsInput or RunState.Reviewing => Produced,
    };

    public static string Owner(RunReason reason) => reason switch
    {
        RunReason.GatesPassed or RunReason.GateFailed or RunReason.AgentFailed or RunReason.StageFailed
            or RunReason.BootstrapFailed or RunReason.WorkspaceFailed or RunReason.Timeout or RunReason.Stopped
            or RunReason.Interrupted or RunReason.Escalated or RunReason.InternalError or RunReason.ApprovalDenied
            or RunReason.WaitingForPerson or RunReason.ReviewBlocked or RunReason.BudgetExceeded
            or RunReason.PolicyViolation or RunReason.LimitExceeded or RunReason.Lost => Produced,
    };

    public static string Owner(EventType type) => type switch
    {
        EventType.TaskQueued or EventType.TaskState or EventType.RunStarted or EventType.RunState or EventType.RunHeartbeat
            or EventType.RunFinished or EventType.WorkspaceReady or EventType.WorkspaceCommit or EventType.WorkspacePushed or EventType.StageStarted
            or EventType.StageRetry or EventType.StageFinished or EventType.AgentSession or EventType.AgentMessage
            or EventType.AgentReasoning or EventType.AgentCommand or EventType.AgentFileChange or EventType.AgentTool
            or EventType.AgentUsage or EventType.AgentError or EventType.AgentRaw or EventType.GateStarted
            or EventType.GateFinished or EventType.RecoveryAction or EventType.PolicyViolation or EventType.SyncAttempt
            or EventType.ApprovalRequested or EventType.ApprovalAnswered or EventType.ReviewVerdict or EventType.ReviewDecision
            or EventType.BudgetWarning or EventType.BudgetExceeded or EventType.PolicyConfirm
            or EventType.LimitExceeded or EventType.LeaseAcquired or EventType.LeaseLost => Produced,
    };

    /// <summary>Event types the spec names that this build has no member for yet, with the work that will add them.</summary>
    public static IReadOnlyDictionary<string, string> Planned { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
