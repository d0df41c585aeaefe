using System.Text.Json.Serialization;
using Baton.Core.Model;
using Baton.Core.Text;
using Baton.Engine.Execution;

namespace Baton.Cli.Output;

/// <summary>
/// Source-generated JSON for everything <c>--format json</c> prints (no reflection: it works compiled ahead of time).
/// Every result shape is a named record below; the wire names are snake_case.
/// </summary>
[JsonSerializable(typeof(TaskItem))]
[JsonSerializable(typeof(IReadOnlyList<Baton.Core.Reviews.ReviewVerdictRecord>))]
[JsonSerializable(typeof(IReadOnlyList<TaskItem>))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(TaskDetail))]
[JsonSerializable(typeof(RunDetail))]
[JsonSerializable(typeof(TaskCancelled))]
[JsonSerializable(typeof(Detached))]
[JsonSerializable(typeof(RunSummaryResult))]
[JsonSerializable(typeof(QueueResult))]
[JsonSerializable(typeof(IReadOnlyList<Baton.Core.Nodes.NodeSummary>))]
[JsonSerializable(typeof(QueueState))]
[JsonSerializable(typeof(SyncResult))]
[JsonSerializable(typeof(InitResult))]
[JsonSerializable(typeof(IReadOnlyList<DoctorCheck>))]
[JsonSerializable(typeof(ReconcileResult))]
[JsonSerializable(typeof(ResetResult))]
[JsonSerializable(typeof(ErrorResult))]
[JsonSerializable(typeof(IReadOnlyList<Baton.Core.Ports.SyncItem>))]
[JsonSerializable(typeof(Baton.Core.Metrics.MetricsSummary))]
[JsonSerializable(typeof(Baton.Core.Workspaces.BranchDiff))]
[JsonSerializable(typeof(Baton.Core.Workspaces.MergeOutcome))]
public sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>Indented: one document on stdout, meant for scripts and still readable.</summary>
    public static CliJson Output { get; } = new(BatonJson.NewOptions(indented: true));
}

public sealed record TaskDetail(TaskItem Task, IReadOnlyList<RunRecord> Runs);

public sealed record RunDetail(RunRecord Run, TaskItem? Task, IReadOnlyList<StageRecord> Stages);

public sealed record TaskCancelled(string TaskId, TaskState State);

public sealed record Detached(string TaskId, int WorkerPid);

public sealed record RunSummaryResult(
    string TaskId, string RunId, RunState State, RunReason Reason, string? Message, string? Branch, string? Workspace,
    IReadOnlyList<StageRecord> Stages, string RunDir);

public sealed record QueueResult(int Succeeded, int Failed, int Waiting, bool Interrupted, string? StoppedBecause, IReadOnlyList<RunOutcome> Runs);

public sealed record QueueState(bool Paused);

public sealed record SyncItemResult(string Action, string Title, string? TaskId, TaskState? State);

public sealed record SyncResult(string File, bool Applied, IReadOnlyList<SyncItemResult> Items);

public sealed record InitResult(string Path, IReadOnlyList<string> Agents, IReadOnlyList<string> Gates, string DefaultBranch, string? IgnoredIn);

public sealed record DoctorCheck(string Name, string Status, string Detail, string? Fix = null);

public sealed record RoomResult(string RoomId, string Kind, string Key);

public sealed record ReconcileResult(IReadOnlyList<string> Changes, IReadOnlyList<RoomResult> Rooms);

public sealed record ResetResult(string Mode, bool DryRun, IReadOnlyList<string> Actions);

public sealed record ErrorDetail(string Message, IReadOnlyList<string> Details, int ExitCode);

public sealed record ErrorResult(ErrorDetail Error);
