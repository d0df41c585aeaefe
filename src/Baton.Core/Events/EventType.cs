using System.Text.Json.Serialization;

namespace Baton.Core.Events;

/// <summary>The closed set of event types. The wire name is the dotted form (<c>agent.command</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventType>))]
public enum EventType
{
    [JsonStringEnumMemberName("task.queued")] TaskQueued,
    [JsonStringEnumMemberName("task.state")] TaskState,
    [JsonStringEnumMemberName("run.started")] RunStarted,
    [JsonStringEnumMemberName("run.state")] RunState,
    [JsonStringEnumMemberName("run.heartbeat")] RunHeartbeat,
    [JsonStringEnumMemberName("run.finished")] RunFinished,
    [JsonStringEnumMemberName("workspace.ready")] WorkspaceReady,
    [JsonStringEnumMemberName("workspace.commit")] WorkspaceCommit,
    [JsonStringEnumMemberName("workspace.pushed")] WorkspacePushed,
    [JsonStringEnumMemberName("stage.started")] StageStarted,
    [JsonStringEnumMemberName("stage.retry")] StageRetry,
    [JsonStringEnumMemberName("stage.finished")] StageFinished,
    [JsonStringEnumMemberName("agent.session")] AgentSession,
    [JsonStringEnumMemberName("agent.message")] AgentMessage,
    [JsonStringEnumMemberName("agent.reasoning")] AgentReasoning,
    [JsonStringEnumMemberName("agent.command")] AgentCommand,
    [JsonStringEnumMemberName("agent.file_change")] AgentFileChange,
    [JsonStringEnumMemberName("agent.tool")] AgentTool,
    [JsonStringEnumMemberName("agent.usage")] AgentUsage,
    [JsonStringEnumMemberName("agent.error")] AgentError,
    [JsonStringEnumMemberName("agent.raw")] AgentRaw,
    [JsonStringEnumMemberName("gate.started")] GateStarted,
    [JsonStringEnumMemberName("gate.finished")] GateFinished,
    [JsonStringEnumMemberName("review.verdict")] ReviewVerdict,
    [JsonStringEnumMemberName("review.decision")] ReviewDecision,
    [JsonStringEnumMemberName("approval.requested")] ApprovalRequested,
    [JsonStringEnumMemberName("approval.answered")] ApprovalAnswered,
    [JsonStringEnumMemberName("recovery.action")] RecoveryAction,
    [JsonStringEnumMemberName("policy.violation")] PolicyViolation,
    [JsonStringEnumMemberName("policy.confirm")] PolicyConfirm,
    [JsonStringEnumMemberName("limit.exceeded")] LimitExceeded,
    [JsonStringEnumMemberName("budget.warning")] BudgetWarning,
    [JsonStringEnumMemberName("budget.exceeded")] BudgetExceeded,
    [JsonStringEnumMemberName("sync.attempt")] SyncAttempt,
    [JsonStringEnumMemberName("lease.acquired")] LeaseAcquired,
    [JsonStringEnumMemberName("lease.lost")] LeaseLost,
}
