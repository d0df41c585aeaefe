using Baton.Core.Model;

namespace Baton.Web;

/// <summary>A page of tasks, newest first, each with its latest run; <see cref="Position"/> is the feed's last position
/// before the read, so a client that follows <c>/api/v1/events?after=Position</c> misses no change. <see cref="Waiting"/>
/// is every question waiting for a person, oldest first (what <c>baton status</c> lists): parked runs' and the commands
/// agents of running runs wait on.</summary>
public sealed record TaskList(IReadOnlyList<TaskRow> Tasks, long Position, bool QueuePaused, IReadOnlyList<ApprovalRecord> Waiting);

public sealed record TaskRow(TaskItem Task, RunRecord? LastRun, Usage Usage);

/// <summary>Tokens and cost summed over every <c>agent.usage</c> event of a task's runs.</summary>
public sealed record Usage(long InputTokens, long OutputTokens, decimal CostUsd);

public sealed record TaskDetail(TaskItem Task, IReadOnlyList<RunRecord> Runs, long Position);

/// <summary>A submitted task: <see cref="Created"/> is false when the same <c>Idempotency-Key</c> was submitted before.</summary>
public sealed record TaskAccepted(TaskItem Task, bool Created);

/// <summary>A run with its stages and gate results; <see cref="Position"/> as in <see cref="TaskList"/>.</summary>
public sealed record RunDetail(RunRecord Run, IReadOnlyList<StageRecord> Stages, IReadOnlyList<GateResult> Gates, long Position);

/// <summary>A run after a stop request: <see cref="Stopped"/> false means it is still winding down.</summary>
public sealed record StopAnswer(RunRecord Run, bool Stopped);

public sealed record QueueState(bool Paused);

public sealed record Health(string Status, string Version);

public sealed record ContinueRequest(string? Prompt);

public sealed record DenyRequest(string? ApprovalId, string? Reason);

public sealed record ApproveRequest(string? ApprovalId);

public sealed record AnswerRequest(string? Text);

public sealed record MergeRequest(bool Squash);
